"""The event log behind the push: what changed on a hearing's pages, numbered per hearing.

This app sits right above ``core`` and imports no domain app: the hearing is named by a string
reference, so hearings, live and media can all publish through it (docs/development.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

SUPERSEDED = "superseded"


class Event(models.Model):
    """One pushed state change. ``seq`` counts 1, 2, 3 … per hearing without gaps; it is the SSE id,
    so a client that reconnects with ``Last-Event-ID`` gets exactly what it missed.

    ``type`` is what happened, named like the audit action that recorded it
    (``live.question.approved``, ``hearings.item.started``). ``topic`` is the piece of public
    state the event carries in full (``questions:12`` is item 12's public questions,
    ``live-state`` the current item). A newer event of a topic supersedes the older ones: their
    type becomes ``superseded`` and their data only points to the newer one. So a replay or a
    poll from 0 never serves a text that is no longer public (a corrected or rejected question),
    and numbering stays gapless. A new kind of event gets this by naming its topic.
    """

    hearing = models.ForeignKey(
        "hearings.Hearing", on_delete=models.CASCADE, related_name="live_events"
    )
    seq = models.PositiveIntegerField(_("Nummer"))
    type = models.CharField(_("Art"), max_length=60)
    topic = models.CharField(_("Thema"), max_length=120, blank=True, default="")
    data = models.JSONField(_("Daten"), default=dict)
    created = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        db_table = "live_event"  # where the live app kept it; moved without copying
        verbose_name = _("Live-Ereignis")
        verbose_name_plural = _("Live-Ereignisse")
        ordering = ["hearing", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "seq"], name="live_event_unique_seq"),
        ]
        indexes = [
            models.Index(fields=["hearing", "topic"], name="live_event_topic"),
            # The one event of a topic that is not superseded, found without reading the
            # superseded ones (a busy item's question list is republished with every vote).
            models.Index(
                fields=["hearing", "topic"],
                condition=~models.Q(type=SUPERSEDED),
                name="events_current_of_topic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hearing_id}#{self.seq} {self.type}"
