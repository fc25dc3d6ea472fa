"""Video conference providers for remote council members: Jitsi Meet and BigBlueButton.

A provider turns (hearing, person) into the address the person's browser opens to join. Which one
runs is a setting (``HEARING_CONFERENCE``); without one, nobody sees a join button.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 - answers of the configured BBB server
from dataclasses import dataclass

from django.conf import settings

from hearing.hearings.models import Hearing


class ConferenceError(Exception):
    """The conference server could not be reached or refused; the message is for the log."""


@dataclass(frozen=True)
class Attendee:
    display_name: str
    user_id: str
    moderator: bool = False


def room_name(hearing: Hearing) -> str:
    """A per-hearing room that cannot be guessed from the public slug alone."""
    tag = hmac.new(
        settings.SECRET_KEY.encode(), f"conference:{hearing.pk}".encode(), hashlib.sha256
    ).hexdigest()[:12]
    return f"hearing-{hearing.slug}-{tag}"


# --- Jitsi Meet -----------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwt_hs256(payload: dict, secret: str) -> str:
    """A JSON Web Token signed with HMAC-SHA256 (RFC 7519), as Jitsi's token authentication reads it."""
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = ".".join(
        _b64url(json.dumps(part, separators=(",", ":"), sort_keys=True).encode())
        for part in (header, payload)
    )
    signature = hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(signature)}"


class Jitsi:
    name = "jitsi"
    label = "Jitsi Meet"

    def __init__(self, base_url: str, app_id: str = "", secret: str = "", lifetime: int = 6 * 3600):
        self.base_url = base_url.rstrip("/")
        self.app_id = app_id
        self.secret = secret
        self.lifetime = lifetime

    def join_url(self, hearing: Hearing, attendee: Attendee, now: float | None = None) -> str:
        room = room_name(hearing)
        url = f"{self.base_url}/{urllib.parse.quote(room)}"
        if self.app_id and self.secret:
            issued = int(now if now is not None else time.time())
            payload = {
                "aud": "jitsi",
                "iss": self.app_id,
                "sub": urllib.parse.urlsplit(self.base_url).hostname or "*",
                "room": room,
                "iat": issued,
                "nbf": issued - 60,
                "exp": issued + self.lifetime,
                "context": {
                    "user": {
                        "id": attendee.user_id,
                        "name": attendee.display_name,
                        "moderator": attendee.moderator,
                    }
                },
                "moderator": attendee.moderator,
            }
            url += "?" + urllib.parse.urlencode({"jwt": jwt_hs256(payload, self.secret)})
        # The display name as a hint for the Jitsi client (URL fragment: never sent to a server).
        name = json.dumps(attendee.display_name)
        return f"{url}#userInfo.displayName={urllib.parse.quote(name)}"


# --- BigBlueButton --------------------------------------------------------------------------


def bbb_checksum(call: str, query: str, secret: str, algorithm: str = "sha1") -> str:
    """BigBlueButton's checksum: the hash of call name + query string + shared secret."""
    return hashlib.new(algorithm, f"{call}{query}{secret}".encode()).hexdigest()


class BigBlueButton:
    name = "bbb"
    label = "BigBlueButton"

    def __init__(self, base_url: str, secret: str, algorithm: str = "sha1", timeout: float = 10):
        # The API lives under <server>/bigbluebutton/api; accept the server or the api address.
        base = base_url.rstrip("/")
        self.api = base if base.endswith("/api") else f"{base}/api"
        self.secret = secret
        self.algorithm = algorithm
        self.timeout = timeout

    def signed_url(self, call: str, params: list[tuple[str, str]]) -> str:
        query = urllib.parse.urlencode(params)
        checksum = bbb_checksum(call, query, self.secret, self.algorithm)
        return f"{self.api}/{call}?{query}{'&' if query else ''}checksum={checksum}"

    def _call(self, call: str, params: list[tuple[str, str]]) -> ET.Element:
        try:
            with urllib.request.urlopen(  # noqa: S310 - the configured BBB server
                self.signed_url(call, params), timeout=self.timeout
            ) as response:
                root = ET.fromstring(response.read())  # noqa: S314
        except (OSError, ET.ParseError) as exc:
            raise ConferenceError(f"BigBlueButton {call}: {exc}") from exc
        if root.findtext("returncode") != "SUCCESS":
            raise ConferenceError(
                f"BigBlueButton {call}: {root.findtext('messageKey')}: {root.findtext('message')}"
            )
        return root

    def create(self, hearing: Hearing) -> ET.Element:
        """Create the hearing's meeting; BBB answers SUCCESS again if it already runs."""
        return self._call(
            "create",
            [
                ("name", hearing.title),
                ("meetingID", room_name(hearing)),
                ("record", "false"),
                ("logoutURL", f"{settings.SITE_URL}{hearing.get_absolute_url()}"),
            ],
        )

    def join_url(self, hearing: Hearing, attendee: Attendee, now: float | None = None) -> str:
        self.create(hearing)
        return self.signed_url(
            "join",
            [
                ("fullName", attendee.display_name),
                ("meetingID", room_name(hearing)),
                ("role", "MODERATOR" if attendee.moderator else "VIEWER"),
                ("userID", attendee.user_id),
                ("redirect", "true"),
            ],
        )


def provider():
    """The configured provider, or None when remote participation has no conference."""
    if settings.CONFERENCE == "jitsi":
        return Jitsi(settings.JITSI_URL, settings.JITSI_APP_ID, settings.JITSI_SECRET)
    if settings.CONFERENCE == "bbb":
        return BigBlueButton(settings.BBB_URL, settings.BBB_SECRET)
    return None


def may_join_remotely(participant) -> bool:
    """Interactive participants who take part virtually; listeners follow the public stream."""
    if participant is None:
        return False
    group = participant.group
    return (
        participant.attendance == "virtual"
        and group.may_attend_virtually
        and (group.may_ask_questions or group.may_join_speakers_list)
    )
