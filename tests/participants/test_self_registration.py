"""Self-registration where the group allows it: e-mail confirmation, rate limit, no enumeration."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from hearing.participants.models import Participant
from tests.factories import ParticipantFactory, ParticipantGroupFactory


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_group(hearing):
    return ParticipantGroupFactory(
        hearing=hearing,
        name="Beschäftigte der LHM",
        slug="beschaeftigte",
        admission="self",
        may_ask_questions=False,
        may_join_speakers_list=False,
    )


def post(client, hearing, group, email="neu@example.org", **extra):
    data = {"group": group.pk, "name": "Beispiel Neu", "email": email, "organisation": "", **extra}
    return client.post(f"/participation/{hearing.slug}/self-registration/", data)


def test_self_registration_confirms_by_email_then_registers(client, hearing, staff_group):
    page = client.get(f"/participation/{hearing.slug}/self-registration/")
    assert page.status_code == 200
    response = post(client, hearing, staff_group)
    assert response.status_code == 200
    assert "Bitte bestätigen Sie Ihre Anmeldung über den Link darin." in response.content.decode()
    participant = Participant.objects.get()
    assert (participant.status, participant.group, participant.language) == (
        "pending",
        staff_group,
        "de",
    )
    assert client.get(f"/participation/{hearing.slug}/registration/").status_code == 404
    [message] = mail.outbox
    assert message.subject == f"Bitte bestätigen Sie Ihre Anmeldung: {hearing.title}"
    link = next(line for line in message.body.splitlines() if "/confirm/" in line)
    browser = client.__class__()
    response = browser.get(link.removeprefix("http://127.0.0.1:8000"))
    assert response["Location"] == f"/participation/{hearing.slug}/registration/"
    participant.refresh_from_db()
    assert participant.status == "invited"
    browser.post(
        f"/participation/{hearing.slug}/registration/", {"attendance": "virtual", "consent": "on"}
    )
    participant.refresh_from_db()
    assert (participant.status, participant.attendance) == ("registered", "virtual")


def test_known_address_gets_its_link_again_and_the_page_says_the_same(client, hearing, staff_group):
    existing = ParticipantFactory(group=staff_group, email="da@example.org")
    response = post(client, hearing, staff_group, email="DA@example.org")
    assert "Bitte bestätigen Sie Ihre Anmeldung über den Link darin." in response.content.decode()
    assert Participant.objects.count() == 1
    assert [m.to for m in mail.outbox] == [[existing.email]]
    assert mail.outbox[0].subject == f"Einladung: {hearing.title}"


def test_groups_that_need_an_invitation_are_not_offered(client, hearing, group, staff_group):
    response = post(client, hearing, group)
    assert response.status_code == 400
    assert "group" in response.context["form"].errors
    assert Participant.objects.count() == 0


def test_no_self_registration_group_means_no_page(client, hearing, group):
    assert client.get(f"/participation/{hearing.slug}/self-registration/").status_code == 404


def test_invalid_input_is_a_form_error(client, hearing, staff_group):
    response = post(client, hearing, staff_group, email="keine-adresse", name="")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "name"}


def test_rate_limited_per_session_with_a_ceiling_per_address(
    client, hearing, staff_group, settings
):
    settings.PUBLIC_ADDRESS_LIMIT = 6
    for index in range(5):
        assert post(client, hearing, staff_group, email=f"n{index}@example.org").status_code == 200
    response = post(client, hearing, staff_group, email="n9@example.org")
    assert response.status_code == 429
    assert "Höchstens 5 Anmeldungen je 60 Minuten. Bitte in " in response.content.decode()
    # A colleague at the next desk (same address, own browser) may still register ...
    assert post(Client(), hearing, staff_group, email="kollegin@example.org").status_code == 200
    # ... up to the ceiling for the whole address.
    response = post(Client(), hearing, staff_group, email="dritte@example.org")
    assert response.status_code == 429
    assert "Von Ihrer Netzadresse kamen gerade sehr viele Eingaben" in response.content.decode()
    assert Participant.objects.count() == 6


def test_hearing_page_offers_self_registration(client, hearing, staff_group):
    page = client.get(f"/hearings/{hearing.slug}/").content.decode()
    assert "Selbst anmelden können sich: Beschäftigte der LHM." in page
    assert f'href="/participation/{hearing.slug}/self-registration/"' in page


def test_name_and_organisation_are_one_line_in_the_confirmation_mail(client, hearing, staff_group):
    injected = "Eva\r\nBcc: alle@example.org"
    response = post(client, hearing, staff_group, name=injected, organisation="IT\r\nReferat\tRZ")
    assert response.status_code == 200
    participant = Participant.objects.get()
    assert (participant.name, participant.organisation) == (
        "Eva Bcc: alle@example.org",
        "IT Referat RZ",
    )
    [message] = mail.outbox
    assert message.to == ["neu@example.org"]
    assert message.bcc == [] and message.cc == []
    assert "Bcc" not in message.message().as_string().split("\n\n", 1)[0]


def test_an_address_with_a_control_or_space_is_refused(hearing, staff_group):
    from hearing.core.errors import InputError
    from hearing.participants.domain.self_registration import self_register

    for email in ("a\x00b@example.org", "a b@example.org", "a\u200eb@example.org"):
        with pytest.raises(InputError):
            self_register(staff_group, name="N", email=email, organisation="", language="de")
    with pytest.raises(InputError, match="höchstens 200"):
        self_register(
            staff_group, name="N" * 201, email="n@example.org", organisation="", language="de"
        )
    assert Participant.objects.count() == 0
    assert mail.outbox == []


def test_a_stranger_typing_someones_address_neither_floods_nor_locks_it_out(hearing, staff_group):
    for _ in range(6):  # six strangers, each in a fresh browser
        assert post(Client(), hearing, staff_group, email="opfer@example.org").status_code == 200
    assert len(mail.outbox) == 3  # at most three mails an hour to one address
    # The owner of the address, in her own browser, is not refused.
    response = post(Client(), hearing, staff_group, email="Opfer@example.org")
    assert response.status_code == 200
    assert Participant.objects.filter(email__iexact="opfer@example.org").count() == 1
