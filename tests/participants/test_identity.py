"""The interface other apps build on: current_participant and the personal page."""

from django.test import RequestFactory

from hearing.participants.domain.identity import current_participant
from hearing.participants.models import Participant
from tests.factories import ParticipantFactory
from tests.participants.conftest import client_for, register


def test_personal_page_for_the_registered_participant_of_this_browser(hearing, invitee):
    client = client_for(invitee)
    assert client.get(f"/participation/{hearing.slug}/personal/").status_code == 404
    assert register(client, hearing, "virtual").status_code == 302
    response = client.get(f"/participation/{hearing.slug}/personal/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Ihre Teilnahme</h1>" in page
    assert "Beispiel Stadträtin A" in page
    assert response.context["participant"] == invitee
    assert response.context["hearing"] == hearing
    templates = [t.name for t in response.templates]
    assert "live/_participant_panel.html" in templates
    assert "media/_participant_panel.html" in templates


def test_public_visitors_and_staff_without_participation_never_get_the_page(
    hearing, invitee, anonymous_client, alice_client
):
    assert anonymous_client.get(f"/participation/{hearing.slug}/personal/").status_code == 404
    assert alice_client.get(f"/participation/{hearing.slug}/personal/").status_code == 404


def test_current_participant_is_none_until_registered_and_after_cancelling(hearing, invitee):
    client = client_for(invitee)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = None
    assert current_participant(request, hearing) is None
    register(client, hearing, "in_person")
    request.session = client.session
    assert current_participant(request, hearing) == invitee
    client.post(f"/participation/{hearing.slug}/registration/cancel/")
    request.session = client.session
    assert current_participant(request, hearing) is None


def test_current_participant_of_a_logged_in_staff_member_who_participates(hearing, group, alice):
    participant = ParticipantFactory(
        group=group, user=alice, status="registered", attendance="virtual"
    )
    request = RequestFactory().get("/")
    request.session = {}
    request.user = alice
    assert current_participant(request, hearing) == participant
    Participant.objects.filter(pk=participant.pk).update(status="cancelled")
    assert current_participant(request, hearing) is None


def test_a_link_for_one_hearing_does_not_identify_on_another(hearing, invitee):
    from tests.factories import hearing_with_agenda

    other = hearing_with_agenda(1)
    client = client_for(invitee)
    register(client, hearing, "virtual")
    assert client.get(f"/participation/{other.slug}/personal/").status_code == 404
