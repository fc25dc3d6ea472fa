from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "hearing.live"
    label = "live"
    verbose_name = _("Live-Interaktion")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from hearing.hearings.models import AgendaItem
        from hearing.live.signals import on_item_saved

        post_save.connect(on_item_saved, sender=AgendaItem, dispatch_uid="live.push.item-deleted")
