from django.db import models
from django.utils.translation import gettext_lazy as _


class Admission(models.TextChoices):
    INVITATION = "invitation", _("nur mit Einladung")
    SELF_REGISTRATION = "self", _("Selbstanmeldung")
    OPEN = "open", _("ohne Anmeldung (Livestream)")


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("vor Ort")
    VIRTUAL = "virtual", _("virtuell")


class Status(models.TextChoices):
    # Self-registered, e-mail address not yet confirmed.
    PENDING = "pending", _("E-Mail-Bestätigung ausstehend")
    INVITED = "invited", _("eingeladen")
    REGISTERED = "registered", _("angemeldet")
    WAITING = "waiting", _("auf der Warteliste")
    CANCELLED = "cancelled", _("abgemeldet")
    REVOKED = "revoked", _("Einladung widerrufen")


class Language(models.TextChoices):
    DE = "de", "Deutsch"
    EN = "en", "English"
