from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "hearing.live"
    label = "live"
    verbose_name = _("Live-Interaktion")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from hearing.hearings.models import AgendaItem
        from hearing.live.domain.erasure import on_personal_data_erased
        from hearing.live.signals import on_item_saved
        from hearing.participants.signals import personal_data_erased

        post_save.connect(on_item_saved, sender=AgendaItem, dispatch_uid="live.push.item-deleted")
        personal_data_erased.connect(on_personal_data_erased, dispatch_uid="live.erasure")
