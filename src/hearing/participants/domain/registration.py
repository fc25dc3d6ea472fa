"""Registration: in person or virtual, seat capacity without overbooking, the waiting list.

Seat booking is serialised per hearing by locking its RegistrationSettings row
(``select_for_update``; on SQLite the IMMEDIATE transaction takes the write lock at BEGIN), so two
people booking the last seat at once cannot both get it.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import StateError
from hearing.core.permissions import require
from hearing.core.text import limited
from hearing.hearings.models import Hearing
from hearing.participants import phrases
from hearing.participants.enums import Attendance, Status
from hearing.participants.models import Participant, RegistrationSettings


class RegistrationError(StateError):
    """The registration cannot be done as asked; the message says why."""


def settings_for(hearing: Hearing) -> RegistrationSettings:
    row, _ = RegistrationSettings.objects.get_or_create(hearing=hearing)
    return row


def _lock(hearing: Hearing) -> RegistrationSettings:
    settings_for(hearing)
    return RegistrationSettings.objects.select_for_update(no_key=True).get(hearing=hearing)


def seats_taken(hearing: Hearing) -> int:
    return Participant.objects.filter(
        hearing=hearing, status=Status.REGISTERED, attendance=Attendance.IN_PERSON
    ).count()


def waiting_position(participant: Participant) -> int:
    return Participant.objects.filter(
        hearing_id=participant.hearing_id,
        status=Status.WAITING,
        waiting_since__lte=participant.waiting_since,
    ).count()


NEEDS_MAX_LENGTH = 2000


def register(
    participant: Participant,
    *,
    attendance: str,
    consent: bool,
    accessibility_needs: str = "",
    actor=None,
) -> Participant:
    """Register (or change the registration of) ``participant``, who proved who they are by link.

    In person takes a seat if one is free, else puts a new registration on the waiting list.
    Raises RegistrationError when the link was revoked, registration is closed, the group does
    not allow ``attendance``, consent is missing, or a virtual registration asks for a seat that
    is not free (it stays virtual); InputError when the accessibility needs are over
    NEEDS_MAX_LENGTH characters (nothing is cut).
    """
    needs = limited(
        accessibility_needs, max_length=NEEDS_MAX_LENGTH, label=_("Die Angabe zur Barrierefreiheit")
    )
    with transaction.atomic():
        rules = _lock(participant.hearing)
        locked = (
            Participant.objects.select_for_update(no_key=True)
            .select_related("group")
            .get(pk=participant.pk)
        )
        if locked.status == Status.REVOKED or locked.anonymised_at:
            raise RegistrationError(phrases.LINK_REVOKED_STATE)
        if not rules.registration_open:
            raise RegistrationError(phrases.REGISTRATION_CLOSED)
        if attendance not in dict(locked.group.attendance_choices):
            raise RegistrationError(phrases.NOT_ALLOWED_MODE)
        if not consent:
            raise RegistrationError(phrases.CONSENT_REQUIRED)
        now = timezone.now()
        had_seat = locked.has_ticket
        previous = {"status": locked.status, "attendance": locked.attendance}
        if attendance == Attendance.IN_PERSON and not had_seat:
            if seats_taken(locked.hearing) < rules.seat_capacity:
                locked.status = Status.REGISTERED
                locked.waiting_since = None
            elif locked.status == Status.REGISTERED:
                raise RegistrationError(phrases.FULL_KEEP_VIRTUAL)
            elif locked.status != Status.WAITING:
                locked.status = Status.WAITING
                locked.waiting_since = now
        elif attendance == Attendance.VIRTUAL:
            locked.status = Status.REGISTERED
            locked.waiting_since = None
        if locked.status == Status.REGISTERED and previous["status"] != Status.REGISTERED:
            locked.registered_at = now
        locked.attendance = attendance
        locked.accessibility_needs = needs
        if not locked.consent_recording or locked.consent_version != rules.consent_version:
            locked.consent_recording = True
            locked.consent_at = now
            locked.consent_version = rules.consent_version
        locked.save()
        log_action(
            "participants.registration.changed"
            if previous["status"] in (Status.REGISTERED, Status.WAITING)
            else "participants.registration.created",
            actor,
            locked,
            {
                "participant": locked.pk,
                "from": previous,
                "status": locked.status,
                "attendance": locked.attendance,
                "consent_version": locked.consent_version,
            },
        )
        if had_seat and not locked.has_ticket:
            _promote(locked.hearing, rules)
    return locked


def cancel(participant: Participant, *, actor=None) -> Participant:
    """Cancel the registration (or the place on the waiting list); a freed seat goes to the
    first person waiting, who gets an e-mail."""
    with transaction.atomic():
        rules = _lock(participant.hearing)
        locked = Participant.objects.select_for_update(no_key=True).get(pk=participant.pk)
        had_seat = locked.has_ticket
        if locked.status in (Status.REGISTERED, Status.WAITING):
            previous = locked.status
            locked.status = Status.CANCELLED
            locked.waiting_since = None
            locked.save(update_fields=["status", "waiting_since", "modified"])
            log_action(
                "participants.registration.cancelled",
                actor,
                locked,
                {"participant": locked.pk, "from": previous},
            )
        if had_seat:
            _promote(locked.hearing, rules)
    return locked


def revoke(participant: Participant, *, actor) -> Participant:
    """Revoke the invitation: every link and the ticket stop working. Raises PermissionDenied."""
    require(actor, "participants.manage", participant.hearing)
    from hearing.participants.models import new_nonce

    with transaction.atomic():
        rules = _lock(participant.hearing)
        locked = Participant.objects.select_for_update(no_key=True).get(pk=participant.pk)
        had_seat = locked.has_ticket
        previous = locked.status
        locked.status = Status.REVOKED
        locked.link_nonce = new_nonce()
        locked.waiting_since = None
        locked.save(update_fields=["status", "link_nonce", "waiting_since", "modified"])
        log_action(
            "participants.invitation.revoked",
            actor,
            locked,
            {"participant": locked.pk, "from": previous},
        )
        if had_seat:
            _promote(locked.hearing, rules)
    return locked


def _promote(hearing: Hearing, rules: RegistrationSettings) -> list[Participant]:
    """Give free seats to the people waiting longest. Runs under the hearing's lock."""
    from hearing.participants.domain import mail

    free = rules.seat_capacity - seats_taken(hearing)
    if free <= 0:
        return []
    promoted = list(
        Participant.objects.select_for_update(no_key=True)
        .filter(hearing=hearing, status=Status.WAITING)
        .order_by("waiting_since", "pk")[:free]
    )
    now = timezone.now()
    for person in promoted:
        person.status = Status.REGISTERED
        person.registered_at = now
        person.waiting_since = None
        person.save(update_fields=["status", "registered_at", "waiting_since", "modified"])
        log_action("participants.waiting_list.promoted", None, person, {"participant": person.pk})
        transaction.on_commit(lambda person=person: mail.send_promotion(person))
    return promoted
