"""The fan-out's bounded buffer: a client that stops reading is dropped, not buffered forever."""

import asyncio
import gc

from hearing.events.backends import InProcessBackend, set_backend
from hearing.live.push import hub as hub_module
from tests.live.loops import run_scenario


def one_listener(hub, written: list, *, last: int):
    """Hearing 1's channel in ``hub`` with one live connection whose bodies go to ``written``."""

    async def send(message):
        written.append(message["body"])

    channel = hub_module.Channel(hub, 1)
    channel.last = last
    hub.channels[1] = channel
    connection = hub_module.Connection(hub, send)
    connection.replaying = False
    channel.connections[connection] = None
    return channel, connection


def test_a_reader_that_stops_reading_is_dropped_after_the_bound():
    async def scenario():
        previous = set_backend(InProcessBackend())
        hub = hub_module.Hub(asyncio.get_running_loop())
        stuck = asyncio.get_running_loop().create_future()  # a socket that never drains
        sent = []

        async def send(message):
            sent.append(message)
            await stuck

        try:
            connection = hub_module.Connection(hub, send)
            connection.replaying = False
            chunk = b"x" * 1000
            message = {"type": "http.response.body", "body": chunk, "more_body": True}
            offered = 0
            while not connection.closed and offered < 10_000:
                connection.offer(offered, chunk, message, hub_module.frame(chunk))
                offered += 1
            # One write is in flight, the rest queued up to the bound, then the client is gone.
            assert connection.closed
            assert offered == hub_module.MAX_PENDING_BYTES // 1000 + 2
            assert (len(sent), connection.pending_bytes, len(connection.pending)) == (1, 0, 0)
        finally:
            stuck.cancel()
            hub.close()
            set_backend(previous)
            await asyncio.sleep(0)

    run_scenario(scenario, timeout=10)


def test_events_go_out_in_order_when_they_arrive_out_of_order():
    async def scenario():
        previous = set_backend(InProcessBackend())
        hub = hub_module.Hub(asyncio.get_running_loop())
        written = []
        try:
            channel, _connection = one_listener(hub, written, last=5)
            hub.receive(1, 7, b"seven")
            assert written == []  # held: 6 is missing
            hub.receive(1, 5, b"old")  # already sent before: ignored
            hub.receive(1, 6, b"six")
            hub.receive(1, 6, b"six again")
            assert (written, channel.last, channel.held) == ([b"six", b"seven"], 7, {})
        finally:
            hub.close()
            set_backend(previous)

    run_scenario(scenario, timeout=10)


class FakeFlow:
    write_paused = True


class FakeTransport:
    def __init__(self):
        self.written, self.aborted = [], False

    def write(self, data):
        self.written.append(data)

    def abort(self):
        self.aborted = True


class FakeCycle:
    """The attributes of uvicorn's response cycle that the direct path reads."""

    def __init__(self):
        self.transport, self.flow = FakeTransport(), FakeFlow()
        self.disconnected = self.response_complete = False
        self.chunked_encoding = True
        self.stuck = None

    async def send(self, message):
        await self.stuck  # uvicorn waits here while the socket is full


def test_on_the_direct_path_a_full_socket_is_bounded_too_and_the_client_aborted():
    async def scenario():
        previous = set_backend(InProcessBackend())
        hub = hub_module.Hub(asyncio.get_running_loop())
        cycle = FakeCycle()
        cycle.stuck = asyncio.get_running_loop().create_future()
        try:
            connection = hub_module.Connection(hub, cycle.send)
            assert connection.cycle is cycle
            connection.replaying = False
            chunk = b"y" * 1000
            message = {"type": "http.response.body", "body": chunk, "more_body": True}
            cycle.flow.write_paused = False
            connection.offer(1, chunk, message, hub_module.frame(chunk))
            assert cycle.transport.written == [b"3e8\r\n" + chunk + b"\r\n"]
            cycle.flow.write_paused = True
            offered = 0
            while not connection.closed and offered < 10_000:
                connection.offer(offered, chunk, message, hub_module.frame(chunk))
                offered += 1
                await asyncio.sleep(0)
            assert (connection.closed, cycle.transport.aborted) == (True, True)
            # One chunk is in the stalled send(), the queue holds up to the bound, one more drops.
            assert offered == hub_module.MAX_PENDING_BYTES // 1000 + 2
            assert len(cycle.transport.written) == 1
        finally:
            cycle.stuck.cancel()
            hub.close()
            set_backend(previous)
            await asyncio.sleep(0)

    run_scenario(scenario, timeout=10)


def test_the_heap_guard_freezes_after_every_step_and_gives_back_when_streams_leave():
    guard = hub_module.HeapGuard(step=3)
    assert gc.get_freeze_count() == 0
    try:
        guard.joined()
        guard.joined()
        assert (gc.get_freeze_count(), guard.frozen_with) == (0, 0)
        guard.joined()  # the third new stream: everything alive moves out of the full passes
        assert gc.get_freeze_count() > 0
        assert guard.frozen_with == 3
        guard.left()
        guard.left()
        # 1 of 3 open: not yet below a quarter. (The exact count moves: frozen objects that die
        # are still freed by reference counting, which is what makes freezing safe.)
        assert gc.get_freeze_count() > 0
        assert (guard.frozen_with, guard.open) == (3, 1)
        guard.left()
        assert (gc.get_freeze_count(), guard.frozen_with, guard.open) == (0, 0, 0)
    finally:
        gc.unfreeze()


def test_a_hearing_that_is_no_longer_public_ends_its_open_streams():
    from hearing.events.encoding import encode
    from hearing.hearings.domain.visibility import HIDDEN, TOPIC

    async def scenario():
        previous = set_backend(InProcessBackend())
        hub = hub_module.Hub(asyncio.get_running_loop())
        try:
            _channel, connection = one_listener(hub, [], last=0)
            hub_module.PUBLIC_HEARINGS["oeffentlich"] = (1, float("inf"))
            hub.receive(1, 1, encode(1, "live.question.approved", "questions:3", {}))
            assert not connection.closed
            hub.receive(1, 2, encode(2, HIDDEN, TOPIC, {"public": False}))
            assert connection.closed  # the stream ends; a reconnect is answered 404
            assert hub_module.PUBLIC_HEARINGS == {}  # new streams ask the database again
        finally:
            hub.close()
            set_backend(previous)

    run_scenario(scenario, timeout=10)
