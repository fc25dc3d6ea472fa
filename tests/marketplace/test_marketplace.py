import json

import pytest
from django.core.cache import cache
from django.test import Client

from hearing.core.errors import InputError
from hearing.core.models import AuditLogEntry
from hearing.marketplace.domain import messages as domain
from hearing.marketplace.models import Message, Stand
from hearing.register.domain.importers import DEFAULT_PATHS, import_source
from hearing.register.enums import Source
from tests.factories import HearingRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def amsterdam_export(tmp_path_factory):
    """The Dutch records of Gemeente Amsterdam only: the demo's stand needs no more."""
    export = json.loads(DEFAULT_PATHS[Source.NL].read_text(encoding="utf-8"))
    records = [r for r in export["algoritmes"] if r["organisatie"] == "Gemeente Amsterdam"]
    path = tmp_path_factory.mktemp("nl") / "amsterdam.json"
    path.write_text(json.dumps({"algoritmes": records}), encoding="utf-8")
    return path


@pytest.fixture
def stands(hearing, amsterdam_export):
    import_source(Source.MUNICH)
    import_source(Source.UK)
    import_source(Source.NL, amsterdam_export)
    from hearing.marketplace import demo

    demo.load({"hearing": hearing})
    return list(Stand.objects.order_by("number"))


@pytest.fixture
def organiser(hearing):
    user = UserFactory(username="olga")
    HearingRoleFactory(hearing=hearing, user=user, role="organizer")
    client = Client()
    client.force_login(user)
    return client


def post_message(client, stand, text="Wie wird der Datenschutz sichergestellt?", **extra):
    data = {"kind": "question", "channel": "online", "text": text, **extra}
    return client.post(f"/marketplace/stands/{stand.pk}/", data)


def test_demo_gives_a_stand_per_munich_system_and_two_from_abroad(stands):
    assert len(stands) == 10
    assert [s.kind for s in stands].count("internal") == 8
    assert [(s.number, s.exhibitor) for s in stands[8:]] == [
        (9, "Gemeente Amsterdam"),
        (10, "Leeds City Council"),
    ]
    assert stands[0].records.get().source == "munich"
    assert stands[8].records.count() == 5
    assert stands[9].records.count() == 2


