"""The speakers list: raise a hand, reorder, call, start and stop speaking time.

Each function raises PermissionDenied when the actor may not act, and LiveError (with a message
for the user) when the state does not allow it. Speaking turns keep their real start and end.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hearing.core.audit import log_action
from hearing.core.db import at_most_one
from hearing.core.permissions import require
from hearing.core.text import one_line
from hearing.events.bus import publish
from hearing.hearings.models import AgendaItem
from hearing.live import phrases
from hearing.live.domain.common import (
    LiveError,
    LiveInputError,
    Who,
    speakers_snapshot,
    speakers_topic,
)
from hearing.live.models import SpeakingTurn, TurnStatus, settings_for
from hearing.participants.enums import Attendance

ONE_OPEN_TURN = "live_turn_one_open_per_participant"
NAME_MAX_LENGTH = 200


def push(item: AgendaItem, action: str) -> None:
    """Publish the item's public state under ``action`` (in the caller's transaction)."""
    publish(item.hearing_id, action, lambda: speakers_snapshot(item), topic=speakers_topic(item.pk))


def _lock(item: AgendaItem) -> None:
    """Serialise the writes to one item's list (positions are counted from the last one)."""
    AgendaItem.objects.select_for_update(no_key=True).filter(pk=item.pk).values_list("pk").first()


def _next_position(item: AgendaItem) -> int:
    last = SpeakingTurn.objects.filter(item=item).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def raise_hand(item: AgendaItem, *, who: Who) -> SpeakingTurn:
    """A participant asks for the floor (again: returns the open entry, nothing doubles)."""
    if not item.is_interactive or item.deleted:
        raise LiveError(phrases.NO_DISCUSSION)
    participant = who.participant
    if (
        participant is None
        or participant.hearing_id != item.hearing_id
        or not participant.group.may_join_speakers_list
    ):
        raise LiveError(phrases.HAND_NOT_ALLOWED)
    open_turn = SpeakingTurn.objects.filter(
        item=item, participant=participant, status__in=TurnStatus.open()
    )
    with transaction.atomic():
        _lock(item)
        if (found := open_turn.first()) is not None:
            return found
        # The item lock already keeps a second entry out; the constraint is the guarantee.
        with at_most_one(ONE_OPEN_TURN, LiveError(phrases.HAND_ALREADY_RAISED)):
            turn = SpeakingTurn.objects.create(
                hearing_id=item.hearing_id,
                item=item,
                participant=participant,
                speaker_name=participant.display_name,
                attendance=participant.attendance or Attendance.VIRTUAL,
                position=_next_position(item),
                time_limit=settings_for(item.hearing).speaking_time,
            )
        log_action("live.speaker.raised", who.account, turn, {"participant": participant.pk})
        push(item, "live.speaker.raised")
    return turn


def add_speaker(item: AgendaItem, *, actor, name: str, attendance: str, person=None):
    """The moderation puts someone from the room (or a known person) on the list."""
    require(actor, "hearing.moderate", item.hearing)
    if not item.is_interactive:
        raise LiveError(phrases.NO_DISCUSSION)
    name = one_line(name) or (person.name if person else "")
    if not name:
        raise LiveInputError(phrases.NAME_REQUIRED)
    if len(name) > NAME_MAX_LENGTH:
        raise LiveInputError(phrases.NAME_TOO_LONG % {"max": NAME_MAX_LENGTH})
    if attendance not in Attendance.values:
        attendance = Attendance.IN_PERSON
    with transaction.atomic():
        _lock(item)
        turn = SpeakingTurn.objects.create(
            hearing_id=item.hearing_id,
            item=item,
            person=person,
            speaker_name=name,
            attendance=attendance,
            position=_next_position(item),
            time_limit=settings_for(item.hearing).speaking_time,
        )
        log_action("live.speaker.added", actor, turn, {"name": name})
        push(item, "live.speaker.added")
    return turn


