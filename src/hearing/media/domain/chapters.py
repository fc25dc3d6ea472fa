"""Chapters of a recording from the agenda items' actual times, and the WebVTT chapters track."""

from dataclasses import dataclass

from hearing.hearings.models import AgendaItem, ItemPeriod
from hearing.media.models import Recording


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds from the recording's start
    end: float
    item: AgendaItem

    @property
    def title(self) -> str:
        return str(self.item)


def chapters(recording: Recording) -> list[Chapter]:
    """One chapter per stretch an agenda item was current while the recording ran.

    Times are clipped to the recording; an item resumed later gets a second chapter. A pause
    between items is no chapter.
    """
    start, end = recording.started_at, recording.ended_at
    periods = (
        ItemPeriod.objects.filter(item__hearing_id=recording.hearing_id, started_at__lt=end)
        .exclude(ended_at__lte=start)
        .select_related("item")
        .order_by("started_at", "id")
    )
    result = []
    for period in periods:
        begin = max(period.started_at, start)
        finish = min(period.ended_at or end, end)
        offset = (begin - start).total_seconds()
        length = (finish - start).total_seconds()
        if length - offset >= 0.5:  # a click through an item is not a chapter
            result.append(Chapter(round(offset, 3), round(length, 3), period.item))
    return result


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _cue_text(text: str) -> str:
    # WebVTT cue text: escape markup, and "-->" may not appear; one line.
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(items: list[Chapter]) -> str:
    lines = ["WEBVTT", ""]
    for number, chapter in enumerate(items, start=1):
        lines += [
            f"chapter-{number}",
            f"{timestamp(chapter.start)} --> {timestamp(chapter.end)}",
            _cue_text(chapter.title),
            "",
        ]
    return "\n".join(lines)
