from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaptionsConfig(AppConfig):
    name = "hearing.captions"
    label = "captions"
    verbose_name = _("Live-Untertitel")
