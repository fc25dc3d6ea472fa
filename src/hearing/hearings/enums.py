from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    WELCOME = "welcome", _("Begrüßung")
    TALK = "talk", _("Vortrag")
    TALK_QA = "talk_qa", _("Vortrag mit Fragerunde")
    PRESENTATION = "presentation", _("Präsentation")
    MARKETPLACE = "marketplace", _("Marktplatz")
    DISCUSSION = "discussion", _("Diskussion")
    CLOSING = "closing", _("Abschluss")
    BREAK = "break", _("Pause")

    @classmethod
    def interactive(cls) -> set[str]:
        """Kinds that have a Q&A round or a discussion (the live-interaction issue uses this)."""
        return {cls.TALK_QA, cls.DISCUSSION}


class HearingRoleKind(models.TextChoices):
    ORGANIZER = "organizer", _("Organisation")
    MODERATOR = "moderator", _("Moderation")
    CHECKIN = "checkin", _("Einlass")
    CAPTIONER = "captioner", _("Schriftdolmetschen")
