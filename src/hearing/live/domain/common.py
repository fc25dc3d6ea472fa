"""Shared pieces of the live domain: errors, who acts, and the public snapshots sent as events."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from hearing.core.errors import InputError, StateError
from hearing.hearings.models import AgendaItem
from hearing.live.models import Question, QuestionStatus, SpeakingTurn, TurnStatus
from hearing.participants.models import Participant

PUBLIC_QUESTIONS_SHOWN = 30


class LiveError(StateError):
    """The action does not fit the current state or the rules; the message says why (for users)."""


class LiveInputError(InputError, LiveError):
    """What was typed is unusable (empty, too long): 400, not 409; still a LiveError."""


@dataclass(frozen=True)
class Who:
    """The person acting on the live features: a participant, a logged-in account, or a visitor
    known only by session and address (public questions)."""

    participant: Participant | None = None
    user: object | None = None
    session_key: str = ""
    address: str = ""

    @property
    def voter(self) -> str:
        if self.participant is not None:
            return f"p{self.participant.pk}"
        if self.user is not None and self.user.is_authenticated:
            return f"u{self.user.pk}"
        return ""

    @property
    def account(self):
        """The user account for the audit log, if there is one."""
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            return self.user
        if self.participant is not None:
            return self.participant.user
        return None


def shown_questions(item: AgendaItem) -> QuerySet[Question]:
    """The item's questions the public sees, in its order: answering, approved, answered, then by votes."""
    order = Case(
        When(status=QuestionStatus.ANSWERING, then=Value(0)),
        When(status=QuestionStatus.APPROVED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Question.objects.filter(item=item, status__in=QuestionStatus.public())
        .annotate(rank=order)
        .order_by("rank", "-votes_count", "created", "id")[:PUBLIC_QUESTIONS_SHOWN]
    )


def public_questions(item: AgendaItem) -> list[Question]:
    return list(shown_questions(item))


def qa_snapshot(item: AgendaItem) -> dict:
    """The public state of the item's questions (a deleted item has none, whatever acts on it).

    Whether the item is deleted is read afresh: the caller's copy may predate a deletion that
    committed while it waited for the numbering lock (the list is built under it)."""
    if item.deleted or AgendaItem.objects.filter(pk=item.pk, deleted=True).exists():
        return withdrawn_snapshots(item.pk)[questions_topic(item.pk)]
    return {
        "item": item.pk,
        "questions": [
            {
                "id": q.pk,
                "text": q.text,
                "asker": q.public_asker,
                "votes": q.votes_count,
                "status": q.status,
            }
            for q in public_questions(item)
        ],
        "pending": Question.objects.filter(item=item, status=QuestionStatus.PENDING).count(),
    }


def questions_topic(item_id: int) -> str:
    """The event topic that carries an item's public questions (:func:`qa_snapshot`)."""
    return f"questions:{item_id}"


def votes_topic(item_id: int, question_id: int | None = None) -> str:
    """The event topic that carries one question's vote count (``{"item", "question", "votes"}``);
    without ``question_id`` the prefix of all of the item's (a new list supersedes them)."""
    return f"votes:{item_id}:{question_id if question_id is not None else ''}"


def speakers_topic(item_id: int) -> str:
    """The event topic that carries an item's speakers list (:func:`speakers_snapshot`)."""
    return f"speakers:{item_id}"


def withdrawn_snapshots(item_id: int) -> dict[str, dict]:
    """The public state of a deleted agenda item's topics, by topic: nothing left."""
    return {
        questions_topic(item_id): {"item": item_id, "questions": [], "pending": 0},
        speakers_topic(item_id): {"item": item_id, "speaking": None, "called": None, "waiting": []},
    }


def _turn(turn: SpeakingTurn | None) -> dict | None:
    if turn is None:
        return None
    return {
        "id": turn.pk,
        "name": turn.speaker_name,
        "attendance": turn.attendance,
        "started_at": turn.started_at.isoformat() if turn.started_at else None,
        "limit": turn.time_limit,
    }


def speakers_snapshot(item: AgendaItem) -> dict:
    """The public speakers list of the item (a deleted item has none, whatever acts on it)."""
    if item.deleted:
        return withdrawn_snapshots(item.pk)[speakers_topic(item.pk)]
    turns = list(SpeakingTurn.objects.filter(item=item, status__in=TurnStatus.open()))
    return {
        "item": item.pk,
        "speaking": _turn(next((t for t in turns if t.status == TurnStatus.SPEAKING), None)),
        "called": _turn(next((t for t in turns if t.status == TurnStatus.CALLED), None)),
        "waiting": [
            {"name": t.speaker_name, "attendance": t.attendance}
            for t in turns
            if t.status == TurnStatus.WAITING
        ],
    }
