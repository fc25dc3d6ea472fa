from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingsConfig(AppConfig):
    name = "hearing.hearings"
    label = "hearings"
    verbose_name = _("Hearings")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from hearing.hearings.domain.visibility import on_hearing_saved
        from hearing.hearings.models import Hearing

        post_save.connect(on_hearing_saved, sender=Hearing, dispatch_uid="hearings.visibility")