def test_list_and_stand_pages(stands, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/marketplace/")
    assert response.status_code == 200
    assert len(response.context["stands"]) == 10
    response = client.get(f"/marketplace/stands/{stands[0].pk}/")
    assert response.status_code == 200
    assert response.context["stand"].visits == 1
    client.get(f"/marketplace/stands/{stands[0].pk}/")
    assert Stand.objects.get(pk=stands[0].pk).visits == 1  # once per session
    Client().get(f"/marketplace/stands/{stands[0].pk}/")
    assert Stand.objects.get(pk=stands[0].pk).visits == 2
    assert client.get("/marketplace/stands/99999/").status_code == 404


def test_qr_code_opens_the_stand_page(stands, client):
    response = client.get(f"/marketplace/stands/{stands[0].pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response.content.startswith(b"<svg")
    sheet = client.get("/marketplace/qr-codes/")
    assert sheet.content.decode().count("/qr.svg") == 10


def test_a_visitor_question_waits_for_moderation(stands, client):
    stand = stands[0]
    response = post_message(client, stand, text="<b>Frage</b>")
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.status, message.kind, message.channel) == ("pending", "question", "online")
    page = client.get(f"/marketplace/stands/{stand.pk}/").content.decode()
    assert "&lt;b&gt;Frage" not in page  # not public yet
    assert AuditLogEntry.objects.filter(action="marketplace.message.submitted").count() == 1


def test_bad_messages_are_refused(stands, client):
    assert post_message(client, stands[0], text="").status_code == 400
    assert post_message(client, stands[0], text="x" * 1001).status_code == 400
    assert post_message(client, stands[0], kind="spam").status_code == 400
    assert Message.objects.count() == 0


def test_a_name_is_one_line_and_nothing_is_cut(stands, client):
    response = post_message(client, stands[0], author_name="Anna\r\nBcc: x@example.org\tEnde")
    assert response.status_code == 302
    assert Message.objects.get().author_name == "Anna Bcc: x@example.org Ende"
    with pytest.raises(InputError, match="höchstens 80"):
        domain.submit_message(
            stands[0], kind="question", channel="online", text="Frage", author_name="N" * 81
        )
    assert Message.objects.count() == 1


def test_rate_limit_per_session_with_a_ceiling_per_address(stands, settings):
    settings.PUBLIC_ADDRESS_LIMIT = domain.LIMIT + 1
    client = Client()
    for _ in range(domain.LIMIT):
        assert post_message(client, stands[0]).status_code == 302
    response = post_message(client, stands[0], text="Meine ausführliche Frage")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Höchstens 5 Nachrichten je 10 Minuten. Bitte in " in page
    assert ">\nMeine ausführliche Frage</textarea>" in page  # what was written stays in the form
    # Same address, new session (another visitor in the hall): allowed, up to the ceiling.
    assert post_message(Client(), stands[0]).status_code == 302
    response = post_message(Client(), stands[0])
    assert "Von Ihrer Netzadresse kamen gerade sehr viele Eingaben" in response.content.decode()
    assert Message.objects.count() == domain.LIMIT + 1


def test_moderation_may_who_may_not_anonymous(stands, organiser, bob_client, anonymous_client):
    stand = stands[0]
    post_message(Client(), stand, text="<script>alert(1)</script>")
    message = Message.objects.get()
    url = f"/marketplace/moderation/messages/{message.pk}/approve/"
    assert anonymous_client.post(url).status_code == 302  # to the login page
    assert bob_client.post(url).status_code == 403
    assert Message.objects.get().status == "pending"
    assert organiser.get(f"/marketplace/moderation/{stand.hearing.slug}/").status_code == 200
    assert bob_client.get(f"/marketplace/moderation/{stand.hearing.slug}/").status_code == 403
    assert organiser.post(url).status_code == 302
    assert Message.objects.get().status == "approved"
    assert AuditLogEntry.objects.filter(action="marketplace.message.approved").count() == 1
    page = Client().get(f"/marketplace/stands/{stand.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert organiser.post(f"/marketplace/moderation/messages/{message.pk}/nope/").status_code == 404


def test_exhibitor_sees_the_stands_messages_by_secret_link(stands, client):
    post_message(Client(), stands[0], text="Frage an Stand 1")
    post_message(Client(REMOTE_ADDR="10.0.0.2"), stands[1], text="Frage an Stand 2")
    response = client.get(stands[0].exhibitor_url())
    assert response.status_code == 200
    assert [m.text for m in response.context["stand_messages"]] == ["Frage an Stand 1"]
    assert client.get("/marketplace/exhibitor/falsch-falsch-falsch-falsch/").status_code == 404


def test_organisers_renew_an_exhibitor_link_and_the_old_one_stops_working(
    stands, organiser, bob_client, anonymous_client, client
):
    stand = stands[0]
    old = stand.exhibitor_url()
    page = organiser.get(f"/marketplace/moderation/{stand.hearing.slug}/").content.decode()
    assert f'value="http://testserver{old}"' in page
    url = f"/marketplace/stands/{stand.pk}/renew-link/"
    assert anonymous_client.post(url).status_code == 302  # to the login page
    assert bob_client.post(url).status_code == 403
    assert organiser.get(url).status_code == 405
    assert Stand.objects.get(pk=stand.pk).exhibitor_url() == old
    response = organiser.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"/marketplace/moderation/{stand.hearing.slug}/"
    new = Stand.objects.get(pk=stand.pk).exhibitor_url()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    entry = AuditLogEntry.objects.get(action="marketplace.stand.exhibitor_link_renewed")
    assert entry.data == {}  # the secret never goes into the log
    # Other stands keep their links.
    assert Stand.objects.get(pk=stands[1].pk).exhibitor_url() == stands[1].exhibitor_url()


def test_qr_sheet_as_pdf(stands, client):
    response = client.get("/marketplace/qr-codes.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_stand_page_query_count(stands, client, django_assert_num_queries):
    client.get(f"/marketplace/stands/{stands[0].pk}/")  # the visit is counted on the first view
    # session, stand, its records, visit +1, approved messages, session save (3 with savepoints)
    with django_assert_num_queries(8):
        response = client.get(f"/marketplace/stands/{stands[8].pk}/")
    assert len(response.context["stand"].records.all()) == 5


def test_console_panel_links_to_moderation_only_for_who_may(stands, alice):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    hearing = stands[0].hearing
    organiser = UserFactory(username="olga")
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")

    def panel(user):
        return render_to_string(
            "marketplace/_console_panel.html", {"hearing": hearing, "user": user}
        )

    assert f'href="/marketplace/moderation/{hearing.slug}/"' in panel(organiser)
    assert "/marketplace/moderation/" not in panel(
        alice
    )  # moderates the hearing, not the marketplace
    assert "/marketplace/moderation/" not in panel(AnonymousUser())


def test_qr_code_encodes_the_public_address(stands, client, settings):
    from hearing.marketplace import qr

    settings.SITE_URL = "https://hearing.example.org"
    stand = stands[0]
    expected = qr.stand_qr_svg(
        f"https://hearing.example.org/marketplace/stands/{stand.pk}/", qr.qr_alt(stand)
    )
    assert client.get(f"/marketplace/stands/{stand.pk}/qr.svg").content.decode() == expected


def test_line_breaks_count_once_as_the_browser_counts_them(stands, client):
    text = "\r\n".join(["x" * 99] * 10)  # 990 letters, 9 line breaks: 999 in the browser
    assert post_message(client, stands[0], text=text).status_code == 302
    assert Message.objects.get().text == text.replace("\r\n", "\n")
