"""Registration through the personal link: mode, capacity, waiting list, cancel, consent."""

import pytest
from django.core import mail

from hearing.core.models import AuditLogEntry
from hearing.participants.domain import registration
from hearing.participants.models import Participant, RegistrationSettings
from tests.factories import ParticipantFactory, ParticipantGroupFactory
from tests.participants.conftest import client_for, register


def set_capacity(hearing, seats):
    RegistrationSettings.objects.update_or_create(
        hearing=hearing, defaults={"seat_capacity": seats}
    )


def test_register_in_person_gets_a_ticket_and_stores_consent(hearing, invitee):
    client = client_for(invitee)
    page = client.get(f"/participation/{hearing.slug}/registration/")
    assert page.status_code == 200
    assert "Jetzt anmelden" in page.content.decode()
    response = register(client, hearing, "in_person", needs="Rollstuhlplatz")
    assert response.status_code == 302
    assert response["Location"] == f"/participation/{hearing.slug}/ticket/"
    invitee.refresh_from_db()
    assert (invitee.status, invitee.attendance) == ("registered", "in_person")
    assert invitee.accessibility_needs == "Rollstuhlplatz"
    assert invitee.consent_recording is True
    assert invitee.consent_version == "1"
    assert invitee.consent_at is not None
    assert invitee.registered_at is not None
    entry = AuditLogEntry.objects.get(action="participants.registration.created")
    assert entry.data["status"] == "registered"
    assert entry.data["consent_version"] == "1"


def test_consent_is_required(hearing, invitee):
    client = client_for(invitee)
    response = register(client, hearing, "in_person", consent=False)
    assert response.status_code == 200
    assert "ohne diese Einwilligung ist eine Anmeldung nicht möglich" in response.content.decode()
    invitee.refresh_from_db()
    assert invitee.status == "invited"


def test_new_consent_version_is_recorded_on_the_next_change(hearing, invitee):
    client = client_for(invitee)
    register(client, hearing, "virtual")
    RegistrationSettings.objects.filter(hearing=hearing).update(consent_version="2")
    register(client, hearing, "virtual")
    invitee.refresh_from_db()
    assert invitee.consent_version == "2"


def test_the_group_decides_which_modes_are_offered(hearing):
    group = ParticipantGroupFactory(hearing=hearing, may_attend_in_person=False)
    participant = ParticipantFactory(group=group)
    client = client_for(participant)
    page = client.get(f"/participation/{hearing.slug}/registration/").content.decode()
    assert 'value="virtual"' in page
    assert 'value="in_person"' not in page
    response = register(client, hearing, "in_person")
    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.status == "invited"


def test_domain_refuses_a_mode_the_group_does_not_allow(hearing):
    group = ParticipantGroupFactory(hearing=hearing, may_attend_virtually=False)
    participant = ParticipantFactory(group=group)
    with pytest.raises(registration.RegistrationError) as excinfo:
        registration.register(participant, attendance="virtual", consent=True)
    assert str(excinfo.value) == "Diese Teilnahmeart ist für Ihre Gruppe nicht vorgesehen."


def test_full_venue_puts_people_on_the_waiting_list_and_promotes_on_cancellation(
    hearing, group, django_capture_on_commit_callbacks
):
    set_capacity(hearing, 1)
    first, second, third = ParticipantFactory.create_batch(3, group=group)
    clients = [client_for(p) for p in (first, second, third)]
    register(clients[0], hearing, "in_person")
    response = register(clients[1], hearing, "in_person")
    assert response.status_code == 302
    page = clients[1].get(response["Location"]).content.decode()
    assert "Sie stehen auf der Warteliste (Platz 1)" in page
    register(clients[2], hearing, "in_person")
    statuses = dict(Participant.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "registered", second.pk: "waiting", third.pk: "waiting"}
    assert clients[2].get(f"/participation/{hearing.slug}/ticket/").status_code == 404

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        clients[0].post(f"/participation/{hearing.slug}/registration/cancel/")
    statuses = dict(Participant.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "registered", third.pk: "waiting"}
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert mail.outbox[0].subject == f"Ein Platz ist frei geworden: {hearing.title}"
    assert "/participation/" in mail.outbox[0].body
    assert clients[1].get(f"/participation/{hearing.slug}/ticket/").status_code == 200
    assert AuditLogEntry.objects.filter(action="participants.waiting_list.promoted").count() == 1


