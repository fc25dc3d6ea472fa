"""Which agenda item and which speaker each segment belongs to.

Times are wall-clock: a segment's middle is ``recording.started_at + (start + end) / 2``. The
item is the one whose actual period (``ItemPeriod``) contains that moment. The speaker comes from
the speakers list's turn at that moment (``live.SpeakingTurn``, when the live app provides it),
else from the item's speakers if the item has exactly one. Speaker names corrected by a person
are never touched.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import timedelta

from django.apps import apps
from django.db.models import Prefetch

from hearing.council.models import Person
from hearing.documentation.enums import SpeakerSource
from hearing.documentation.models import Segment, Transcript
from hearing.hearings.models import ItemPeriod


def speaking_turns(hearing) -> list:
    try:
        model = apps.get_model("live", "SpeakingTurn")
    except LookupError:
        return []
    return list(
        model.objects.filter(hearing=hearing, started_at__isnull=False)
        .select_related("person")
        .order_by("started_at")
    )


class _Timeline:
    """Intervals sorted by start; ``at(moment)`` finds the latest one containing it."""

    def __init__(self, rows, start, end):
        self.rows = rows
        self.starts = [start(row) for row in rows]
        self.end = end

    def at(self, moment):
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return None
        row = self.rows[index]
        finished = self.end(row)
        return row if finished is None or moment < finished else None


def attribute(transcript: Transcript) -> int:
    """Assign items and speakers to the transcript's segments; returns how many changed."""
    hearing = transcript.hearing
    base = transcript.recording.started_at
    periods = list(
        ItemPeriod.objects.filter(item__hearing=hearing, item__deleted=False)
        .select_related("item")
        .prefetch_related(Prefetch("item__speakers", queryset=Person.objects.order_by("name")))
        .order_by("started_at", "id")
    )
    items = _Timeline(periods, lambda p: p.started_at, lambda p: p.ended_at)
    turns = _Timeline(speaking_turns(hearing), lambda t: t.started_at, lambda t: t.ended_at)
    changed = []
    for segment in transcript.segments.all():
        moment = base + timedelta(seconds=(segment.start + segment.end) / 2)
        period = items.at(moment)
        item = period.item if period else None
        before = (segment.item_id, segment.speaker_name, segment.speaker_person_id)
        segment.item = item
        if not segment.speaker_corrected:
            name, person, source = "", None, SpeakerSource.NONE
            turn = turns.at(moment)
            if turn is not None:
                person = getattr(turn, "person", None)
                name = getattr(turn, "speaker_name", "") or (person.name if person else "")
                source = SpeakerSource.TURN
            elif item is not None:
                speakers = list(item.speakers.all())
                if len(speakers) == 1:
                    person, name, source = speakers[0], speakers[0].name, SpeakerSource.ITEM
            segment.speaker_name, segment.speaker_person, segment.speaker_source = (
                name,
                person,
                source,
            )
        if before != (segment.item_id, segment.speaker_name, segment.speaker_person_id):
            changed.append(segment)
    Segment.objects.bulk_update(
        changed, ["item", "speaker_name", "speaker_person", "speaker_source"], batch_size=500
    )
    return len(changed)
