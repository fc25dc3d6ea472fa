"""Q&A: asking, voting and moderating questions. Every change is audit-logged and pushed.

Each function raises PermissionDenied when the actor may not act, and LiveError (with a message
for the user) when the input or the question's state does not allow the action.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.db import at_most_one, violates
from hearing.core.permissions import has_permission, require
from hearing.core.ratelimit import check_public_limit
from hearing.core.text import one_line
from hearing.events.bus import hold_numbering, publish
from hearing.hearings.models import AgendaItem
from hearing.live import phrases
from hearing.live.domain.common import (
    PUBLIC_QUESTIONS_SHOWN,
    LiveError,
    LiveInputError,
    Who,
    qa_snapshot,
    questions_topic,
    votes_topic,
)
from hearing.live.models import (
    UNIQUE_TEXT_APPLIES,
    Question,
    QuestionStatus,
    Vote,
    question_key,
    settings_for,
)

MAX_LENGTH = 500
REJECTION_MAX_LENGTH = 300
# Public questions: at most this many per window and browser session (core.ratelimit).
PUBLIC_LIMIT = 3
PUBLIC_WINDOW_SECONDS = 600


UNIQUE_TEXT = "live_question_unique_text"
ONE_VOTE = "live_vote_once"


def clean_text(text: str) -> str:
    """The question on one line, cleaned; LiveError if empty or over MAX_LENGTH (never cut)."""
    text = one_line(text)
    if not text:
        raise LiveInputError(phrases.QUESTION_EMPTY)
    if len(text) > MAX_LENGTH:
        raise LiveInputError(phrases.QUESTION_TOO_LONG % {"max": MAX_LENGTH})
    return text


def push(item: AgendaItem, action: str) -> None:
    """Publish the item's public state under ``action`` (in the caller's transaction); it holds
    every count, so the item's earlier ``votes:`` events are superseded with it."""
    publish(
        item.hearing_id,
        action,
        lambda: qa_snapshot(item),
        topic=questions_topic(item.pk),
        supersedes=votes_topic(item.pk),
    )


def _moderator(who: Who, item: AgendaItem) -> bool:
    return who.user is not None and has_permission(who.user, "hearing.moderate", item.hearing)


def _rate_limit(who: Who, hearing_id: int) -> None:
    check_public_limit(
        f"live.ask.{hearing_id}",
        personal=[who.session_key],
        address=who.address,
        limit=PUBLIC_LIMIT,
        window=PUBLIC_WINDOW_SECONDS,
        what=_("Fragen"),
    )


def ask_question(item: AgendaItem, text: str, *, who: Who, show_name: bool = False) -> Question:
    """A participant, a moderator (for the room) or, if the hearing allows it, a visitor asks.

    Participants' questions wait for approval when pre-moderation is on; visitors' always do.
    """
    if not item.is_interactive or item.deleted:
        raise LiveError(phrases.NO_QA_HERE)
    text = clean_text(text)
    hearing = item.hearing
    options = settings_for(hearing)
    by_moderator = _moderator(who, item)
    if by_moderator:
        status, name = QuestionStatus.APPROVED, who.user.get_full_name() or who.user.get_username()
    elif who.participant is not None:
        participant = who.participant
        if participant.hearing_id != hearing.pk or not participant.group.may_ask_questions:
            raise LiveError(phrases.QUESTION_NOT_ALLOWED)
        status = QuestionStatus.PENDING if options.premoderation else QuestionStatus.APPROVED
        name = participant.display_name
    else:
        if not options.public_questions:
            raise LiveError(phrases.PUBLIC_QUESTIONS_OFF)
        status, name, show_name = QuestionStatus.PENDING, "", False
    with transaction.atomic():
        if status == QuestionStatus.PENDING and who.participant is None:
            # A copy is refused before it counts against the visitor's limit (the constraint
            # below still decides when two arrive at once).
            duplicate = Question.objects.filter(UNIQUE_TEXT_APPLIES, item=item)
            if duplicate.filter(text_key=question_key(text)).exists():
                raise LiveError(phrases.QUESTION_DUPLICATE)
            _rate_limit(who, hearing.pk)
        with at_most_one(UNIQUE_TEXT, LiveError(phrases.QUESTION_DUPLICATE)):
            question = Question.objects.create(
                hearing=hearing,
                item=item,
                text=text,
                status=status,
                participant=who.participant,
                asked_by=who.user if by_moderator else None,
                asker_name=name,
                show_name=show_name and bool(name),
                session_key=who.session_key[:64],
            )
        log_action(
            "live.question.asked",
            who.account,
            question,
            {
                "item": item.pk,
                "status": status,
                "participant": getattr(who.participant, "pk", None),
            },
        )
        push(item, "live.question.asked")
    return question


