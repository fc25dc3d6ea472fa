"""Named actions on live captions: switch them on or off (organisers), record what the worker
recognised. Final lines are stored and pushed (``captions.line``, topic ``captions:line:<id>``);
interim text is pushed only (``captions.interim``, topic ``captions:interim``; a newer one and the
final line supersede it in the event log). Machine lines are not audit-logged one by one: their
provenance is on the line; switching and people's corrections are.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.captions.models import Captioning, CaptionLine, CaptionSource
from hearing.core.audit import log_action
from hearing.core.errors import InputError, StateError
from hearing.core.permissions import require
from hearing.core.text import limited
from hearing.documentation.asr.live import Line
from hearing.events.bus import publish
from hearing.hearings.models import Hearing, ItemPeriod

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
        "edited": bool(line and line.by_person),
    }


def record(hearing: Hearing, line: Line, *, base: datetime, provenance: dict) -> CaptionLine | None:
    """What the worker recognised: ``line.start``/``end`` are seconds after ``base`` (the wall
    time of the audio's first sample). A final line is stored with ``provenance`` and pushed; an
    interim one is pushed only. Returns the stored line, or None for an interim one and for
    anything handed over while captions are off for the hearing (switched off: nothing more may
    be recognised into the record, whatever a worker still had in hand).

    The line belongs to the agenda item that ran when it was said (its ItemPeriod), not when it
    arrived; without one, to the current item."""
    if not is_enabled(hearing):
        return None
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
        caption = CaptionLine.objects.create(
            hearing_id=hearing.pk,
            item_id=_item_at(hearing, started),
            started_at=started,
            ended_at=ended,
            text=line.text,
            provenance={**provenance, "decode_seconds": line.seconds},
        )
        _push(caption)
    return caption


def _item_at(hearing: Hearing, moment: datetime) -> int | None:
    """The agenda item that ran at ``moment`` (its period), else the current one."""
    ran = (
        ItemPeriod.objects.filter(item__hearing=hearing, started_at__lte=moment)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=moment))
        .order_by("-started_at")
        .values_list("item_id", flat=True)
        .first()
    )
    if ran is not None:
        return ran
    return Hearing.objects.filter(pk=hearing.pk).values_list("current_item", flat=True).first()


def recent(hearing: Hearing, count: int = 20) -> list[CaptionLine]:
    """The last ``count`` final lines, oldest first (a page that opens mid-hearing starts there)."""
    lines = CaptionLine.objects.filter(hearing=hearing).order_by("-started_at", "-pk")[:count]
    return list(reversed(lines))


# The lines a captioner wrote or corrected (CaptionLine.by_person, as a query).
BY_PERSON = Q(source=CaptionSource.PERSON) | ~Q(original_text="") | Q(edited_by__isnull=False)
FRESH = timedelta(seconds=30)  # a line older than this is no longer "what was just said"


def latest(hearing: Hearing) -> CaptionLine | None:
    """The newest final line of ``hearing`` that ended in the last 30 seconds, while its captions
    are on; None otherwise. One query. A page opened mid-sentence shows it at once instead of an
    empty band until the next line."""
    return (
        CaptionLine.objects.filter(
            hearing_id=hearing.pk,
            hearing__captioning__enabled=True,
            ended_at__gte=timezone.now() - FRESH,
        )
        .order_by("-started_at", "-pk")
        .first()
    )


LINE_MAX = 500  # characters of one caption line
# How long a line a person wrote stays on screen: its reading time at 15 characters a second
# (subtitle guidelines give 12-17 for adults, e.g. the BBC Subtitle Guidelines and Netflix's
# German style guide), at least 1.5 s and at most 7 s, the usual longest cue.
READ_CHARS_PER_SECOND = 15
READ_MIN = timedelta(seconds=1.5)
READ_MAX = timedelta(seconds=7)


def reading_time(text: str) -> timedelta:
    """How long ``text`` needs on screen to be read (READ_CHARS_PER_SECOND, READ_MIN, READ_MAX)."""
    return min(max(timedelta(seconds=len(text) / READ_CHARS_PER_SECOND), READ_MIN), READ_MAX)


def _clean_line(text: str) -> str:
    text = limited(text, max_length=LINE_MAX, label=_("Die Zeile"), multiline=False)
    if not text:
        raise InputError(_("Bitte einen Text für die Zeile eingeben."), field="text")
    return text


def _push(caption: CaptionLine) -> None:
    publish(
        caption.hearing_id,
        "captions.line",
        line_data(caption, caption.text, caption.started_at, caption.ended_at),
        topic=f"{LINE}:{caption.pk}",
        supersedes=INTERIM,
    )


def correct(caption: CaptionLine, text: str, *, actor, expected: str | None = None) -> CaptionLine:
    """A captioner replaces a line's text; it replaces the machine's everywhere (the same event
    topic, so the event log keeps only the newest) and is marked as edited by a person. The
    machine's text stays in ``original_text``. ``expected``: the line's text as the captioner's
    console showed it; when another captioner has changed it since, nothing is saved and
    StateError says so with both texts (two corrections at once: the later does not silently
    win). Raises PermissionDenied unless ``actor`` may edit captions of the hearing; InputError
    for an empty line or one over LINE_MAX characters."""
    require(actor, "captions.edit", caption.hearing)
    text = _clean_line(text)
    with transaction.atomic():
        locked = CaptionLine.objects.select_for_update().get(pk=caption.pk)
        if expected is not None and " ".join(expected.split()) != " ".join(locked.text.split()):
            raise StateError(
                _(
                    "Jemand anderes hat die Zeile inzwischen geändert: „%(now)s“. Ihre Fassung "
                    "ist nicht gespeichert: „%(yours)s“."
                )
                % {"now": locked.text, "yours": text}
            )
        if not locked.original_text:
            locked.original_text = locked.text
        locked.text = text
        locked.edited_by = actor
        locked.save(update_fields=["text", "original_text", "edited_by", "modified"])
        log_action(
            "captions.line.corrected",
            actor,
            locked,
            {"hearing": locked.hearing_id, "chars": len(text)},
        )
        _push(locked)
    return locked


def write(hearing: Hearing, text: str, *, actor) -> CaptionLine:
    """A captioner writes a line of their own (what the machine missed). Raises PermissionDenied
    or InputError as :func:`correct`."""
    require(actor, "captions.edit", hearing)
    text = _clean_line(text)
    now = timezone.now()
    with transaction.atomic():
        current = Hearing.objects.filter(pk=hearing.pk).values_list("current_item", flat=True)
        caption = CaptionLine.objects.create(
            hearing=hearing,
            item_id=current.first(),
            started_at=now,
            ended_at=now + reading_time(text),  # it has no spoken duration: its reading time
            text=text,
            source=CaptionSource.PERSON,
            edited_by=actor,
        )
        log_action(
            "captions.line.written", actor, caption, {"hearing": hearing.pk, "chars": len(text)}
        )
        _push(caption)
    return caption


def set_delayed(hearing: Hearing, delayed: bool) -> None:
    """The worker fell behind the live sound (and skips ahead), or is back: pages say so."""
    kind = "captions.delayed" if delayed else "captions.caught_up"
    publish(hearing.pk, kind, {"delayed": delayed}, topic="captions:pace")


def lines_during(recording):
    """The final lines said during ``recording`` (a queryset, oldest first)."""
    end = recording.started_at + timedelta(seconds=recording.duration)
    return CaptionLine.objects.filter(
        hearing_id=recording.hearing_id,
        started_at__gte=recording.started_at,
        started_at__lt=end,
    ).order_by("started_at", "pk")


def for_recording(recording) -> list[tuple[float, float, str, bool]]:
    """The final lines said during ``recording``, as ``(start, end, text, by_person)`` with
    times in seconds from its beginning (cues for its caption track)."""
    return [
        (
            (line.started_at - recording.started_at).total_seconds(),
            min((line.ended_at - recording.started_at).total_seconds(), recording.duration),
            line.text,
            line.by_person,
        )
        for line in lines_during(recording)
    ]
