"""Video conference providers against the rules their APIs document; a local stand-in for BBB.

No video conference server can run here: the BigBlueButton client talks to a small HTTP server
that checks checksums and answers the way the API documentation describes.
"""

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from hearing.core.models import AuditLogEntry
from hearing.media.domain.conference import (
    Attendee,
    BigBlueButton,
    ConferenceError,
    Jitsi,
    bbb_checksum,
    jwt_hs256,
    room_name,
)
from tests.factories import ParticipantFactory, ParticipantGroupFactory, UserFactory

SECRET = "639259d4-9dd8-4b25-bf01-95f9567eaf4b"


def test_bbb_checksum_matches_the_api_documentation_example():
    # The example of the BigBlueButton API reference ("Usage", create call).
    query = "name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444"
    assert bbb_checksum("create", query, SECRET) == "1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17"
    assert (
        bbb_checksum("create", query, SECRET, "sha256")
        == hashlib.sha256(f"create{query}{SECRET}".encode()).hexdigest()
    )


def test_bbb_signed_url_puts_the_checksum_last_over_the_exact_query(hearing):
    bbb = BigBlueButton("https://bbb.example.org/bigbluebutton/", SECRET)
    url = bbb.signed_url("join", [("fullName", "Dr. Laura Dornheim"), ("meetingID", "m 1")])
    query = "fullName=Dr.+Laura+Dornheim&meetingID=m+1"
    expected = hashlib.sha1(f"join{query}{SECRET}".encode()).hexdigest()  # noqa: S324 - BBB's rule
    assert url == f"https://bbb.example.org/bigbluebutton/api/join?{query}&checksum={expected}"


class FakeBigBlueButton(BaseHTTPRequestHandler):
    """Answers like the BBB API: checks the checksum, creates meetings, refuses bad calls."""

    meetings: dict = {}
    calls: list = []

    def do_GET(self):  # noqa: N802 - http.server's name
        path, _, raw = self.path.partition("?")
        call = path.rsplit("/", 1)[-1]
        query, _, checksum = raw.rpartition("&checksum=")
        self.calls.append((call, raw))
        expected = hashlib.sha1(f"{call}{query}{SECRET}".encode()).hexdigest()  # noqa: S324
        if not path.startswith("/bigbluebutton/api/") or checksum != expected:
            body = "<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey><message>Checksums do not match</message></response>"
        elif call == "create":
            params = dict(urllib.parse.parse_qsl(query))
            duplicate = params["meetingID"] in self.meetings
            self.meetings[params["meetingID"]] = params["name"]
            key = "<messageKey>duplicateWarning</messageKey>" if duplicate else ""
            body = f"<response><returncode>SUCCESS</returncode><meetingID>{params['meetingID']}</meetingID>{key}</response>"
        else:
            body = "<response><returncode>FAILED</returncode><messageKey>unsupported</messageKey></response>"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def bbb_server():
    FakeBigBlueButton.meetings = {}
    FakeBigBlueButton.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBigBlueButton)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/bigbluebutton"
    server.shutdown()
    server.server_close()


def test_bbb_client_creates_the_meeting_and_signs_the_join(bbb_server, hearing):
    bbb = BigBlueButton(bbb_server, SECRET)
    url = bbb.join_url(hearing, Attendee("Sabine Bär", "participant-7"))
    room = room_name(hearing)
    assert FakeBigBlueButton.meetings == {room: hearing.title}
    base, _, raw = url.partition("?")
    assert base == f"{bbb_server}/api/join"
    query, _, checksum = raw.rpartition("&checksum=")
    assert dict(urllib.parse.parse_qsl(query)) == {
        "fullName": "Sabine Bär",
        "meetingID": room,
        "role": "VIEWER",
        "userID": "participant-7",
        "redirect": "true",
    }
    assert checksum == hashlib.sha1(f"join{query}{SECRET}".encode()).hexdigest()  # noqa: S324
    # Creating again is fine (BBB answers SUCCESS with a duplicate warning).
    bbb.join_url(hearing, Attendee("Lars Mentrup", "participant-8", moderator=True))
    assert [call for call, _ in FakeBigBlueButton.calls] == ["create", "create"]


def test_bbb_client_reports_a_wrong_secret(bbb_server, hearing):
    with pytest.raises(ConferenceError, match="checksumError"):
        BigBlueButton(bbb_server, "falsch").create(hearing)


