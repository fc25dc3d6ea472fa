"""A small ASGI router in front of Django: the SSE route of public hearings goes straight to the hub.

Everything else, including streams of hearings that need a login, goes to Django (which serves
them through the slower thread-per-stream view in ``live.views.stream``).
"""

import re
import time
from urllib.parse import parse_qs

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from hearing.core.text import is_number
from hearing.live.push.hub import PUBLIC_HEARINGS, Hub, _db

EVENTS_PATH = re.compile(r"^/live/hearings/(?P<slug>[-a-zA-Z0-9_]+)/events/$")
CACHE_SECONDS = 10.0


def _public_hearing_id(slug: str) -> int | None:
    from hearing.hearings.models import Hearing

    return (
        Hearing.objects.filter(slug=slug, deleted=False, is_public=True)
        .values_list("pk", flat=True)
        .first()
    )


def last_event_id(header: str | None, query: str | None) -> int | None:
    """The id the client saw last: the header a reconnecting EventSource sends, else the page's."""
    for raw in (header, query):
        if is_number(raw) and len(raw) < 12:
            return int(raw)
    return None


class LiveRouter:
    def __init__(self, app) -> None:
        self.app = app
        self._hearings = PUBLIC_HEARINGS

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET":
            match = EVENTS_PATH.match(scope["path"])
            if match and self._host_allowed(scope):
                hearing_id = await self._hearing_id(match["slug"])
                if hearing_id is not None:
                    headers = dict(scope["headers"])
                    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
                    after = last_event_id(
                        headers.get(b"last-event-id", b"").decode("latin-1"),
                        (query.get("last_event_id") or [None])[0],
                    )
                    await Hub.current().serve(hearing_id, after, send, receive)
                    return
        await self.app(scope, receive, send)

    @staticmethod
    def _host_allowed(scope) -> bool:
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
        domain, _port = split_domain_port(host)
        return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)

    async def _hearing_id(self, slug: str) -> int | None:
        now = time.monotonic()
        cached = self._hearings.get(slug)
        if cached is not None and cached[1] > now:
            return cached[0]
        hearing_id = await _db(_public_hearing_id)(slug)
        if len(self._hearings) > 1000:
            self._hearings.clear()
        self._hearings[slug] = (hearing_id, now + CACHE_SECONDS)
        return hearing_id
