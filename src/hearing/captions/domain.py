"""Named actions on live captions: switch them on or off (organisers), record what the worker
recognised. Final lines are stored and pushed (``captions.line``, topic ``captions:line:<id>``);
interim text is pushed only (``captions.interim``, topic ``captions:interim``; a newer one and the
final line supersede it in the event log). Machine lines are not audit-logged one by one: their
provenance is on the line; switching and people's corrections are.
"""

from datetime import datetime, timedelta

from django.db import transaction

from hearing.captions.models import Captioning, CaptionLine
from hearing.core.audit import log_action
from hearing.core.permissions import require
from hearing.documentation.asr.live import Line
from hearing.events.bus import publish
from hearing.hearings.models import Hearing

INTERIM = "captions:interim"
LINE = "captions:line"
# The worker proves itself to the platform with the secret derived for this purpose.
WORKER_SECRET = "hearing.captions.worker"  # noqa: S105 - a purpose name, not a secret


def is_enabled(hearing: Hearing) -> bool:
    return Captioning.objects.filter(hearing=hearing, enabled=True).exists()


def set_enabled(hearing: Hearing, enabled: bool, *, actor) -> Captioning:
    """Switch live captions for ``hearing`` on or off. Raises PermissionDenied unless ``actor``
    manages the hearing."""
    require(actor, "hearing.manage", hearing)
    with transaction.atomic():
        captioning, _created = Captioning.objects.update_or_create(
            hearing=hearing, defaults={"enabled": bool(enabled)}
        )
        action = "captions.enabled" if enabled else "captions.disabled"
        log_action(action, actor, captioning, {"hearing": hearing.pk})
        publish(hearing, action, {"enabled": bool(enabled)}, topic="captions:state")
    return captioning


def line_data(line: CaptionLine | None, text: str, started: datetime, ended: datetime) -> dict:
    return {
        "id": line.pk if line else None,
        "text": text,
        "start": started.isoformat(),
        "end": ended.isoformat(),
        "final": line is not None,
        "source": line.source if line else "auto",
        "edited": bool(line and line.edited_by_id),
    }


def record(hearing: Hearing, line: Line, *, base: datetime, provenance: dict) -> CaptionLine | None:
    """What the worker recognised: ``line.start``/``end`` are seconds after ``base`` (the wall
    time of the audio's first sample). A final line is stored with ``provenance`` and pushed; an
    interim one is pushed only. Returns the stored line, or None for an interim one."""
    started = base + timedelta(seconds=line.start)
    ended = base + timedelta(seconds=line.end)
    if not line.final:
        publish(
            hearing.pk,
            "captions.interim",
            line_data(None, line.text, started, ended),
            topic=INTERIM,
        )
        return None
    with transaction.atomic():
        current = Hearing.objects.filter(pk=hearing.pk).values_list("current_item", flat=True)
        caption = CaptionLine.objects.create(
            hearing_id=hearing.pk,
            item_id=current.first(),
            started_at=started,
            ended_at=ended,
            text=line.text,
            provenance={**provenance, "decode_seconds": line.seconds},
        )
        publish(
            hearing.pk,
            "captions.line",
            line_data(caption, caption.text, started, ended),
            topic=f"{LINE}:{caption.pk}",
            supersedes=INTERIM,
        )
    return caption


def recent(hearing: Hearing, count: int = 20) -> list[CaptionLine]:
    """The last ``count`` final lines, oldest first (a page that opens mid-hearing starts there)."""
    lines = CaptionLine.objects.filter(hearing=hearing).order_by("-started_at", "-pk")[:count]
    return list(reversed(lines))
