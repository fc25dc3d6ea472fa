"""A participant's own data: see, export, erase; and anonymisation after the retention period."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hearing.core.audit import log_action
from hearing.participants.domain import registration
from hearing.participants.models import InvitationImport, Participant, new_nonce
from hearing.participants.signals import personal_data_erased

PERSONAL_FIELDS = ["name", "email", "organisation", "accessibility_needs"]


def export(participant: Participant) -> dict:
    """Everything stored about the participant, as plain data (the JSON export)."""

    def when(value):
        return value.isoformat() if value else None

    return {
        "hearing": {
            "title": participant.hearing.title,
            "date": participant.hearing.date.isoformat(),
        },
        "name": participant.name,
        "email": participant.email,
        "organisation": participant.organisation,
        "language": participant.language,
        "group": participant.group.name,
        "status": participant.status,
        "attendance": participant.attendance,
        "accessibility_needs": participant.accessibility_needs,
        "consent": {
            "recording_and_streaming": participant.consent_recording,
            "given_at": when(participant.consent_at),
            "text_version": participant.consent_version,
        },
        "invitation_sent_at": when(participant.invitation_sent_at),
        "registered_at": when(participant.registered_at),
        "checked_in_at": when(participant.checked_in_at),
        "created": when(participant.created),
    }


def _blank(participant: Participant, now) -> None:
    for name in PERSONAL_FIELDS:
        setattr(participant, name, "")
    participant.user = None
    participant.link_nonce = new_nonce()
    participant.anonymised_at = now


def erase(participant: Participant, *, actor=None) -> Participant:
    """The participant deletes their data: the registration is cancelled (a seat goes to the
    waiting list), the personal fields are blanked (counts stay), and apps that copied the name
    forget it (``personal_data_erased``)."""
    registration.cancel(participant, actor=actor)
    with transaction.atomic():
        locked = Participant.objects.select_for_update(no_key=True).get(pk=participant.pk)
        _blank(locked, timezone.now())
        locked.save()
        log_action("participants.data.erased", actor, locked, {"participant": locked.pk})
        personal_data_erased.send(sender=Participant, participant_ids=[locked.pk])
    return locked


def anonymise_expired(*, days: int | None = None, now=None) -> int:
    """Blank the personal data of everyone whose hearing was more than ``days`` ago.

    Status, group, attendance and check-in time stay, so the aggregate counts do not change.
    """
    days = settings.HEARING_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    cutoff = (timezone.localtime(now) - timedelta(days=days)).date()
    batch = list(
        Participant.objects.filter(hearing__date__lt=cutoff, anonymised_at__isnull=True).only(
            "pk", *PERSONAL_FIELDS, "user", "link_nonce", "anonymised_at"
        )
    )
    for participant in batch:
        _blank(participant, now)
    with transaction.atomic():
        Participant.objects.bulk_update(
            batch, [*PERSONAL_FIELDS, "user", "link_nonce", "anonymised_at"], batch_size=500
        )
        # Staged CSV uploads of those hearings hold the same personal data.
        InvitationImport.objects.filter(hearing__date__lt=cutoff).delete()
        if batch:
            log_action(
                "participants.data.anonymised", None, None, {"count": len(batch), "days": days}
            )
            personal_data_erased.send(
                sender=Participant, participant_ids=[participant.pk for participant in batch]
            )
    return len(batch)