def vote(question: Question, *, who: Who) -> bool:
    """Count one vote of ``who``; a second vote changes nothing. Returns whether it was new.

    Raises LiveError when ``who`` may not vote or the question takes no votes (any more). Votes
    are the one write a whole room makes at the same moment, so the path is short: the count
    (its UPDATE checks the status and locks the question's row, so a merge or a rejection sees
    either all of this vote or none of it), the vote row (its unique constraint refuses a second
    one), the audit entry and, in event order, a small ``votes:<item>:<question>`` event with the
    new count. The item's whole list goes out instead when it has more public questions than the
    public sees (a vote may then change who is shown). Measured in bench/contention.py.
    """
    voter = who.voter
    if not voter or (who.participant is not None and not who.participant.group.is_interactive):
        raise LiveError(phrases.VOTE_NOT_ALLOWED)
    if who.participant is not None and who.participant.hearing_id != question.hearing_id:
        raise LiveError(phrases.VOTE_NOT_ALLOWED)
    if who.participant is None and not _moderator(who, question.item):
        raise LiveError(phrases.VOTE_NOT_ALLOWED)
    item = question.item
    try:
        with transaction.atomic():
            # A question rejected or merged a moment ago (committed while this waited for the
            # row) takes no vote.
            counted = Question.objects.filter(
                pk=question.pk, status__in=QuestionStatus.votable()
            ).update(votes_count=F("votes_count") + 1)
            if not counted:
                raise LiveError(phrases.VOTE_CLOSED)
            # No savepoint: a repeat rolls the whole vote back, the count included.
            Vote.objects.create(question=question, voter=voter)
            log_action("live.question.voted", who.account, question, {"voter": voter})
            hold_numbering(item.hearing_id)
            # Read in event order (whatever changed before this event has committed), at once:
            # whether the item was deleted meanwhile, how many questions it shows, this count.
            deleted, public, votes = (
                Question.objects.filter(pk=question.pk)
                .annotate(
                    public=Count(
                        "item__questions",
                        filter=Q(item__questions__status__in=QuestionStatus.public()),
                    )
                )
                .values_list("item__deleted", "public", "votes_count")
                .get()
            )
            if deleted:
                raise LiveError(phrases.VOTE_CLOSED)
            question.votes_count = votes  # read under the row lock: no query after the commit
            if public > PUBLIC_QUESTIONS_SHOWN:
                push(item, "live.question.voted")
            else:
                data = {"item": item.pk, "question": question.pk, "votes": votes}
                topic = votes_topic(item.pk, question.pk)
                publish(item.hearing_id, "live.question.voted", data, topic=topic)
    except IntegrityError as exc:
        if violates(exc, ONE_VOTE):  # before, or twice at the same moment
            return False
        raise
    return True


def _moderate(question: Question, actor, action: str, allowed: list[str], change, data=None):
    require(actor, "hearing.moderate", question.hearing)
    with transaction.atomic():
        locked = (
            Question.objects.select_for_update(no_key=True)
            .select_related("item")
            .get(pk=question.pk)
        )
        if locked.status not in allowed:
            raise LiveError(phrases.STATE_CHANGED)
        change(locked)
        # A corrected text may now equal another question's: refused like a new duplicate.
        with at_most_one(UNIQUE_TEXT, LiveError(phrases.QUESTION_DUPLICATE)):
            locked.save()
        log_action(action, actor, locked, {"status": locked.status, **(data or {})})
        push(locked.item, action)
    return locked


