"""The fan-out: one asyncio hub per server process holds every open SSE connection.

Why not a queue and a task per client: waking 10,000 tasks per event, each formatting its own
copy, costs close to a second per broadcast (see docs/performance.md). Here an event is encoded
once and the hub loops over the hearing's connections, handing the same bytes to each one's ASGI
``send``. While the socket takes data, ``send`` finishes without suspending, so we step the
coroutine by hand and a broadcast is one tight loop without task switches. Only a connection whose
socket is full gets a task that finishes the write; what arrives meanwhile waits in that
connection's bounded buffer, and a reader that falls more than ``MAX_PENDING_BYTES`` behind is
dropped (it reconnects with ``Last-Event-ID`` and catches up from the database).

Per hearing the hub keeps the last sequence number it broadcast. Events must go out in order
without gaps; one that arrives early (another process or thread published the one before it a
moment later) is held, and if the missing one does not come, it is read from the database.
"""

import asyncio
import contextlib
import gc
import logging
import signal
import time
from collections import deque
from functools import partial

from asgiref.sync import sync_to_async
from django.db import close_old_connections
from django.db import connection as db_connection

from hearing.events import bus
from hearing.events.backends import get_backend
from hearing.events.encoding import KEEPALIVE, PREAMBLE, encode

logger = logging.getLogger(__name__)

MAX_PENDING_BYTES = 256 * 1024
KEEPALIVE_SECONDS = 20.0
GAP_WAIT_SECONDS = 0.25
SHUTDOWN_CHECK_SECONDS = 0.5
REPLAY_BATCH = 500
FREEZE_STEP = 1000

HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-accel-buffering", b"no"),
    (b"x-content-type-options", b"nosniff"),
]


# The router's answers to "is this hearing public?" (slug -> (id or None, valid until)); a hidden
# hearing's event clears them at once in every process (hearings.domain.visibility).
PUBLIC_HEARINGS: dict[str, tuple[int | None, float]] = {}
HIDDEN_MARK = b'"type":"hearings.hearing.hidden"'


def _server_exiting() -> bool:
    """Whether the uvicorn server in this process has been asked to stop (SIGINT/SIGTERM)."""
    handler = signal.getsignal(signal.SIGTERM)
    return bool(getattr(getattr(handler, "__self__", None), "should_exit", False))


def _let_go() -> None:
    # Never inside a transaction: the caller (or a test) still needs that connection.
    if not db_connection.in_atomic_block:
        close_old_connections()


def released(fn, *args):
    """Run an ORM function and let go of the connection afterwards: an idle stream must not hold
    a database connection (a hundred open pages would otherwise take a hundred)."""
    _let_go()
    try:
        return fn(*args)
    finally:
        _let_go()


def _db(fn):
    """Run an ORM function in a worker thread with fresh connections."""
    return sync_to_async(partial(released, fn), thread_sensitive=False)


def _body(chunk: bytes) -> dict:
    return {"type": "http.response.body", "body": chunk, "more_body": True}


def _uvicorn_cycle(send):
    """uvicorn's response cycle behind ``send`` if it streams with chunked encoding, else None.

    With it the hub writes the pre-framed chunk straight into the socket's transport, the fastest
    path; it checks the same flags uvicorn's own ``send`` checks. Any other server, or another
    uvicorn version without these attributes, gets the portable path through ``send``.
    """
    cycle = getattr(send, "__self__", None)
    needed = ("transport", "flow", "disconnected", "response_complete", "chunked_encoding")
    if cycle is None or not all(hasattr(cycle, name) for name in needed):
        return None
    if cycle.chunked_encoding is not True or not hasattr(cycle.flow, "write_paused"):
        return None
    return cycle


def frame(chunk: bytes) -> bytes:
    """One HTTP/1.1 chunk, as uvicorn would frame the body."""
    return b"%x\r\n%s\r\n" % (len(chunk), chunk)