def test_changing_to_virtual_frees_the_seat(hearing, group):
    set_capacity(hearing, 1)
    first, second = ParticipantFactory.create_batch(2, group=group)
    c1, c2 = client_for(first), client_for(second)
    register(c1, hearing, "in_person")
    register(c2, hearing, "in_person")
    register(c1, hearing, "virtual")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attendance) == ("registered", "virtual")
    assert (second.status, second.attendance) == ("registered", "in_person")


def test_virtual_participant_asking_for_a_full_venue_stays_virtual(hearing, group):
    set_capacity(hearing, 1)
    first, second = ParticipantFactory.create_batch(2, group=group)
    c1, c2 = client_for(first), client_for(second)
    register(c1, hearing, "in_person")
    register(c2, hearing, "virtual")
    response = register(c2, hearing, "in_person")
    assert response.status_code == 200
    assert "Sie bleiben virtuell angemeldet." in response.content.decode()
    second.refresh_from_db()
    assert (second.status, second.attendance) == ("registered", "virtual")


def test_cancel_and_register_again(hearing, invitee):
    client = client_for(invitee)
    register(client, hearing, "in_person")
    response = client.post(f"/participation/{hearing.slug}/registration/cancel/", follow=True)
    assert "Ihre Anmeldung ist abgesagt." in response.content.decode()
    invitee.refresh_from_db()
    assert invitee.status == "cancelled"
    assert client.get(f"/participation/{hearing.slug}/ticket/").status_code == 404
    register(client, hearing, "in_person")
    invitee.refresh_from_db()
    assert invitee.status == "registered"


def test_closed_registration_is_a_message(hearing, invitee):
    RegistrationSettings.objects.create(hearing=hearing, registration_open=False)
    client = client_for(invitee)
    assert (
        "Die Anmeldung ist geschlossen."
        in client.get(f"/participation/{hearing.slug}/registration/").content.decode()
    )
    response = register(client, hearing)
    assert "Die Anmeldung ist geschlossen." in response.content.decode()


def test_registration_pages_need_the_link(hearing, invitee, anonymous_client, alice_client):
    for client in (anonymous_client, alice_client):
        assert client.get(f"/participation/{hearing.slug}/registration/").status_code == 404
        assert register(client, hearing).status_code == 404
        assert client.post(f"/participation/{hearing.slug}/registration/cancel/").status_code == 404
        assert client.get(f"/participation/{hearing.slug}/ticket/").status_code == 404
        assert client.get(f"/participation/{hearing.slug}/ticket.pdf").status_code == 404
    invitee.refresh_from_db()
    assert invitee.status == "invited"


def test_bad_input_is_a_form_error_not_a_500(hearing, invitee):
    client = client_for(invitee)
    response = client.post(
        f"/participation/{hearing.slug}/registration/",
        {"attendance": "teleport", "consent": "on", "accessibility_needs": "x" * 5000},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"attendance", "accessibility_needs"}


def test_ticket_page_and_pdf(hearing, invitee):
    client = client_for(invitee)
    register(client, hearing, "in_person")
    invitee.refresh_from_db()
    page = client.get(f"/participation/{hearing.slug}/ticket/").content.decode()
    assert invitee.ticket_code_display in page
    assert 'src="data:image/svg+xml' in page
    response = client.get(f"/participation/{hearing.slug}/ticket.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_virtual_participants_have_no_ticket(hearing, invitee):
    client = client_for(invitee)
    register(client, hearing, "virtual")
    assert client.get(f"/participation/{hearing.slug}/ticket/").status_code == 404
    assert client.get(f"/participation/{hearing.slug}/personal/").status_code == 200


def test_invitees_of_a_hearing_that_is_not_public_still_reach_their_pages(hearing, invitee):
    hearing.is_public = False
    hearing.save()
    client = client_for(invitee)
    assert register(client, hearing, "in_person").status_code == 302
    assert client.get(f"/participation/{hearing.slug}/ticket/").status_code == 200
    assert client.get(f"/participation/{hearing.slug}/personal/").status_code == 200
    assert client.get(f"/hearings/{hearing.slug}/").status_code == 404
    assert client.get(f"/participation/{hearing.slug}/self-registration/").status_code == 404
    response = client.post(f"/participation/{hearing.slug}/my-data/erase/", {"confirm": "on"})
    assert response["Location"] == "/"
