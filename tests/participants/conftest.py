import pytest
from django.test import Client

from hearing.participants.domain.mail import personal_link
from tests.factories import (
    HearingRoleFactory,
    ParticipantFactory,
    ParticipantGroupFactory,
    UserFactory,
)


@pytest.fixture
def group(hearing):
    return ParticipantGroupFactory(
        hearing=hearing, name="Mitglieder des Stadtrats", slug="stadtrat"
    )


@pytest.fixture
def invitee(group):
    return ParticipantFactory(group=group, name="Beispiel Stadträtin A", email="a@example.org")


@pytest.fixture
def doorkeeper(hearing):
    """May check in, but may not see personal data."""
    user = UserFactory(username="dora")
    HearingRoleFactory(hearing=hearing, user=user, role="checkin")
    return user


@pytest.fixture
def doorkeeper_client(doorkeeper):
    client = Client()
    client.force_login(doorkeeper)
    return client


def link_path(participant) -> str:
    return personal_link(participant).removeprefix("http://127.0.0.1:8000")


def client_for(participant) -> Client:
    """A browser that opened the participant's personal link."""
    client = Client()
    response = client.get(link_path(participant))
    assert response.status_code == 302
    return client


def register(client, hearing, attendance="in_person", consent=True, needs=""):
    data = {"attendance": attendance, "accessibility_needs": needs}
    if consent:
        data["consent"] = "on"
    return client.post(f"/participation/{hearing.slug}/registration/", data)
