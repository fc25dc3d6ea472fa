"""Groups and their capabilities, the slots on the hearing page and the console, the demo."""

import pytest
from django.core.management import call_command

from hearing.participants.demo import INVITEES
from hearing.participants.models import Participant, ParticipantGroup, RegistrationSettings
from tests.factories import ParticipantFactory
from tests.participants.conftest import client_for, register


def test_attendance_choices_follow_the_group(group):
    assert group.attendance_choices == [("in_person", "vor Ort"), ("virtual", "virtuell")]
    group.may_attend_in_person = False
    assert group.attendance_choices == [("virtual", "virtuell")]


def test_console_panel_shows_the_attendance_figures(hearing, group, alice_client):
    ParticipantFactory(group=group)
    participant = ParticipantFactory(group=group)
    register(client_for(participant), hearing, "virtual")
    page = alice_client.get(f"/backoffice/hearings/{hearing.slug}/console/").content.decode()
    assert "1 angemeldet (0 vor Ort, 1 virtuell), 0 eingecheckt, 0 auf der Warteliste." in page
    assert f'href="/participation/{hearing.slug}/attendance/"' in page
    # a moderator may not see personal data, so no link to the list
    assert f'href="/participation/{hearing.slug}/manage/"' not in page


def test_hearing_page_shows_a_registered_participant_their_links(hearing, invitee):
    client = client_for(invitee)
    register(client, hearing, "in_person")
    page = client.get(f"/hearings/{hearing.slug}/").content.decode()
    assert "Angemeldet als Beispiel Stadträtin A: angemeldet." in page
    assert f'href="/participation/{hearing.slug}/personal/"' in page
    assert f'href="/participation/{hearing.slug}/ticket/"' in page


def test_public_visitors_see_no_participation_panel_without_self_registration(
    hearing, invitee, anonymous_client
):
    page = anonymous_client.get(f"/hearings/{hearing.slug}/").content.decode()
    assert 'id="participation-heading"' not in page
    assert "/participation/" not in page


def test_organiser_sees_back_office_links_on_the_hearing_page(hearing, organiser_client):
    page = organiser_client.get(f"/hearings/{hearing.slug}/").content.decode()
    for name in ("manage", "check-in", "attendance"):
        assert f'href="/participation/{hearing.slug}/{name}/"' in page


def test_groups_are_edited_in_the_admin(hearing, group):
    from django.test import Client

    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/participants/participantgroup/").status_code == 200
    response = client.get(f"/admin/participants/participantgroup/{group.pk}/change/")
    assert response.status_code == 200
    assert 'name="in_statistics"' in response.content.decode()
    assert client.get("/admin/participants/registrationsettings/").status_code == 200


@pytest.mark.django_db
def test_demo_has_invitees_in_every_group_that_registers_and_loads_idempotently():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    groups = ParticipantGroup.objects.filter(hearing__slug="ki-stadtratshearing-2024")
    counts = {g.slug: g.participants.count() for g in groups}
    assert counts == {
        "stadtrat": 3,
        "berufsm-stadtraete": 2,
        "gpr": 2,
        "digitalrat": 2,
        "digitalisierungsmanager": 2,
        "beschaeftigte": 2,
        "oeffentlichkeit": 0,
    }
    assert all(
        name.startswith("Beispiel ") for name in Participant.objects.values_list("name", flat=True)
    )
    assert all(
        email.endswith("@example.org")
        for email in Participant.objects.values_list("email", flat=True)
    )
    assert RegistrationSettings.objects.get().seat_capacity == 80
    before = sorted(Participant.objects.values_list("pk", "modified", "link_nonce", "ticket_code"))
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        sorted(Participant.objects.values_list("pk", "modified", "link_nonce", "ticket_code"))
        == before
    )
    assert sum(len(people) for people in INVITEES.values()) == 13


def test_admin_views_of_participants_are_audit_logged(invitee):
    from django.test import Client

    from hearing.core.models import AuditLogEntry
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/participants/participant/").status_code == 200
    assert client.get(f"/admin/participants/participant/{invitee.pk}/change/").status_code == 200
    entries = AuditLogEntry.objects.filter(action="participants.personal_data.viewed").order_by(
        "id"
    )
    assert [(e.actor, e.data) for e in entries] == [
        (admin, {"view": "admin-list"}),
        (admin, {"view": "admin-change", "participant": str(invitee.pk)}),
    ]