class Connection:
    __slots__ = (
        "send",
        "cycle",
        "pending",
        "pending_bytes",
        "busy",
        "replaying",
        "early",
        "done",
        "hub",
        "finishing",
    )

    def __init__(self, hub: "Hub", send) -> None:
        self.hub = hub
        self.send = send
        self.cycle = _uvicorn_cycle(send)
        self.pending: deque[bytes] = deque()
        self.pending_bytes = 0
        self.busy = False
        self.replaying = True
        self.early: list[tuple[int, bytes]] = []
        self.done = hub.loop.create_future()
        self.finishing = False

    @property
    def closed(self) -> bool:
        return self.done.done()

    def offer(self, seq: int, chunk: bytes, message: dict, framed: bytes) -> None:
        """Hand one broadcast to this connection; never waits."""
        if self.done.done():
            return
        if self.replaying:
            self.early.append((seq, chunk))
            return
        if self.busy:
            self._queue(chunk)
            return
        cycle = self.cycle
        if cycle is not None:
            if cycle.disconnected or cycle.response_complete:
                self.drop()
            elif not cycle.flow.write_paused:
                cycle.transport.write(framed)  # the common case: one call, no allocation
            else:  # the socket is full: send() waits for it, later chunks queue (bounded)
                self.busy = True
                self._queue(chunk)
                if not self.closed:
                    self.hub.loop.create_task(self._flush())
            return
        coro = self.send(message)
        try:
            waiting = coro.send(None)
        except StopIteration:
            return  # written straight into the socket buffer: the common case
        except Exception:
            self.drop()
            return
        # The socket is full: a task finishes this write, then writes what queued up meanwhile.
        self.busy = True
        self.hub.loop.create_task(self._finish(coro, waiting))

    def _queue(self, chunk: bytes) -> None:
        self.pending.append(chunk)
        self.pending_bytes += len(chunk)
        if self.pending_bytes > MAX_PENDING_BYTES:
            self.drop()

    async def _finish(self, coro, waiting) -> None:
        try:
            # Resume the half-run send() the way a Task would: wait for what it waits for.
            while True:
                if waiting is None:
                    await asyncio.sleep(0)
                else:
                    await asyncio.wait([waiting])  # the coroutine reads the outcome itself
                try:
                    waiting = coro.send(None)
                except StopIteration:
                    break
            await self._flush()
        except Exception:
            self.drop()
        finally:
            coro.close()

    async def _flush(self) -> None:
        self.busy = True
        try:
            while self.pending and not self.closed:
                chunk = b"".join(self.pending)
                self.pending.clear()
                self.pending_bytes = 0
                await self.send(_body(chunk))
        finally:
            self.busy = False

    def finish(self) -> None:
        """End the stream cleanly (the server shuts down); the browser reconnects elsewhere."""
        if not self.closed:
            self.finishing = True
            self.done.set_result(None)

    def drop(self) -> None:
        """Stop serving this client (too slow, or gone)."""
        if self.closed:
            return
        self.pending.clear()
        self.pending_bytes = 0
        self.done.set_result(None)
        # uvicorn: aborting the socket marks the response disconnected, so the app may return
        # without an error entry; elsewhere the server closes the half-sent response itself.
        transport = getattr(getattr(self.send, "__self__", None), "transport", None)
        if transport is not None:
            transport.abort()


class Channel:
    __slots__ = ("hearing_id", "connections", "last", "held", "ready", "filling")

    def __init__(self, hub: "Hub", hearing_id: int) -> None:
        self.hearing_id = hearing_id
        # A dict, not a set: the broadcast walks the connections in the order they joined, which
        # is the order their objects and sockets were allocated in; shuffled, the same loop took
        # 10-15 % longer at 5,000 connections (docs/performance.md).
        self.connections: dict[Connection, None] = {}
        self.last: int | None = None
        self.held: dict[int, bytes] = {}
        self.ready = hub.loop.create_future()
        self.filling = False


