"""The SSE fast path in a real uvicorn process: order, replay, restart, two processes via Redis."""

import signal
import time

import pytest

from tests.live.conftest import REDIS_URL
from tests.live.servers import Server, copy_data_dir
from tests.live.sse import Session, SSEClient

SLUG = "ki-stadtratshearing-2024"
EVENTS = f"/live/hearings/{SLUG}/events/"


@pytest.fixture
def data_dir(demo_data_dir, tmp_path):
    return copy_data_dir(demo_data_dir, tmp_path / "data")


@pytest.fixture
def servers():
    started = []

    def start(*args, **kwargs):
        server = Server(*args, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        assert "Traceback" not in server.stop()


def moderator(port: int) -> Session:
    session = Session(port)
    session.login("moderation", "demo-moderation-2024")
    return session


def current_positions(events):
    return [(e["id"], e["data"]["current"]["position"]) for e in events]


def test_a_listener_gets_each_change_once_in_order(data_dir, servers):
    server = servers(data_dir)
    client = SSEClient(server.port, EVENTS)
    try:
        session = moderator(server.port)
        for _ in range(3):
            assert session.post(f"/backoffice/hearings/{SLUG}/live/next/") == 302
        events = client.events(3)
        assert client.status == 200
        assert "content-type: text/event-stream; charset=utf-8" in client.headers
        assert current_positions(events) == [(1, 1), (2, 2), (3, 3)]
    finally:
        client.close()


def test_no_event_is_missed_across_a_server_restart(data_dir, servers):
    """The server dies while a client listens; events happen meanwhile (on another process);
    the client reconnects with Last-Event-ID and receives every one of them, then live ones."""
    server = servers(data_dir)
    client = SSEClient(server.port, EVENTS)
    session = moderator(server.port)
    assert session.post(f"/backoffice/hearings/{SLUG}/live/next/") == 302
    seen = client.events(1)
    server.stop()
    with pytest.raises(ConnectionError):
        client.events(1, timeout=5)
    client.close()

    elsewhere = servers(data_dir)  # a second process on the same database while the first is down
    other = moderator(elsewhere.port)
    for _ in range(2):
        assert other.post(f"/backoffice/hearings/{SLUG}/live/next/") == 302

    server.start()  # same port, as a restarted service
    client = SSEClient(server.port, EVENTS, last_event_id=seen[-1]["id"])
    try:
        missed = client.events(2)
        assert moderator(server.port).post(f"/backoffice/hearings/{SLUG}/live/next/") == 302
        fresh = client.events(1)
    finally:
        client.close()
    # Nothing is missed: event 2 comes too, but superseded by event 3 (the current item is one
    # topic: a reconnecting page needs the state now, not every step on the way).
    assert [(e["id"], e["type"], e["data"]) for e in missed[:1]] == [(2, "superseded", {"by": 3})]
    assert current_positions(seen + missed[1:] + fresh) == [(1, 1), (3, 3), (4, 4)]


def test_a_new_client_gets_only_what_happens_after_it_connected(data_dir, servers):
    server = servers(data_dir)
    session = moderator(server.port)
    assert session.post(f"/backoffice/hearings/{SLUG}/live/next/") == 302
    client = SSEClient(server.port, EVENTS)
    try:
        client.events(0)
        assert session.post(f"/backoffice/hearings/{SLUG}/live/next/") == 302
        assert current_positions(client.events(1)) == [(2, 2)]
    finally:
        client.close()


def test_two_processes_share_events_through_redis(data_dir, servers, redis_backend):
    # Each test run's processes use their own Redis database; the channel is fixed per process.
    first = servers(data_dir, redis_url=REDIS_URL)
    second = servers(data_dir, redis_url=REDIS_URL)
    on_first = SSEClient(first.port, EVENTS)
    on_second = SSEClient(second.port, EVENTS)
    try:
        session = moderator(first.port)
        assert session.post(f"/backoffice/hearings/{SLUG}/live/next/") == 302
        assert moderator(second.port).post(f"/backoffice/hearings/{SLUG}/live/next/") == 302
        assert current_positions(on_first.events(2)) == [(1, 1), (2, 2)]
        assert current_positions(on_second.events(2)) == [(1, 1), (2, 2)]
    finally:
        on_first.close()
        on_second.close()


def test_unknown_and_private_hearings_are_not_streamed_by_the_fast_path(data_dir, servers):
    server = servers(data_dir)
    for slug in ("gibt-es-nicht", "ki-stadtratshearing-2024-x"):
        client = SSEClient(server.port, f"/live/hearings/{slug}/events/")
        try:
            assert client.read_status() == 404  # Django answered: no stream
        finally:
            client.close()


def test_a_graceful_shutdown_ends_open_streams_instead_of_waiting_for_them(data_dir, servers):
    server = servers(data_dir)
    client = SSEClient(server.port, EVENTS)
    try:
        assert client.read_status() == 200
        started = time.monotonic()
        # uvicorn re-raises the signal once it has shut down gracefully.
        assert server.terminate(timeout=10) == -signal.SIGTERM
        assert time.monotonic() - started < 5
        with pytest.raises(ConnectionError):
            client.events(1, timeout=5)
        assert client.ended  # the stream ended with its last chunk, not cut off
    finally:
        client.close()


def test_a_private_hearings_stream_goes_through_django_without_blocking_it(data_dir, servers):
    import sqlite3

    with sqlite3.connect(data_dir / "hearing.sqlite3") as db:
        db.execute("UPDATE hearings_hearing SET is_public = 0 WHERE slug = ?", (SLUG,))
    server = servers(data_dir)
    anonymous = SSEClient(server.port, EVENTS)
    try:
        assert anonymous.read_status() == 404
    finally:
        anonymous.close()
    session = moderator(server.port)
    client = SSEClient(server.port, EVENTS, cookie=session.cookie_header())
    try:
        assert client.read_status() == 200
        # The open stream must not hold up Django's other (synchronous) views.
        started = time.monotonic()
        assert session.post(f"/backoffice/hearings/{SLUG}/live/next/") == 302
        assert time.monotonic() - started < 5
        assert current_positions(client.events(1)) == [(1, 1)]
    finally:
        client.close()
