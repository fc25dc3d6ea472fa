"""Live interaction: the event log behind the push, Q&A and the speakers list. Thin models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hearing.core.models import TimeStamped
from hearing.hearings.models import Hearing


class Event(models.Model):
    """One pushed state change. ``seq`` counts 1, 2, 3 … per hearing without gaps; it is the SSE id,
    so a client that reconnects with ``Last-Event-ID`` gets exactly what it missed."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="live_events")
    seq = models.PositiveIntegerField(_("Nummer"))
    type = models.CharField(_("Art"), max_length=60)
    data = models.JSONField(_("Daten"), default=dict)
    created = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Live-Ereignis")
        verbose_name_plural = _("Live-Ereignisse")
        ordering = ["hearing", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "seq"], name="live_event_unique_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.hearing_id}#{self.seq} {self.type}"


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
