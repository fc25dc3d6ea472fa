from django.db import models
from django.utils.translation import gettext_lazy as _


class StandKind(models.TextChoices):
    INTERNAL = "internal", _("intern (Landeshauptstadt München)")
    EXTERNAL = "external", _("extern: Unternehmen oder Forschung")
    MUNICIPALITY = "municipality", _("andere Kommune")
    COUNTRY = "country", _("anderes Land")


class MessageKind(models.TextChoices):
    QUESTION = "question", _("Frage")
    FEEDBACK = "feedback", _("Rückmeldung")


class Channel(models.TextChoices):
    ROOM = "room", _("vor Ort")
    ONLINE = "online", _("online")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Moderation")
    APPROVED = "approved", _("freigegeben")
    REJECTED = "rejected", _("abgelehnt")
