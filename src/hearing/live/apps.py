from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "hearing.live"
    label = "live"
    verbose_name = _("Live-Interaktion")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from hearing.hearings.models import AgendaItem
        from hearing.hearings.signals import live_state_changed
        from hearing.live.signals import on_item_saved, on_live_state_changed

        live_state_changed.connect(on_live_state_changed, dispatch_uid="live.push.item")
        post_save.connect(on_item_saved, sender=AgendaItem, dispatch_uid="live.push.item-deleted")
