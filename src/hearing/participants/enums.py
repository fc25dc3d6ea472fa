from django.db import models
from django.utils.translation import gettext_lazy as _


class Admission(models.TextChoices):
    INVITATION = "invitation", _("nur mit Einladung")
    SELF_REGISTRATION = "self", _("Selbstanmeldung")
    OPEN = "open", _("ohne Anmeldung (Livestream)")
