"""Which participant this browser is: set in the session by a personal link or a confirmed
self-registration, never guessed from anything the visitor types."""

from hearing.hearings.models import Hearing
from hearing.participants.enums import Status
from hearing.participants.models import Participant

SESSION_KEY = "participants"


def remember(request, participant: Participant) -> None:
    """Bind this browser to ``participant`` for its hearing (after a valid link)."""
    known = dict(request.session.get(SESSION_KEY, {}))
    known[str(participant.hearing_id)] = participant.pk
    request.session[SESSION_KEY] = known
    request.session.cycle_key()


def forget(request, hearing: Hearing) -> None:
    known = dict(request.session.get(SESSION_KEY, {}))
    if known.pop(str(hearing.pk), None) is not None:
        request.session[SESSION_KEY] = known


def session_participant(request, hearing: Hearing) -> Participant | None:
    """The participant this browser opened a link for, whatever their status (not anonymised)."""
    pk = request.session.get(SESSION_KEY, {}).get(str(hearing.pk))
    queryset = Participant.objects.select_related("group", "hearing").filter(
        hearing=hearing, anonymised_at__isnull=True
    )
    if pk is not None:
        participant = queryset.filter(pk=pk).exclude(status=Status.REVOKED).first()
        if participant is not None:
            return participant
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return queryset.filter(user=user).exclude(status=Status.REVOKED).first()
    return None


def current_participant(request, hearing: Hearing) -> Participant | None:
    """The registered, not cancelled participant of ``hearing`` for this browser, else None."""
    participant = session_participant(request, hearing)
    if participant is None or participant.status != Status.REGISTERED:
        return None
    return participant