def withdraw(turn: SpeakingTurn, *, who: Who) -> SpeakingTurn:
    if who.participant is None or turn.participant_id != who.participant.pk:
        raise LiveError(phrases.HAND_NOT_ALLOWED)
    with transaction.atomic():
        locked = SpeakingTurn.objects.select_for_update(no_key=True).get(pk=turn.pk)
        if locked.status not in (TurnStatus.WAITING, TurnStatus.CALLED):
            raise LiveError(phrases.TURN_STATE)
        locked.status = TurnStatus.WITHDRAWN
        locked.save(update_fields=["status", "modified"])
        log_action("live.speaker.withdrawn", who.account, locked, {})
        push(locked.item, "live.speaker.withdrawn")
    return locked


def move(turn: SpeakingTurn, *, actor, step: int) -> SpeakingTurn:
    """Swap a waiting entry with its neighbour above (step -1) or below (+1)."""
    require(actor, "hearing.moderate", turn.hearing)
    with transaction.atomic():
        waiting = list(
            SpeakingTurn.objects.select_for_update(no_key=True)
            .filter(item_id=turn.item_id, status=TurnStatus.WAITING)
            .order_by("position", "id")
        )
        index = next((i for i, t in enumerate(waiting) if t.pk == turn.pk), None)
        if index is None:
            raise LiveError(phrases.TURN_STATE)
        other = index + step
        if 0 <= other < len(waiting):
            a, b = waiting[index], waiting[other]
            a.position, b.position = b.position, a.position
            if a.position == b.position:
                a.position, b.position = (b.position + step, b.position)
            a.save(update_fields=["position", "modified"])
            b.save(update_fields=["position", "modified"])
            log_action("live.speaker.moved", actor, a, {"step": step})
            push(a.item, "live.speaker.moved")
        return waiting[index]


def _end_running(item_id: int, now) -> None:
    SpeakingTurn.objects.filter(item_id=item_id, status=TurnStatus.SPEAKING).update(
        status=TurnStatus.DONE, ended_at=now
    )


def call_next(item: AgendaItem, *, actor) -> SpeakingTurn:
    """Call the first waiting person; whoever still speaks is stopped at this moment."""
    require(actor, "hearing.moderate", item.hearing)
    with transaction.atomic():
        now = timezone.now()
        turn = (
            SpeakingTurn.objects.select_for_update(no_key=True)
            .filter(item=item, status=TurnStatus.WAITING)
            .order_by("position", "id")
            .first()
        )
        if turn is None:
            raise LiveError(phrases.NOBODY_WAITING)
        _end_running(item.pk, now)
        # Someone called earlier who never spoke goes back to waiting at the front.
        SpeakingTurn.objects.filter(item=item, status=TurnStatus.CALLED).update(
            status=TurnStatus.WAITING
        )
        turn.status = TurnStatus.CALLED
        turn.called_at = now
        turn.save(update_fields=["status", "called_at", "modified"])
        log_action("live.speaker.called", actor, turn, {"at": now.isoformat()})
        push(item, "live.speaker.called")
    return turn


def start_speaking(turn: SpeakingTurn, *, actor) -> SpeakingTurn:
    require(actor, "hearing.moderate", turn.hearing)
    with transaction.atomic():
        locked = SpeakingTurn.objects.select_for_update(no_key=True).get(pk=turn.pk)
        if locked.status not in (TurnStatus.WAITING, TurnStatus.CALLED):
            raise LiveError(phrases.TURN_STATE)
        now = timezone.now()
        _end_running(locked.item_id, now)
        locked.status = TurnStatus.SPEAKING
        locked.called_at = locked.called_at or now
        locked.started_at = now
        locked.save(update_fields=["status", "called_at", "started_at", "modified"])
        log_action("live.speaker.started", actor, locked, {"at": now.isoformat()})
        push(locked.item, "live.speaker.started")
    return locked


def stop_speaking(turn: SpeakingTurn, *, actor) -> SpeakingTurn:
    require(actor, "hearing.moderate", turn.hearing)
    with transaction.atomic():
        locked = SpeakingTurn.objects.select_for_update(no_key=True).get(pk=turn.pk)
        if locked.status != TurnStatus.SPEAKING:
            raise LiveError(phrases.TURN_STATE)
        now = timezone.now()
        locked.status = TurnStatus.DONE
        locked.ended_at = now
        locked.save(update_fields=["status", "ended_at", "modified"])
        log_action("live.speaker.stopped", actor, locked, {"at": now.isoformat()})
        push(locked.item, "live.speaker.stopped")
    return locked