def approve_question(question: Question, *, actor) -> Question:
    def change(q):
        q.status = QuestionStatus.APPROVED

    return _moderate(question, actor, "live.question.approved", [QuestionStatus.PENDING], change)


def reject_question(question: Question, *, actor, reason: str) -> Question:
    reason = one_line(reason)
    if not reason:
        raise LiveError(phrases.REASON_REQUIRED)
    if len(reason) > REJECTION_MAX_LENGTH:
        raise LiveInputError(phrases.REASON_TOO_LONG % {"max": REJECTION_MAX_LENGTH})

    def change(q):
        q.status = QuestionStatus.REJECTED
        q.rejection_reason = reason

    return _moderate(
        question,
        actor,
        "live.question.rejected",
        [QuestionStatus.PENDING, QuestionStatus.APPROVED],
        change,
        {"reason": reason},
    )


def edit_question(question: Question, *, actor, text: str) -> Question:
    """Fix a typo; the asker's words stay in ``original_text`` (the first version is kept)."""
    text = clean_text(text)

    def change(q):
        if not q.original_text:
            q.original_text = q.text
        q.text = text

    return _moderate(
        question,
        actor,
        "live.question.edited",
        [QuestionStatus.PENDING, QuestionStatus.APPROVED, QuestionStatus.ANSWERING],
        change,
        {"text": text},
    )


def merge_question(question: Question, *, into: Question, actor) -> Question:
    """Fold a duplicate into ``into``: its votes move over (each person still counts once).

    Both rows are locked first, in the order of their ids (two moderators merging the two into
    each other at once: one waits, then finds the other merged and is refused), and the target's
    status is checked under the lock. A vote on either takes the same row lock, so none is lost
    or counted twice while the votes move.
    """
    require(actor, "hearing.moderate", question.hearing)
    if into.pk == question.pk or into.item_id != question.item_id:
        raise LiveError(phrases.MERGE_TARGET)

    def change(q):
        target = Question.objects.get(pk=into.pk)
        if target.status in (QuestionStatus.REJECTED, QuestionStatus.MERGED):
            raise LiveError(phrases.MERGE_TARGET)
        q.status = QuestionStatus.MERGED
        q.merged_into = target
        known = Vote.objects.filter(question=target).values("voter")
        Vote.objects.filter(question=q).exclude(voter__in=known).update(question=target)
        Vote.objects.filter(question=q).delete()
        Question.objects.filter(pk=target.pk).update(
            votes_count=Vote.objects.filter(question=target).count()
        )
        q.votes_count = 0

    with transaction.atomic():
        both = Question.objects.select_for_update(no_key=True).filter(pk__in=[question.pk, into.pk])
        list(both.order_by("pk").values_list("pk"))
        return _moderate(
            question,
            actor,
            "live.question.merged",
            [QuestionStatus.PENDING, QuestionStatus.APPROVED],
            change,
            {"into": into.pk},
        )


def start_answering(question: Question, *, actor) -> Question:
    """Mark "now answering"; a question answered before it is marked answered."""
    now = timezone.now()

    def change(q):
        Question.objects.filter(item=q.item, status=QuestionStatus.ANSWERING).update(
            status=QuestionStatus.ANSWERED, answered_at=now
        )
        q.status = QuestionStatus.ANSWERING
        q.answering_since = now

    return _moderate(question, actor, "live.question.answering", [QuestionStatus.APPROVED], change)


def mark_answered(question: Question, *, actor) -> Question:
    def change(q):
        q.status = QuestionStatus.ANSWERED
        q.answered_at = timezone.now()

    return _moderate(
        question,
        actor,
        "live.question.answered",
        [QuestionStatus.APPROVED, QuestionStatus.ANSWERING],
        change,
    )
