"""Live captions: whether a hearing has them, and the final lines (with provenance)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.hearings.models import AgendaItem, Hearing


class Captioning(TimeStamped):
    """Whether the caption worker recognises a hearing's live stream."""

    hearing = models.OneToOneField(Hearing, on_delete=models.CASCADE, related_name="captioning")
    enabled = models.BooleanField(_("Live-Untertitel"), default=False)

    class Meta:
        verbose_name = _("Live-Untertitel")
        verbose_name_plural = _("Live-Untertitel")


class CaptionSource(models.TextChoices):
    AUTOMATIC = "auto", _("automatisch erzeugt")
    PERSON = "person", _("von einer Person")


class CaptionLine(TimeStamped):
    """A final caption line: what was said from ``started_at`` to ``ended_at``.

    ``provenance`` says what made it (model, version, parameters, decode seconds) for automatic
    lines; a person's correction keeps the automatic text in ``original_text``.
    """

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="caption_lines")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    text = models.TextField()
    source = models.CharField(
        max_length=10, choices=CaptionSource.choices, default=CaptionSource.AUTOMATIC
    )
    original_text = models.TextField(blank=True, default="")
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    provenance = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        indexes = [models.Index(fields=["hearing", "started_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def by_person(self) -> bool:
        """Written or corrected by a captioner (also once their account is gone)."""
        return self.source == CaptionSource.PERSON or bool(self.original_text or self.edited_by_id)
