"""Personal links: signed, expiring, revocable, bound to one participant.

The signed value carries the participant's id and the nonce stored on the participant. Revoking
replaces the nonce, so every link sent before stops working; ``max_age`` makes links expire.
"""

from datetime import timedelta

from django.core import signing

from hearing.core.errors import UserError
from hearing.participants.enums import Status
from hearing.participants.models import Participant, RegistrationSettings

INVITATION_SALT = "hearing.participants.invitation"
CONFIRMATION_SALT = "hearing.participants.confirmation"
CONFIRMATION_MAX_AGE = timedelta(days=2)


class LinkError(UserError):
    """The link cannot be used; ``reason`` is one of tampered, expired, revoked."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def make_token(participant: Participant, salt: str = INVITATION_SALT) -> str:
    return signing.dumps(
        {"p": participant.pk, "n": participant.link_nonce}, salt=salt, compress=True
    )


def max_age_for(participant_or_hearing_id) -> timedelta:
    settings_row = RegistrationSettings.objects.filter(hearing_id=participant_or_hearing_id).first()
    days = settings_row.invitation_valid_days if settings_row else 90
    return timedelta(days=days)


def read_token(token: str, hearing, salt: str = INVITATION_SALT) -> Participant:
    """Return the participant the link belongs to.

    Raises LinkError("tampered") for a forged or mangled link or one for another hearing,
    LinkError("expired") when it is too old, LinkError("revoked") when the organiser revoked it
    (or a newer link replaced it).
    """
    max_age = CONFIRMATION_MAX_AGE if salt == CONFIRMATION_SALT else max_age_for(hearing.pk)
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except signing.BadSignature:
        raise LinkError("tampered") from None
    if not isinstance(value, dict) or not isinstance(value.get("p"), int):
        raise LinkError("tampered")
    participant = (
        Participant.objects.select_related("group", "hearing")
        .filter(pk=value["p"], hearing=hearing)
        .first()
    )
    if participant is None or participant.anonymised_at is not None:
        raise LinkError("tampered")
    if participant.link_nonce != value.get("n") or participant.status == Status.REVOKED:
        raise LinkError("revoked")
    return participant
