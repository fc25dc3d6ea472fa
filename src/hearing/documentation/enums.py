from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    TRANSCRIBE = "transcribe", _("Transkription")
    PROTOCOL = "protocol", _("Protokoll")


class JobState(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")

    @classmethod
    def active(cls) -> list[str]:
        return [cls.QUEUED, cls.RUNNING]


class SpeakerSource(models.TextChoices):
    NONE = "", _("unbekannt")
    TURN = "turn", _("Redeliste")
    ITEM = "item", _("Vortragende des Punkts")
    MANUAL = "manual", _("von Hand korrigiert")


class ResultKind(models.TextChoices):
    CHANCE = "chance", _("Chance")
    RISK = "risk", _("Risiko")
    RECOMMENDATION = "recommendation", _("Empfehlung")
    OPEN_QUESTION = "open_question", _("offene Frage")


class AuthorisationStatus(models.TextChoices):
    """Where a speaker's authorisation of their passages stands (the organisers' overview)."""

    PENDING = "pending", _("offen")
    APPROVED = "approved", _("freigegeben")
    CORRECTED = "corrected", _("freigegeben mit Korrekturen")
    EXPIRED = "expired", _("Frist abgelaufen")


class ProposalState(models.TextChoices):
    OPEN = "open", _("offen")
    ACCEPTED = "accepted", _("übernommen")
    REFUSED = "refused", _("abgelehnt")


class Doubt(models.TextChoices):
    """Why the machine's text of a segment may be invented (asr.quality.REASONS)."""

    REPETITION = "repetition", _("wiederholt sich")
    COMPRESSION = "compression", _("ungewöhnlich gleichförmiger Text")
    NO_SPEECH = "no_speech", _("wahrscheinlich keine Sprache")
    LOW_LOGPROB = "low_logprob", _("Modell unsicher")
    LOW_CONFIDENCE = "low_confidence", _("Wörter unsicher erkannt")
