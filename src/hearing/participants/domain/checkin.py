"""Check-in at the door: one ticket code, used once."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.timezone import localtime

from hearing.core.audit import log_action
from hearing.core.errors import StateError
from hearing.core.permissions import require
from hearing.hearings.models import Hearing
from hearing.participants import phrases
from hearing.participants.enums import Attendance, Status
from hearing.participants.models import Participant, typed_ticket_code


class CheckInError(StateError):
    """The code was refused; the message says why, in words the door staff can read out."""


def check_in(hearing: Hearing, code: str, *, actor) -> Participant:
    """Check in the ticket with ``code``.

    Raises PermissionDenied unless ``actor`` may check in on ``hearing``; CheckInError for an
    empty, unknown, revoked, cancelled, not-in-person or already used code.
    """
    require(actor, "participants.check_in", hearing)
    code = (code or "").strip()
    if not code:
        raise CheckInError(phrases.CHECKIN_EMPTY)
    with transaction.atomic():
        # New codes in any case and grouping; codes issued before (22 mixed-case characters)
        # exactly as printed on their tickets.
        participant = (
            Participant.objects.select_for_update(no_key=True)
            .filter(
                Q(ticket_code=typed_ticket_code(code)[:40]) | Q(ticket_code=code[:40]),
                hearing=hearing,
            )
            .first()
        )
        if participant is None or participant.anonymised_at:
            raise CheckInError(phrases.CHECKIN_UNKNOWN)
        if participant.status == Status.REVOKED:
            raise CheckInError(phrases.CHECKIN_REVOKED)
        if participant.checked_in_at is not None:
            raise CheckInError(
                phrases.CHECKIN_USED
                % {"time": time_format(localtime(participant.checked_in_at), "H:i")}
            )
        if participant.status != Status.REGISTERED:
            raise CheckInError(phrases.CHECKIN_CANCELLED)
        if participant.attendance != Attendance.IN_PERSON:
            raise CheckInError(phrases.CHECKIN_NOT_IN_PERSON)
        participant.checked_in_at = timezone.now()
        participant.save(update_fields=["checked_in_at", "modified"])
        log_action("participants.checked_in", actor, participant, {"participant": participant.pk})
    return participant


def attendance_figures(hearing: Hearing) -> dict:
    """Counts per group shown in statistics, and totals over all groups; two queries."""
    registered = Q(participants__status=Status.REGISTERED)
    groups = hearing.groups.order_by("position").annotate(
        invited=Count("participants", filter=~Q(participants__status=Status.REVOKED)),
        registered=Count("participants", filter=registered),
        in_person=Count(
            "participants", filter=registered & Q(participants__attendance=Attendance.IN_PERSON)
        ),
        virtual=Count(
            "participants", filter=registered & Q(participants__attendance=Attendance.VIRTUAL)
        ),
        waiting=Count("participants", filter=Q(participants__status=Status.WAITING)),
        checked_in=Count("participants", filter=Q(participants__checked_in_at__isnull=False)),
    )
    rows = list(groups)
    keys = ["invited", "registered", "in_person", "virtual", "waiting", "checked_in"]
    totals = {key: sum(getattr(row, key) for row in rows) for key in keys}
    from hearing.participants.domain.registration import settings_for

    return {
        "groups": [row for row in rows if row.in_statistics],
        "totals": totals,
        "capacity": settings_for(hearing).seat_capacity,
    }
