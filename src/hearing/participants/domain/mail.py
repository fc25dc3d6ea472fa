"""E-mails to participants, in each participant's language, through Django's e-mail backend
(files in the data directory by default, SMTP by settings)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from hearing.core.audit import log_action
from hearing.core.permissions import require
from hearing.participants.domain.tokens import CONFIRMATION_SALT, make_token
from hearing.participants.enums import Status
from hearing.participants.models import Participant

# Lazy, so each message is translated in its recipient's language.
INVITATION_SUBJECT = gettext_lazy("Einladung: %(hearing)s")
PROMOTION_SUBJECT = gettext_lazy("Ein Platz ist frei geworden: %(hearing)s")
CONFIRMATION_SUBJECT = gettext_lazy("Bitte bestätigen Sie Ihre Anmeldung: %(hearing)s")


def personal_link(participant: Participant) -> str:
    path = reverse(
        "participants:link",
        kwargs={"slug": participant.hearing.slug, "token": make_token(participant)},
    )
    return settings.SITE_URL + path


def confirmation_link(participant: Participant) -> str:
    path = reverse(
        "participants:confirm",
        kwargs={
            "slug": participant.hearing.slug,
            "token": make_token(participant, CONFIRMATION_SALT),
        },
    )
    return settings.SITE_URL + path


def _message(participant: Participant, template: str, subject: str, connection=None, **extra):
    with translation.override(participant.language):
        context = {"participant": participant, "hearing": participant.hearing, **extra}
        body = render_to_string(f"participants/email/{template}.txt", context)
        subject_text = str(subject) % {"hearing": participant.hearing.title}
    return EmailMessage(
        subject_text, body, settings.DEFAULT_FROM_EMAIL, [participant.email], connection=connection
    )


def _send_invitation(participant, connection=None) -> None:
    message = _message(
        participant,
        "invitation",
        INVITATION_SUBJECT,
        connection,
        link=personal_link(participant),
    )
    message.send()


def send_invitations(hearing, *, actor, participants=None) -> int:
    """Send the invitation to everyone invited who has not had one yet (or to ``participants``).

    Raises PermissionDenied unless ``actor`` manages participants of ``hearing``.
    """
    require(actor, "participants.manage", hearing)
    if participants is None:
        participants = Participant.objects.filter(
            hearing=hearing, status=Status.INVITED, invitation_sent_at__isnull=True
        ).exclude(email="")
    participants = list(participants.select_related("hearing"))
    connection = get_connection()
    sent = []
    with connection:
        for participant in participants:
            _send_invitation(participant, connection)
            sent.append(participant.pk)
    now = timezone.now()
    with transaction.atomic():
        Participant.objects.filter(pk__in=sent).update(invitation_sent_at=now, modified=now)
        log_action("participants.invitations.sent", actor, hearing, {"count": len(sent)})
    return len(sent)


def resend_invitation(participant: Participant, *, actor) -> None:
    """Send the personal link again. Raises PermissionDenied."""
    require(actor, "participants.manage", participant.hearing)
    _send_invitation(participant)
    now = timezone.now()
    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(invitation_sent_at=now, modified=now)
        log_action(
            "participants.invitation.resent", actor, participant, {"participant": participant.pk}
        )


def send_personal_link(participant: Participant) -> None:
    """For a self-registration with an address that is already known: send its link again."""
    _send_invitation(participant)


def send_confirmation(participant: Participant) -> None:
    _message(
        participant, "confirmation", CONFIRMATION_SUBJECT, link=confirmation_link(participant)
    ).send()


def send_promotion(participant: Participant) -> None:
    _message(participant, "promotion", PROMOTION_SUBJECT, link=personal_link(participant)).send()
