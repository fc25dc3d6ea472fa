"""Invitation e-mails in German and English; resend and revoke in the back office."""

from django.core import mail

from hearing.core.models import AuditLogEntry
from hearing.participants.models import Participant
from tests.factories import ParticipantFactory
from tests.participants.conftest import client_for


def test_send_invitations_once_to_everyone_invited(hearing, group, organiser_client, organiser):
    de = ParticipantFactory(group=group, name="Beispiel Stadträtin A", email="a@example.org")
    en = ParticipantFactory(
        group=group, name="Example Member B", email="b@example.org", language="en"
    )
    ParticipantFactory(group=group, status="revoked")
    response = organiser_client.post(f"/participation/{hearing.slug}/manage/send/", follow=True)
    assert "2 Einladung(en) verschickt." in response.content.decode()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["a@example.org", "b@example.org"]
    german, english = by_address["a@example.org"], by_address["b@example.org"]
    assert german.subject == f"Einladung: {hearing.title}"
    assert english.subject == f"Invitation: {hearing.title}"
    assert german.body.startswith("Guten Tag Beispiel Stadträtin A,")
    assert english.body.startswith("Dear Example Member B,")
    assert f"http://127.0.0.1:8000/participation/{hearing.slug}/link/" in german.body
    assert german.from_email == "hearing@localhost"
    assert Participant.objects.filter(invitation_sent_at__isnull=False).count() == 2
    assert AuditLogEntry.objects.get(action="participants.invitations.sent").data == {"count": 2}
    # the link in the e-mail works
    link = next(line for line in german.body.splitlines() if "/link/" in line)
    client = organiser_client.__class__()
    assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 302
    # a second run sends nothing new
    mail.outbox.clear()
    organiser_client.post(f"/participation/{hearing.slug}/manage/send/")
    assert mail.outbox == []
    assert {de.pk, en.pk} == set(
        Participant.objects.filter(invitation_sent_at__isnull=False).values_list("pk", flat=True)
    )


def test_resend_sends_a_working_link_again(hearing, invitee, organiser_client):
    response = organiser_client.post(
        f"/participation/{hearing.slug}/manage/{invitee.pk}/resend/", follow=True
    )
    assert "Einladung an Beispiel Stadträtin A erneut verschickt." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert AuditLogEntry.objects.filter(action="participants.invitation.resent").count() == 1


def test_revoke_stops_link_and_ticket_and_frees_the_seat(
    hearing, group, invitee, organiser_client, django_capture_on_commit_callbacks
):
    from hearing.participants.domain import registration
    from hearing.participants.models import RegistrationSettings

    RegistrationSettings.objects.create(hearing=hearing, seat_capacity=1)
    client = client_for(invitee)
    registration.register(invitee, attendance="in_person", consent=True)
    waiting = registration.register(
        ParticipantFactory(group=group), attendance="in_person", consent=True
    )
    assert waiting.status == "waiting"
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            f"/participation/{hearing.slug}/manage/{invitee.pk}/revoke/", follow=True
        )
    assert "Einladung von Beispiel Stadträtin A widerrufen." in response.content.decode()
    invitee.refresh_from_db()
    waiting.refresh_from_db()
    assert (invitee.status, waiting.status) == ("revoked", "registered")
    assert client.get(f"/participation/{hearing.slug}/ticket/").status_code == 404
    assert [m.to for m in mail.outbox] == [[waiting.email]]
    # a revoked invitation cannot be resent
    assert (
        organiser_client.post(
            f"/participation/{hearing.slug}/manage/{invitee.pk}/resend/"
        ).status_code
        == 404
    )


def test_email_backend_is_django_s(settings, hearing, invitee, organiser, tmp_path):
    """The default backend writes files into the data directory (here a temporary one)."""
    from hearing.participants.domain import mail as participant_mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    participant_mail.resend_invitation(invitee, actor=organiser)
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert "Subject: Einladung:" in files[0].read_text()