def test_room_names_differ_per_hearing_and_are_not_the_slug_alone(hearing):
    assert room_name(hearing).startswith(f"hearing-{hearing.slug}-")
    assert len(room_name(hearing)) == len(f"hearing-{hearing.slug}-") + 12


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_jitsi_room_without_and_with_jwt(hearing):
    room = room_name(hearing)
    plain = Jitsi("https://meet.example.org/").join_url(hearing, Attendee("Judith Greif", "p-1"))
    assert plain == f"https://meet.example.org/{room}#userInfo.displayName=%22Judith%20Greif%22"
    signed = Jitsi("https://meet.example.org", "hearing", "geheim").join_url(
        hearing, Attendee("Judith Greif", "p-1"), now=1717745400
    )
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(signed).query)["jwt"][0]
    header, payload, signature = token.split(".")
    assert json.loads(_b64decode(header)) == {"alg": "HS256", "typ": "JWT"}
    expected = hmac.new(b"geheim", f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert _b64decode(signature) == expected
    assert json.loads(_b64decode(payload)) == {
        "aud": "jitsi",
        "iss": "hearing",
        "sub": "meet.example.org",
        "room": room,
        "iat": 1717745400,
        "nbf": 1717745340,
        "exp": 1717745400 + 6 * 3600,
        "context": {"user": {"id": "p-1", "name": "Judith Greif", "moderator": False}},
        "moderator": False,
    }
    assert jwt_hs256({"a": 1}, "k").count(".") == 2


# --- who sees and may use the join button -------------------------------------------------------


def participant_client(hearing, *, interactive=True, attendance="virtual"):
    group = ParticipantGroupFactory(
        hearing=hearing, may_ask_questions=interactive, may_join_speakers_list=interactive
    )
    user = UserFactory()
    participant = ParticipantFactory(
        group=group, status="registered", attendance=attendance, user=user, name="Sabine Bär"
    )
    client = Client()
    client.force_login(user)
    return client, participant


@pytest.fixture
def jitsi(settings):
    settings.CONFERENCE = "jitsi"
    settings.JITSI_URL = "https://meet.example.org"


def test_interactive_remote_participant_joins(jitsi, hearing):
    client, participant = participant_client(hearing)
    response = client.get(reverse("media:join", kwargs={"slug": hearing.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(f"https://meet.example.org/{room_name(hearing)}")
    entry = AuditLogEntry.objects.get(action="media.conference.joined")
    assert entry.data == {"hearing": hearing.pk, "provider": "jitsi", "moderator": False}


@pytest.mark.parametrize(("interactive", "attendance"), [(False, "virtual"), (True, "in_person")])
def test_listeners_and_people_in_the_room_get_no_conference(
    jitsi, hearing, interactive, attendance
):
    client, _ = participant_client(hearing, interactive=interactive, attendance=attendance)
    assert client.get(reverse("media:join", kwargs={"slug": hearing.slug})).status_code == 403


def test_public_visitors_never_get_a_join_link(jitsi, hearing, anonymous_client, bob_client):
    url = reverse("media:join", kwargs={"slug": hearing.slug})
    assert anonymous_client.get(url).status_code == 403
    assert bob_client.get(url).status_code == 403
    page = anonymous_client.get(hearing.get_absolute_url()).content.decode()
    assert url not in page
    assert "meet.example.org" not in page


def test_moderators_join_as_moderators(bbb_server, settings, hearing, alice_client):
    settings.CONFERENCE = "bbb"
    settings.BBB_URL = bbb_server
    settings.BBB_SECRET = SECRET
    response = alice_client.get(reverse("media:join", kwargs={"slug": hearing.slug}))
    assert response.status_code == 302
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(response["Location"]).query))
    assert query["role"] == "MODERATOR"
    assert query["fullName"] == "alice"


def test_an_unreachable_conference_server_gets_a_page_not_a_500(settings, hearing):
    settings.CONFERENCE = "bbb"
    settings.BBB_URL = "http://127.0.0.1:9/bigbluebutton"
    settings.BBB_SECRET = SECRET
    client, _ = participant_client(hearing)
    response = client.get(reverse("media:join", kwargs={"slug": hearing.slug}))
    assert response.status_code == 503
    assert "Videokonferenz nicht erreichbar" in response.content.decode()


def test_without_a_provider_there_is_no_conference(settings, hearing):
    settings.CONFERENCE = ""
    client, participant = participant_client(hearing)
    assert client.get(reverse("media:join", kwargs={"slug": hearing.slug})).status_code == 404


def test_participant_panel_shows_the_button_to_interactive_remote_participants_only(jitsi, hearing):
    _, remote = participant_client(hearing)
    _, listener = participant_client(hearing, interactive=False)
    _, in_room = participant_client(hearing, attendance="in_person")
    join = reverse("media:join", kwargs={"slug": hearing.slug})
    html = render_to_string(
        "media/_participant_panel.html", {"hearing": hearing, "participant": remote}
    )
    assert f'href="{join}" data-conference-join' in html
    assert "Jitsi Meet" in html
    for other in (listener, in_room, None):
        html = render_to_string(
            "media/_participant_panel.html", {"hearing": hearing, "participant": other}
        )
        assert html.strip() == ""