class HeapGuard:
    """Keeps the cyclic garbage collector's full passes off the open streams.

    Every open stream owns some sixty objects the collector tracks (protocol, tasks, futures); a
    full collection walks all of them and stops the process meanwhile: 170 ms with 10,000 viewers,
    a delay for every event in flight (measured with ``bench/fanout.py``). A stream's objects are
    freed by reference counting when it ends (no cycles: measured), so after every ``step`` new
    streams everything alive moves to the collector's permanent generation (``gc.freeze()``, a
    constant-time splice) and full passes only walk what came since. When most of the streams
    frozen with have gone, ``gc.unfreeze()`` gives the rest back, so cyclic garbage that was frozen
    along the way is still collected.
    """

    def __init__(self, step: int = FREEZE_STEP) -> None:
        self.step = step
        self.open = 0
        self.new = 0
        self.frozen_with = 0  # streams open at the last freeze; 0: nothing frozen by us

    def joined(self) -> None:
        self.open += 1
        self.new += 1
        if self.new >= self.step:
            gc.freeze()
            self.new = 0
            self.frozen_with = self.open

    def left(self) -> None:
        self.open -= 1
        if self.frozen_with and self.open * 4 < self.frozen_with:
            self.release()

    def release(self) -> None:
        if self.frozen_with:
            gc.unfreeze()
            self.frozen_with = 0
            self.new = self.open


