"""Streams and recordings. Thin: ingest, registration and chapters live in ``domain/``."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.core.publication import Publication, state_field
from hearing.hearings.models import Hearing


def new_stream_key() -> str:
    return secrets.token_urlsafe(24)


class Track(models.TextChoices):
    """What a stream or recording shows: the hearing itself, or the sign-language interpreter
    (Deutsche Gebärdensprache), a second camera shown beside the hearing's picture."""

    PROGRAMME = "programme", _("Hauptbild")
    SIGN = "sign", _("Gebärdensprache")


class Stream(TimeStamped):
    """A hearing's live stream: the secret key the encoder publishes with, and whether it is live.

    At most one per hearing and track (a database constraint): the hearing's own picture and the
    sign-language interpreter's, each with its own key. The key is the only credential of the
    encoder; revoking it refuses the next publish (a running publish is not cut off).
    """

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="streams")
    track = models.CharField(
        _("Spur"), max_length=10, choices=Track.choices, default=Track.PROGRAMME
    )
    key = models.CharField(_("Streamschlüssel"), max_length=64, unique=True, default=new_stream_key)
    key_revoked = models.BooleanField(_("Schlüssel gesperrt"), default=False)
    is_live = models.BooleanField(_("sendet gerade"), default=False)
    live_since = models.DateTimeField(_("sendet seit"), null=True, blank=True)
    last_ended = models.DateTimeField(_("zuletzt beendet"), null=True, blank=True)
    client_addr = models.CharField(_("Adresse des Encoders"), max_length=100, blank=True)
    # nginx-rtmp's id of the connection that publishes: only its end ends the broadcast.
    client_id = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("Livestream")
        verbose_name_plural = _("Livestreams")
        constraints = [
            models.UniqueConstraint(fields=["hearing", "track"], name="media_stream_one_per_track")
        ]

    def __str__(self) -> str:
        if self.track == Track.SIGN:
            return f"{self.hearing} ({self.get_track_display()})"
        return str(self.hearing)

    @property
    def name(self) -> str:
        """The public stream name (HLS playlist name): the hearing's slug, never the key. The
        sign-language track has the same name in an application and folder of its own."""
        return self.hearing.slug


def recording_path(instance, filename: str) -> str:
    return f"recordings/{instance.hearing.slug}/{secrets.token_hex(8)}/{filename}"


class Recording(TimeStamped):
    """A recording of a hearing: recorded from the stream, or uploaded by an organiser."""

    class Source(models.TextChoices):
        STREAM = "stream", _("Livestream")
        UPLOAD = "upload", _("hochgeladen")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="recordings")
    title = models.CharField(_("Titel"), max_length=200, blank=True)
    file = models.FileField(_("Datei"), upload_to=recording_path, max_length=300)
    source = models.CharField(_("Herkunft"), max_length=10, choices=Source.choices)
    track = models.CharField(
        _("Spur"), max_length=10, choices=Track.choices, default=Track.PROGRAMME
    )
    started_at = models.DateTimeField(
        _("Beginn der Aufzeichnung"), help_text=_("Uhrzeit des ersten Bildes bzw. Tons")
    )
    duration = models.FloatField(_("Dauer (Sekunden)"))
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    mime_type = models.CharField(_("Dateityp"), max_length=100)
    has_video = models.BooleanField(_("mit Bild"), default=True)
    # Issue 14: a new recording is a draft; only a published one is public.
    state = state_field()
    state_changed_at = models.DateTimeField(_("Zustand geändert"), null=True, blank=True)

    class Meta:
        verbose_name = _("Aufzeichnung")
        verbose_name_plural = _("Aufzeichnungen")
        ordering = ["hearing", "started_at", "id"]

    def __str__(self) -> str:
        """The title, or the hearing and the start in the reader's language's date format; the
        interpreter's recordings say so."""
        from django.utils import timezone
        from django.utils.formats import date_format

        name = self.title or (
            f"{self.hearing} – "
            f"{date_format(timezone.localtime(self.started_at), 'DATETIME_FORMAT')}"
        )
        if self.track == Track.SIGN:
            return f"{name} ({self.get_track_display()})"
        return name

    @property
    def is_public(self) -> bool:
        return self.state == Publication.PUBLISHED

    def get_absolute_url(self) -> str:
        return reverse("media:recording", kwargs={"slug": self.hearing.slug, "pk": self.pk})

    def get_file_url(self) -> str:
        """Where the file is served (with range requests and the hearing's visibility).

        Not ``file.url``: uploads are not served from MEDIA_URL, which is this app's URL prefix.
        """
        return reverse("media:recording_file", kwargs={"slug": self.hearing.slug, "pk": self.pk})

    @property
    def ended_at(self):
        from datetime import timedelta

        return self.started_at + timedelta(seconds=self.duration)
