"""Read-side data for the live panels, each with a fixed number of queries."""

from django.db.models import Count
from django.urls import reverse

from hearing.core.permissions import has_permission
from hearing.events.bus import last_seq
from hearing.hearings.models import AgendaItem, Hearing
from hearing.live.domain.common import public_questions, speakers_snapshot
from hearing.live.models import Question, QuestionStatus, SpeakingTurn, TurnStatus, Vote
from hearing.live.models import settings_for as live_settings


def interactive_item(hearing: Hearing) -> AgendaItem | None:
    """The running item if it has a Q&A round or discussion."""
    item = hearing.current_item
    if item is None or not item.is_interactive or item.deleted:
        return None
    return item


def public_context(hearing: Hearing, last_event: int | None = None) -> dict:
    """The public live panel's data; ``last_event`` is the hearing's last event number if the
    page has read it already (one query less)."""
    item = interactive_item(hearing)
    settings = live_settings(hearing) if item else None
    return {
        "hearing": hearing,
        "live_item": item,
        "questions": public_questions(item) if item else [],
        "speakers": speakers_snapshot(item) if item else None,
        "last_event": last_seq(hearing.pk) if last_event is None else last_event,
        # Only a running Q&A needs the switches: one query less on an idle hearing page.
        "live_settings": settings,
        "public_ask_open": bool(item and settings.public_questions),
    }


def participant_context(hearing: Hearing, participant, user=None) -> dict:
    context = public_context(hearing)
    item = context["live_item"]
    voter = f"p{participant.pk}" if participant is not None else ""
    context.update(
        participant=participant,
        # Forms in the re-fetched part return to the participant's page, not to the fragment.
        page_url=reverse("participants:personal", kwargs={"slug": hearing.slug}),
        voted=set(
            Vote.objects.filter(question__item=item, voter=voter).values_list(
                "question_id", flat=True
            )
        )
        if item and voter
        else set(),
        my_questions=list(
            Question.objects.filter(item=item, participant=participant).order_by("created")
        )
        if item and participant
        else [],
        my_turn=SpeakingTurn.objects.filter(
            item=item, participant=participant, status__in=TurnStatus.open()
        ).first()
        if item and participant
        else None,
        may_ask=bool(participant and participant.group.may_ask_questions),
        # The rule of qa.vote: only interactive groups vote (no buttons that can only refuse).
        may_vote=bool(participant and participant.group.is_interactive),
        may_speak=bool(participant and participant.group.may_join_speakers_list),
        can_moderate=has_permission(user, "hearing.moderate", hearing) if user else False,
    )
    return context


def console_context(hearing: Hearing) -> dict:
    context = public_context(hearing)
    context["live_settings"] = live_settings(hearing)
    item = context["live_item"]
    if item is None:
        context.update(queue=[], answered=[], turns=[], candidates=[])
        return context
    questions = list(
        Question.objects.filter(item=item)
        .exclude(status__in=[QuestionStatus.MERGED])
        .select_related("participant__group")
        .annotate(duplicates_count=Count("duplicates"))
        .order_by("created", "id")
    )
    context.update(
        queue=[q for q in questions if q.status == QuestionStatus.PENDING],
        live_questions=[
            q for q in questions if q.status in (QuestionStatus.APPROVED, QuestionStatus.ANSWERING)
        ],
        closed=[
            q for q in questions if q.status in (QuestionStatus.ANSWERED, QuestionStatus.REJECTED)
        ],
        turns=list(
            SpeakingTurn.objects.filter(item=item, status__in=TurnStatus.open()).order_by(
                "position", "id"
            )
        ),
        done_turns=list(
            SpeakingTurn.objects.filter(item=item, status=TurnStatus.DONE).order_by("started_at")
        ),
    )
    return context


def wall_context(hearing: Hearing) -> dict:
    """The wall's live part: the public panel's data, the running item (with Q&A or not) and the
    one after it."""
    context = public_context(hearing)
    current = hearing.current_item
    items = hearing.items.filter(deleted=False).order_by("position")
    following = items.filter(position__gt=current.position) if current else items
    context.update(current_item=current, next_item=following.first())
    return context
