"""Personal links: tampered, expired, revoked, for another hearing, another purpose: a clear page."""

from datetime import timedelta

import pytest
from django.core import signing

from hearing.participants.domain import registration, tokens
from hearing.participants.models import RegistrationSettings
from tests.factories import hearing_with_agenda
from tests.participants.conftest import link_path

INVALID = "Dieser Link ist ungültig."
EXPIRED = "Dieser Link ist abgelaufen."
REVOKED = "Dieser Link wurde widerrufen oder durch einen neueren ersetzt."


def test_valid_link_binds_the_browser_and_leads_to_registration(client, hearing, invitee):
    response = client.get(link_path(invitee))
    assert response.status_code == 302
    assert response["Location"] == f"/participation/{hearing.slug}/registration/"
    assert client.session["participants"] == {str(hearing.pk): invitee.pk}


def test_registered_participant_goes_to_the_personal_page(client, hearing, invitee):
    registration.register(invitee, attendance="virtual", consent=True)
    response = client.get(link_path(invitee))
    assert response["Location"] == f"/participation/{hearing.slug}/personal/"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-3] + ("aaa" if not t.endswith("aaa") else "bbb"),
        lambda t: "x" + t,
        lambda t: "kein-token",
        lambda t: t.split(":")[0],
    ],
    ids=["signature", "prefix", "garbage", "unsigned"],
)
def test_tampered_links_are_refused(client, hearing, invitee, mangle):
    token = tokens.make_token(invitee)
    response = client.get(f"/participation/{hearing.slug}/link/{mangle(token)}/")
    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert "participants" not in client.session


def test_a_forged_payload_for_another_participant_is_refused(client, hearing, invitee, group):
    from tests.factories import ParticipantFactory

    other = ParticipantFactory(group=group)
    payload = signing.loads(tokens.make_token(invitee), salt=tokens.INVITATION_SALT)
    forged = signing.dumps({"p": other.pk, "n": payload["n"]}, salt=tokens.INVITATION_SALT)
    response = client.get(f"/participation/{hearing.slug}/link/{forged}/")
    assert response.status_code == 410
    assert REVOKED in response.content.decode()
    wrong_salt = signing.dumps({"p": other.pk, "n": other.link_nonce}, salt="something-else")
    assert client.get(f"/participation/{hearing.slug}/link/{wrong_salt}/").status_code == 400
    wrong_shape = signing.dumps(["p", other.pk], salt=tokens.INVITATION_SALT)
    assert client.get(f"/participation/{hearing.slug}/link/{wrong_shape}/").status_code == 400


def test_expired_link(client, hearing, invitee, monkeypatch):
    RegistrationSettings.objects.create(hearing=hearing, invitation_valid_days=1)
    token = tokens.make_token(invitee)
    # Sign "two days ago" by moving the signer's clock, not by mocking the check.
    real_time = signing.time.time
    monkeypatch.setattr(
        signing.time, "time", lambda: real_time() - timedelta(days=2).total_seconds()
    )
    old_token = tokens.make_token(invitee)
    monkeypatch.setattr(signing.time, "time", real_time)
    response = client.get(f"/participation/{hearing.slug}/link/{old_token}/")
    assert response.status_code == 410
    assert EXPIRED in response.content.decode()
    assert client.get(f"/participation/{hearing.slug}/link/{token}/").status_code == 302


def test_revoked_link_and_its_session_stop_working(client, hearing, invitee, organiser):
    token = tokens.make_token(invitee)
    assert client.get(f"/participation/{hearing.slug}/link/{token}/").status_code == 302
    registration.register(invitee, attendance="in_person", consent=True)
    assert client.get(f"/participation/{hearing.slug}/ticket/").status_code == 200
    registration.revoke(invitee, actor=organiser)
    response = client.get(f"/participation/{hearing.slug}/link/{token}/")
    assert response.status_code == 410
    assert REVOKED in response.content.decode()
    assert client.get(f"/participation/{hearing.slug}/ticket/").status_code == 404
    assert client.get(f"/participation/{hearing.slug}/personal/").status_code == 404
    assert client.get(f"/participation/{hearing.slug}/registration/").status_code == 404


def test_link_for_another_hearing_is_refused(client, invitee):
    other = hearing_with_agenda(1)
    token = tokens.make_token(invitee)
    response = client.get(f"/participation/{other.slug}/link/{token}/")
    assert response.status_code == 400
    assert INVALID in response.content.decode()


def test_confirmation_token_is_not_an_invitation_and_vice_versa(client, hearing, invitee):
    confirmation = tokens.make_token(invitee, tokens.CONFIRMATION_SALT)
    assert client.get(f"/participation/{hearing.slug}/link/{confirmation}/").status_code == 400
    invitation = tokens.make_token(invitee)
    assert client.get(f"/participation/{hearing.slug}/confirm/{invitation}/").status_code == 400


def test_unknown_hearing_is_404(client, invitee):
    assert (
        client.get(f"/participation/gibt-es-nicht/link/{tokens.make_token(invitee)}/").status_code
        == 404
    )
