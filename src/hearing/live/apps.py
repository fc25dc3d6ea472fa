from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "hearing.live"
    label = "live"
    verbose_name = _("Live-Interaktion")

    def ready(self) -> None:
        from hearing.hearings.signals import live_state_changed
        from hearing.live.signals import on_live_state_changed

        live_state_changed.connect(on_live_state_changed, dispatch_uid="live.push.item")
