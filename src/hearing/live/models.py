"""Live interaction: Q&A and the speakers list. Thin models. (The event log behind the push is
the events app.)"""

import hashlib
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.council.models import Person
from hearing.hearings.models import AgendaItem, Hearing
from hearing.participants.enums import Attendance
from hearing.participants.models import Participant


class LiveSettings(TimeStamped):
    """Per-hearing switches for Q&A (a one-to-one settings model: the hearing stays untouched)."""

    hearing = models.OneToOneField(
        Hearing, on_delete=models.CASCADE, related_name="live_settings", primary_key=True
    )
    premoderation = models.BooleanField(
        _("Fragen erst nach Freigabe zeigen"),
        default=True,
        help_text=_("Aus: Fragen Teilnehmender erscheinen sofort öffentlich."),
    )
    public_questions = models.BooleanField(
        _("Fragen aus dem Publikum zulassen"),
        default=False,
        help_text=_("Besucher*innen ohne Anmeldung dürfen Fragen stellen (immer vorab moderiert)."),
    )
    speaking_time = models.PositiveSmallIntegerField(
        _("Redezeit (Sekunden)"), default=120, help_text=_("Vorgabe für den Countdown")
    )

    class Meta:
        verbose_name = _("Live-Einstellungen")
        verbose_name_plural = _("Live-Einstellungen")

    def __str__(self) -> str:
        return str(self.hearing)


def settings_for(hearing: Hearing) -> LiveSettings:
    found = LiveSettings.objects.filter(hearing=hearing).first()
    return found or LiveSettings(hearing=hearing)


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("wartet auf Freigabe")
    APPROVED = "approved", _("freigegeben")
    ANSWERING = "answering", _("wird gerade beantwortet")
    ANSWERED = "answered", _("beantwortet")
    REJECTED = "rejected", _("abgelehnt")
    MERGED = "merged", _("zusammengeführt")

    @classmethod
    def public(cls) -> list[str]:
        return [cls.APPROVED, cls.ANSWERING, cls.ANSWERED]

    @classmethod
    def votable(cls) -> list[str]:
        return [cls.APPROVED, cls.ANSWERING]


# Letters that show as nothing: the Hangul fillers (Unicode's Default_Ignorable_Code_Point,
# category Lo, so neither the Cf rule nor \W catches them).
_INVISIBLE_LETTERS = str.maketrans("", "", "\u115f\u1160\u3164\uffa0")


def normalised_question(text: str) -> str:
    """The text reduced for duplicate detection: case, accents, punctuation (the underscore too)
    and spacing ignored, and invisible characters (Unicode category Cf: soft hyphen, zero-width
    space and joiner, bidi controls, BOM; the Hangul fillers), which would otherwise make a copy
    look new. Look-alike letters from other scripts are not folded."""
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_INVISIBLE_LETTERS)
    text = "".join(
        c for c in text if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def question_key(text: str) -> str:
    """SHA-256 (hex) of :func:`normalised_question`: fixed length for the unique index."""
    return hashlib.sha256(normalised_question(text).encode()).hexdigest()


# Questions that count for the one-question-per-text rule: neither rejected nor merged away.
UNIQUE_TEXT_APPLIES = ~models.Q(status__in=["rejected", "merged"])


class Question(TimeStamped):
    """A question to one agenda item. Edits by the moderation keep the asker's original text."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="questions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("Frage"))
    # question_key(text), kept by save(): unique per item among questions that are neither
    # rejected nor merged into another, so a double click or two processes cannot store one
    # question twice.
    text_key = models.CharField(max_length=64, editable=False, default="")
    original_text = models.TextField(_("ursprünglicher Text"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=QuestionStatus.choices, db_index=True
    )
    rejection_reason = models.CharField(_("Ablehnungsgrund"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Konto der Moderation, die die Frage für den Saal eingetragen hat"),
    )
    asker_name = models.CharField(_("fragende Person"), max_length=200, blank=True)
    show_name = models.BooleanField(_("Namen öffentlich zeigen"), default=False)
    session_key = models.CharField(max_length=64, blank=True, editable=False)
    votes_count = models.PositiveIntegerField(_("Stimmen"), default=0)
    answering_since = models.DateTimeField(_("Beantwortung seit"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwortet um"), null=True, blank=True)

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["item", "-votes_count", "created", "id"]
        indexes = [models.Index(fields=["item", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "text_key"],
                condition=UNIQUE_TEXT_APPLIES,
                name="live_question_unique_text",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.text_key = question_key(self.text)
        fields = kwargs.get("update_fields")
        if fields is not None and "text" in fields:
            kwargs["update_fields"] = {*fields, "text_key"}
        super().save(*args, **kwargs)

    @property
    def public_asker(self) -> str:
        """What the public sees: the name only if the asker chose so."""
        if self.show_name and self.asker_name:
            return self.asker_name
        return str(_("anonym"))


class Vote(models.Model):
    """One vote per person per question; ``voter`` is ``p<participant id>`` or ``u<user id>``."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=40)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stimme")
        verbose_name_plural = _("Stimmen")
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="live_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} → {self.question_id}"


class TurnStatus(models.TextChoices):
    WAITING = "waiting", _("wartet")
    CALLED = "called", _("aufgerufen")
    SPEAKING = "speaking", _("spricht")
    DONE = "done", _("fertig")
    WITHDRAWN = "withdrawn", _("zurückgezogen")

    @classmethod
    def open(cls) -> list[str]:
        return [cls.WAITING, cls.CALLED, cls.SPEAKING]


class SpeakingTurn(TimeStamped):
    """One entry on an item's speakers list and, once given the floor, one speaking turn.

    ``started_at``/``ended_at`` are the actual times; the documentation attributes the transcript
    by them. The speaker is a participant, a known person, or just a name (someone in the room).
    """

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="speaking_turns")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speaking_turns")
    participant = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaking_turns",
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="speaking_turns"
    )
    speaker_name = models.CharField(_("Name"), max_length=200)
    attendance = models.CharField(
        _("Teilnahme"), max_length=20, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=TurnStatus.choices, default=TurnStatus.WAITING
    )
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    called_at = models.DateTimeField(_("aufgerufen um"), null=True, blank=True)
    started_at = models.DateTimeField(_("Beginn"), null=True, blank=True)
    ended_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    time_limit = models.PositiveSmallIntegerField(_("Redezeit (Sekunden)"), default=120)

    class Meta:
        verbose_name = _("Wortmeldung")
        verbose_name_plural = _("Wortmeldungen")
        ordering = ["item", "position", "id"]
        indexes = [models.Index(fields=["item", "status"])]
        constraints = [
            # One open entry per participant and item: "Hand heben" twice (or from two
            # processes at once) finds the first entry.
            models.UniqueConstraint(
                fields=["item", "participant"],
                condition=models.Q(
                    status__in=["waiting", "called", "speaking"], participant__isnull=False
                ),
                name="live_turn_one_open_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_name} ({self.get_status_display()})"
