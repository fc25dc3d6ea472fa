"""Transcripts, their segments, background jobs, results and the search index. Thin models."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.core.publication import Publication, state_field
from hearing.documentation.enums import (
    AuthorisationStatus,
    Doubt,
    JobKind,
    JobState,
    ProposalState,
    ResultKind,
    SpeakerSource,
)
from hearing.hearings.models import AgendaItem, Hearing
from hearing.media.models import Recording
from hearing.participants.models import new_nonce  # the personal links' nonces


class Job(TimeStamped):
    """A background job in the database queue. A worker holds it by a lease it renews; a job whose
    lease ran out (the worker crashed) is taken again and resumes from its checkpoint."""

    kind = models.CharField(_("Art"), max_length=20, choices=JobKind.choices)
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="jobs")
    recording = models.ForeignKey(
        Recording, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    state = models.CharField(
        _("Zustand"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.FloatField(_("Fortschritt"), default=0.0)
    eta_seconds = models.PositiveIntegerField(_("verbleibend (Sekunden)"), null=True, blank=True)
    checkpoint = models.JSONField(_("Zwischenstand"), default=dict, blank=True)
    error = models.TextField(_("Fehler"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Hintergrundauftrag")
        verbose_name_plural = _("Hintergrundaufträge")
        ordering = ["created", "id"]
        constraints = [
            # One active transcription per recording: a second request joins the first.
            models.UniqueConstraint(
                fields=["kind", "recording"],
                condition=models.Q(state__in=["queued", "running"]),
                name="documentation_one_active_job_per_recording",
            ),
            # One active job without a recording (the protocol PDF) per kind and hearing.
            models.UniqueConstraint(
                fields=["kind", "hearing"],
                condition=models.Q(state__in=["queued", "running"], recording__isnull=True),
                name="documentation_one_active_job_per_hearing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return int(self.progress * 100)


class Transcript(TimeStamped):
    """The machine transcript of one recording, with what made it (provenance)."""

    recording = models.OneToOneField(Recording, on_delete=models.CASCADE, related_name="transcript")
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="transcripts")
    engine = models.CharField(_("Verfahren"), max_length=50)
    model = models.CharField(_("Modell"), max_length=200)
    parameters = models.JSONField(_("Parameter"), default=dict)
    language = models.CharField(_("Sprache"), max_length=10, default="de")
    started_at = models.DateTimeField(_("Transkription begonnen"))
    finished_at = models.DateTimeField(_("Transkription beendet"), null=True, blank=True)
    duration = models.FloatField(_("transkribierte Dauer (Sekunden)"), default=0.0)
    confidence = models.FloatField(_("mittlere Konfidenz"), default=0.0)
    state = state_field()
    state_changed_at = models.DateTimeField(_("Zustand geändert"), null=True, blank=True)

    class Meta:
        verbose_name = _("Transkript")
        verbose_name_plural = _("Transkripte")
        ordering = ["recording__started_at"]

    def __str__(self) -> str:
        return f"{_('Transkript')}: {self.recording}"

    @property
    def is_complete(self) -> bool:
        return self.finished_at is not None

    @property
    def is_public(self) -> bool:
        """PUBLIC_TRANSCRIPTS for one loaded transcript."""
        return self.state == Publication.PUBLISHED and self.recording.is_public


class Protocol(models.Model):
    """The publication state of a hearing's protocol (the page and the PDF, made from the
    hearing's data). A hearing without a row has a draft protocol."""

    hearing = models.OneToOneField(Hearing, on_delete=models.CASCADE, related_name="protocol")
    state = state_field()
    state_changed_at = models.DateTimeField(_("Zustand geändert"), null=True, blank=True)

    class Meta:
        verbose_name = _("Protokoll")
        verbose_name_plural = _("Protokolle")

    def __str__(self) -> str:
        return f"{_('Protokoll')}: {self.hearing}"


def public_transcripts(prefix: str = "") -> models.Q:
    """The rule for what the public may read of a transcript: it and its recording published.
    ``prefix`` reaches the transcript from another model ("transcript__" from a segment)."""
    return models.Q(
        **{
            f"{prefix}state": Publication.PUBLISHED,
            f"{prefix}recording__state": Publication.PUBLISHED,
        }
    )


PUBLIC_TRANSCRIPTS = public_transcripts()
# What the public may read of a transcript: published, and nothing the machine doubted that no
# person has confirmed yet.
PUBLIC_SEGMENTS = public_transcripts("transcript__") & models.Q(uncertain=False)


