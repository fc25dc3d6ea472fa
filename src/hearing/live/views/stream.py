"""Event streams served by Django: the fallback where the ASGI fast path does not apply.

Under ``hearing serve`` the router in ``live.push.asgi`` answers public hearings' streams itself;
this view serves hearings that need a login, the development server and the test server. It holds
a thread per client, so each response ends after ``STREAM_SECONDS`` and the browser reconnects
with ``Last-Event-ID``: nothing is missed, the thread is freed.
"""

import asyncio
import time

from django.core.handlers.asgi import ASGIRequest
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hearing.events import bus
from hearing.events.encoding import KEEPALIVE, PREAMBLE, encode
from hearing.live.push.asgi import last_event_id
from hearing.live.push.hub import _db, released
from hearing.live.views.access import taking_part

STREAM_SECONDS = 25.0
POLL_LIMIT = 200
ASGI_CHECK_SECONDS = 0.2


def _events(hearing_id: int, after: int, deadline: float):
    bus.wakeup.ensure_listening()
    yield PREAMBLE
    while True:
        seen = bus.wakeup.generation
        events = released(bus.events_after, hearing_id, after)
        if events:
            after = events[-1].seq
            yield b"".join(encode(e.seq, e.type, e.topic, e.data) for e in events)
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        if bus.wakeup.wait(seen, timeout=min(remaining, 10.0)) == seen:
            yield KEEPALIVE


async def _aevents(hearing_id: int, after: int, deadline: float):
    """The same stream for ASGI: never blocks a thread, reads the database only after a publish."""
    bus.wakeup.ensure_listening()
    yield PREAMBLE
    read = _db(bus.events_after)
    seen, quiet = None, 0.0
    while time.monotonic() < deadline:
        generation = bus.wakeup.generation
        if generation != seen:
            seen = generation
            events = await read(hearing_id, after)
            if events:
                after = events[-1].seq
                yield b"".join(encode(e.seq, e.type, e.topic, e.data) for e in events)
                continue
        await asyncio.sleep(ASGI_CHECK_SECONDS)
        quiet += ASGI_CHECK_SECONDS
        if quiet >= 10:
            quiet = 0.0
            yield KEEPALIVE


@never_cache
@require_safe
def events(request, slug):
    hearing = taking_part(request, slug)
    after = last_event_id(request.headers.get("Last-Event-ID"), request.GET.get("last_event_id"))
    if after is None:
        after = bus.last_seq(hearing.pk)
    deadline = time.monotonic() + STREAM_SECONDS
    # Under ASGI a synchronous iterator would be read to its end before anything is sent.
    stream = _aevents if isinstance(request, ASGIRequest) else _events
    response = StreamingHttpResponse(
        stream(hearing.pk, after, deadline),
        content_type="text/event-stream; charset=utf-8",
    )
    response["X-Accel-Buffering"] = "no"
    # The request's own connection would otherwise stay open until the stream ends.
    released(lambda: None)
    return response


@never_cache
@require_safe
def events_json(request, slug):
    """The polling fallback: events after ``?after=N`` as JSON (browsers without EventSource)."""
    hearing = taking_part(request, slug)
    after = last_event_id(None, request.GET.get("after"))
    if after is None:
        return JsonResponse({"last": bus.last_seq(hearing.pk), "events": []})
    found = bus.events_after(hearing.pk, after, POLL_LIMIT)
    return JsonResponse(
        {
            "last": found[-1].seq if found else after,
            "events": [
                {"id": e.seq, "type": e.type, "topic": e.topic, "data": e.data} for e in found
            ],
        }
    )