class Hub:
    _instance: "Hub | None" = None

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.channels: dict[int, Channel] = {}
        self.backend = get_backend()
        self.backend.listen(self._from_any_thread)
        self.sent = 0
        self.last_broadcast: tuple[int, float] = (0, 0.0)
        self.heap = HeapGuard()
        self._keepalive = loop.call_later(KEEPALIVE_SECONDS, self._ping)
        self._watch = loop.call_later(SHUTDOWN_CHECK_SECONDS, self._watch_shutdown)

    @classmethod
    def current(cls) -> "Hub":
        loop = asyncio.get_running_loop()
        hub = cls._instance
        if hub is None or hub.loop is not loop or hub.backend is not get_backend():
            if hub is not None:
                hub.close()
            hub = cls._instance = cls(loop)
        return hub

    def close(self) -> None:
        self.backend.unlisten(self._from_any_thread)
        self._keepalive.cancel()
        self._watch.cancel()
        for channel in self.channels.values():
            for connection in list(channel.connections):
                connection.drop()
        self.channels.clear()
        self.heap.release()

    # --- events in --------------------------------------------------------------------------
    def _from_any_thread(self, hearing_id, seq, payload) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.receive, hearing_id, seq, payload)

    def receive(self, hearing_id: int | None, seq: int | None, payload: bytes | None) -> None:
        if hearing_id is None:  # the backend may have lost messages: read the database
            for channel in self.channels.values():
                self._fill_later(channel, 0)
            return
        if payload and HIDDEN_MARK in payload:
            PUBLIC_HEARINGS.clear()  # new streams ask the database again
        channel = self.channels.get(hearing_id)
        if channel is None:
            return  # nobody here listens to this hearing
        if channel.last is not None and seq <= channel.last:
            return  # already sent (the database fill was faster)
        channel.held[seq] = payload
        if channel.last is not None:
            self._advance(channel)

    def _advance(self, channel: Channel) -> None:
        held = channel.held
        while channel.last + 1 in held:
            channel.last += 1
            self._broadcast(channel, channel.last, held.pop(channel.last))
        for stale in [s for s in held if s <= channel.last]:
            del held[stale]
        if held:
            self._fill_later(channel, GAP_WAIT_SECONDS)

    def _broadcast(self, channel: Channel, seq: int, chunk: bytes) -> None:
        started = time.perf_counter()
        message, framed = _body(chunk), frame(chunk)
        for connection in tuple(channel.connections):
            connection.offer(seq, chunk, message, framed)
        if HIDDEN_MARK in chunk:
            # The hearing is no longer public: end its streams (browsers reconnect and are
            # answered as the hearing now deserves).
            for connection in tuple(channel.connections):
                connection.finish()
        self.sent += 1
        # How long one loop over the connections took (the benchmark reports it).
        self.last_broadcast = (len(channel.connections), time.perf_counter() - started)

    def _fill_later(self, channel: Channel, delay: float) -> None:
        if not channel.filling:
            channel.filling = True
            self.loop.call_later(delay, lambda: self.loop.create_task(self._fill(channel)))

    async def _fill(self, channel: Channel) -> None:
        try:
            if channel.last is None:
                return
            events = await _db(bus.events_after)(channel.hearing_id, channel.last, REPLAY_BATCH)
            if not events:
                # Published after commit, so a real event is in the database by now: what is
                # held is not ours (a foreign publisher on the channel) and is dropped.
                channel.held.clear()
            elif channel.last is not None and events[0].seq > channel.last + 1:
                # The rows in between are gone for good (deleted): skip them, do not stall.
                channel.last = events[0].seq - 1
            for event in events:
                channel.held.setdefault(
                    event.seq, encode(event.seq, event.type, event.topic, event.data)
                )
        except Exception:
            logger.exception("reading missed live events failed")
        finally:
            channel.filling = False
        if channel.last is not None:
            self._advance(channel)

    def _watch_shutdown(self) -> None:
        # Streams never end by themselves, so a server that shuts down gracefully would wait for
        # them forever (uvicorn without a graceful-shutdown timeout). Seeing the server's exit
        # flag, end every stream cleanly: browsers reconnect to the restarted process and catch up.
        if _server_exiting():
            for channel in self.channels.values():
                for connection in tuple(channel.connections):
                    connection.finish()
        self._watch = self.loop.call_later(SHUTDOWN_CHECK_SECONDS, self._watch_shutdown)

    def _ping(self) -> None:
        message, framed = _body(KEEPALIVE), frame(KEEPALIVE)
        for channel in self.channels.values():
            for connection in tuple(channel.connections):
                connection.offer(0, KEEPALIVE, message, framed)
        self._keepalive = self.loop.call_later(KEEPALIVE_SECONDS, self._ping)

    # --- connections ------------------------------------------------------------------------
    async def _start_channel(self, channel: Channel) -> None:
        try:
            channel.last = await _db(bus.last_seq)(channel.hearing_id)
        except Exception as exc:
            if self.channels.get(channel.hearing_id) is channel:
                del self.channels[channel.hearing_id]
            channel.ready.set_exception(exc)
            return
        channel.ready.set_result(None)
        self._advance(channel)

    async def serve(self, hearing_id: int, last_event_id: int | None, send, receive) -> None:
        """Stream the hearing's events to one client until it leaves or falls behind."""
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await send(_body(PREAMBLE))
        connection = Connection(self, send)
        channel = self.channels.get(hearing_id)
        if channel is None:
            channel = self.channels[hearing_id] = Channel(self, hearing_id)
            self.loop.create_task(self._start_channel(channel))
        # Joined before anything is read: from now on every broadcast reaches this connection
        # (kept aside in ``early`` until the replay below is written).
        channel.connections[connection] = None
        self.heap.joined()
        try:
            await asyncio.shield(channel.ready)
            await self._catch_up(connection, channel, last_event_id)
            disconnect = asyncio.ensure_future(self._until_disconnect(receive))
            await asyncio.wait({disconnect, connection.done}, return_when=asyncio.FIRST_COMPLETED)
            disconnect.cancel()
        finally:
            channel.connections.pop(connection, None)
            self.heap.left()
            if not connection.closed:
                connection.done.set_result(None)
        if connection.finishing and not connection.busy:
            end = {"type": "http.response.body", "body": b"", "more_body": False}
            with contextlib.suppress(Exception):
                await asyncio.wait_for(send(end), 1.0)
            if not channel.connections and self.channels.get(hearing_id) is channel:
                del self.channels[hearing_id]

    async def _catch_up(self, connection: Connection, channel: Channel, after: int | None) -> None:
        if after is None:
            upto = 0  # a new client: everything broadcast since it joined, nothing older
        else:
            upto = after
            # The database holds at least everything broadcast before this connection joined.
            while upto < channel.last:
                events = await _db(bus.events_after)(channel.hearing_id, upto, REPLAY_BATCH)
                if not events:
                    break
                upto = events[-1].seq
                await self.send_now(
                    connection, b"".join(encode(e.seq, e.type, e.topic, e.data) for e in events)
                )
        tail = [chunk for seq, chunk in connection.early if seq > upto]
        connection.early = []
        connection.replaying = False
        connection.pending.extend(tail)
        if tail:
            await connection._flush()

    @staticmethod
    async def send_now(connection: Connection, chunk: bytes) -> None:
        connection.busy = True
        try:
            await connection.send(_body(chunk))
        finally:
            connection.busy = False

    @staticmethod
    async def _until_disconnect(receive) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