class Segment(models.Model):
    """A stretch of speech. Times are seconds from the recording's start. ``machine_*`` keep what
    the machine said; ``text`` and ``speaker_name`` are what people read, corrected or not."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="segments")
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="+")
    start = models.FloatField(_("Beginn (s)"))
    end = models.FloatField(_("Ende (s)"))
    text = models.TextField(_("Text"))
    machine_text = models.TextField(_("maschinell erkannter Text"))
    words = models.JSONField(_("Wörter mit Zeiten"), default=list, blank=True)
    confidence = models.FloatField(_("Konfidenz"), default=0.0)
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="segments"
    )
    speaker_name = models.CharField(_("Sprecher*in"), max_length=200, blank=True)
    speaker_person = models.ForeignKey(
        "council.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    speaker_source = models.CharField(
        _("Zuordnung"), max_length=10, choices=SpeakerSource.choices, blank=True
    )
    text_corrected = models.BooleanField(_("Text korrigiert"), default=False)
    speaker_corrected = models.BooleanField(_("Sprecher*in korrigiert"), default=False)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(_("korrigiert am"), null=True, blank=True)
    # The machine's doubts (asr.quality): an uncertain segment stays out of the public record and
    # the summaries until a person corrects or confirms it; the reasons stay as they were.
    uncertain = models.BooleanField(_("unsicher erkannt"), default=False)
    uncertain_reasons = models.CharField(_("Gründe"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Abschnitt")
        verbose_name_plural = _("Abschnitte")
        ordering = ["transcript", "start", "id"]
        indexes = [models.Index(fields=["transcript", "start"], name="doc_segment_time")]

    def __str__(self) -> str:
        return f"{self.start:.1f}s {self.text[:60]}"

    @property
    def is_corrected(self) -> bool:
        return self.text_corrected or self.speaker_corrected

    @property
    def doubts(self) -> list[str]:
        """Why the machine doubted its text, in words (enums.Doubt), even once confirmed."""
        labels = dict(Doubt.choices)
        return [str(labels.get(code, code)) for code in self.uncertain_reasons.split()]


class Authorisation(TimeStamped):
    """One speaker's authorisation of their own passages of a transcript in review (issue 14):
    the segments whose ``speaker_name`` is this one. The personal link carries ``nonce`` (a new
    one revokes every link sent before); the speaker approves before ``deadline``, proposing
    corrections (:class:`Proposal`) that the organisers accept or refuse."""

    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="authorisations"
    )
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="+")
    speaker_name = models.CharField(_("Sprecher*in"), max_length=200)
    email = models.EmailField(_("E-Mail"), max_length=254, blank=True)
    language = models.CharField(max_length=5, default="de")  # of the e-mails and the page
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    deadline = models.DateTimeField(_("Frist"))
    invited_at = models.DateTimeField(_("Link gesendet"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("erinnert"), null=True, blank=True)
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True)
    # What was approved: segment id (a string, as JSON keys are) → the wording approved (the
    # speaker's proposal, else the text as it stood). A passage counts as authorised only while
    # its text is that wording: an organiser's later change or a new speaker for it undoes it.
    approved_texts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("Autorisierung")
        verbose_name_plural = _("Autorisierungen")
        ordering = ["transcript", "speaker_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "speaker_name"], name="doc_authorisation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.speaker_name} ({self.transcript})"

    def status(self, now) -> str:
        """AuthorisationStatus at ``now``; ``proposals`` counted from a prefetch or a query."""
        if self.approved_at is not None:
            corrected = any(True for _p in self.proposals.all())
            return AuthorisationStatus.CORRECTED if corrected else AuthorisationStatus.APPROVED
        return AuthorisationStatus.EXPIRED if now >= self.deadline else AuthorisationStatus.PENDING


class Proposal(models.Model):
    """A speaker's proposed wording of one of their passages; at most one open per segment."""

    authorisation = models.ForeignKey(
        Authorisation, on_delete=models.CASCADE, related_name="proposals"
    )
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="proposals")
    text = models.TextField(_("vorgeschlagener Text"))
    created = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        max_length=10, choices=ProposalState.choices, default=ProposalState.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Korrekturvorschlag")
        verbose_name_plural = _("Korrekturvorschläge")
        ordering = ["segment__start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["segment"],
                condition=models.Q(state="open"),
                name="doc_proposal_one_open",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Result(TimeStamped):
    """A finding tagged by an organiser: a chance, risk, recommendation or open question, taken
    from a question, a statement or a transcript passage, grouped by topic."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("Art"), max_length=20, choices=ResultKind.choices)
    topic = models.CharField(_("Thema"), max_length=200)
    text = models.TextField(_("Erkenntnis"))
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("content_type", "object_id")
    source_label = models.CharField(_("Quelle"), max_length=300, blank=True)
    record_ids = models.JSONField(_("Einträge im KI-Register"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")
        ordering = ["hearing", "topic", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class SearchEntry(models.Model):
    """One searchable text of a hearing. ``stems`` are its words' German Snowball stems
    (core.stemming); SQLite indexes them in an FTS5 table, PostgreSQL as
    ``to_tsvector('simple', stems)`` with a GIN index (migrations 0002 and 0006)."""

    hearing = models.ForeignKey(
        Hearing, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20)
    object_id = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    text = models.TextField()
    url = models.CharField(max_length=500)
    seconds = models.FloatField(null=True, blank=True)
    stems = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Suchindex-Eintrag")
        verbose_name_plural = _("Suchindex")
        indexes = [models.Index(fields=["hearing", "kind"], name="doc_search_scope")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
