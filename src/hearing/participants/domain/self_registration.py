"""Self-registration for groups that allow it, confirmed by e-mail before it counts."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import InputError, StateError
from hearing.core.ratelimit import count_attempt
from hearing.core.text import limited
from hearing.participants.domain import mail
from hearing.participants.enums import Admission, Status
from hearing.participants.models import Participant, ParticipantGroup

# Mails to one address per hour, whoever asks: a stranger who types someone's address five times
# neither floods that mailbox nor locks its owner out (the page answers the same either way).
MAILS_PER_ADDRESS = 3


def _may_mail(email: str) -> bool:
    return not count_attempt(
        "participants.self_registration.mail", [email.lower()], limit=MAILS_PER_ADDRESS, window=3600
    )


class SelfRegistrationError(StateError):
    """The group does not allow self-registration."""


def self_register(
    group: ParticipantGroup, *, name: str, email: str, organisation: str, language: str
) -> Participant | None:
    """Create a pending participant and send the confirmation link.

    An address already known for this hearing gets its personal link again instead, so the
    page never reveals who is registered. Raises SelfRegistrationError for groups without
    self-registration; InputError for an empty or over-long name (200 characters), an over-long
    organisation (200) or an address that is not one line. Name and organisation become one line
    each (they go into the confirmation e-mail's text and lists), nothing is cut.
    """
    name = limited(name, max_length=200, label=_("Der Name"), multiline=False, required=True)
    organisation = limited(
        organisation, max_length=200, label=_("Die Organisation"), multiline=False
    )
    email = (email or "").strip()
    if not email or any(not ch.isprintable() or ch.isspace() for ch in email):
        raise InputError(_("Bitte eine gültige E-Mail-Adresse angeben."), field="email")
    if group.admission != Admission.SELF_REGISTRATION:
        raise SelfRegistrationError(_("Für diese Gruppe ist keine Selbstanmeldung vorgesehen."))
    existing = Participant.objects.filter(hearing_id=group.hearing_id, email__iexact=email).first()
    if existing is not None:
        if existing.status == Status.REVOKED or existing.anonymised_at is not None:
            return None
        if _may_mail(email):
            if existing.status == Status.PENDING:
                mail.send_confirmation(existing)
            else:
                mail.send_personal_link(existing)
        return None
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                hearing_id=group.hearing_id,
                group=group,
                name=name,
                email=email,
                organisation=organisation,
                language=language,
                status=Status.PENDING,
            )
            log_action(
                "participants.self_registration.created",
                None,
                participant,
                {"participant": participant.pk, "group": group.slug},
            )
    except IntegrityError:
        return None  # the same address at the same moment: the first one wins
    if _may_mail(email):
        mail.send_confirmation(participant)
    return participant


def confirm(participant: Participant) -> Participant:
    """The confirmation link was opened: the address is real; the person may now register."""
    if participant.status == Status.PENDING:
        with transaction.atomic():
            participant.status = Status.INVITED
            participant.save(update_fields=["status", "modified"])
            log_action(
                "participants.self_registration.confirmed",
                None,
                participant,
                {"participant": participant.pk},
            )
    return participant
