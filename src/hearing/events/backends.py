"""How an event reaches every server process: in-process (one process) or Redis pub/sub.

Both backends have the same two-method interface. ``send`` is called after commit in the process
that changed the state; every process's listeners (the SSE hub, the fallback streams) get
``(hearing_id, seq, payload)`` through the callbacks they registered with ``listen``. Callbacks may
run in any thread and must not block. A callback with ``hearing_id=None`` means "something may
have been lost (Redis reconnected): check the database".
"""

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger(__name__)
Callback = Callable[[int | None, int | None, bytes | None], None]
CHANNEL = "hearing:live"


class InProcessBackend:
    name = "inprocess"

    def __init__(self) -> None:
        self._callbacks: list[Callback] = []
        self._lock = threading.Lock()

    def listen(self, callback: Callback) -> None:
        with self._lock:
            self._callbacks.append(callback)

    def unlisten(self, callback: Callback) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    def send(self, hearing_id: int, seq: int, payload: bytes) -> None:
        self._dispatch(hearing_id, seq, payload)

    def _dispatch(self, hearing_id, seq, payload) -> None:
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(hearing_id, seq, payload)
            except Exception:  # one broken listener must not stop the others
                logger.exception("live event listener failed")

    def close(self) -> None:
        with self._lock:
            self._callbacks.clear()


class RedisBackend(InProcessBackend):
    """Publishes to one Redis channel; one subscriber thread per process feeds the local listeners.

    Messages are ``b"<hearing_id> <seq> " + payload``. If the subscription breaks, the thread
    reconnects and tells the listeners to re-read the database, so nothing published meanwhile is
    lost (the event log, not Redis, is the source of truth).
    """

    name = "redis"

    def __init__(self, url: str, channel: str = CHANNEL) -> None:
        import redis

        super().__init__()
        self.url = url
        self.channel = channel
        self._publisher = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        # Names the subscription in Redis's CLIENT LIST (operators, and the reconnect test).
        self.client_name = f"hearing-live-{os.getpid()}-{id(self):x}"
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._ready = threading.Event()

    def listen(self, callback: Callback) -> None:
        super().listen(callback)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="hearing-live-redis", daemon=True
                )
                self._thread.start()
        self._ready.wait(timeout=5)

    def send(self, hearing_id: int, seq: int, payload: bytes) -> None:
        try:
            self._publisher.publish(self.channel, b"%d %d " % (hearing_id, seq) + payload)
        except Exception:
            # Committed already: this process's viewers get it directly, the other processes read
            # it from the database when their subscription reconnects.
            logger.exception("publishing live event %s#%s to Redis failed", hearing_id, seq)
            self._dispatch(hearing_id, seq, payload)

    def _run(self) -> None:
        import redis

        first = True
        while not self._stop.is_set():
            client = redis.Redis.from_url(
                self.url, socket_connect_timeout=5, client_name=self.client_name
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.channel)
                self._ready.set()
                if not first:
                    self._dispatch(None, None, None)
                first = False
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is None or message["type"] != "message":
                        continue
                    raw = message["data"]
                    hearing, seq, payload = raw.split(b" ", 2)
                    self._dispatch(int(hearing), int(seq), payload)
            except Exception:
                if self._stop.is_set():
                    break
                logger.warning("Redis subscription lost; reconnecting", exc_info=True)
                time.sleep(0.5)
            finally:
                try:
                    pubsub.close()
                    client.close()
                except Exception:  # noqa: S110 - closing a broken connection may fail too
                    pass

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
        self._publisher.close()
        super().close()


def default_channel() -> str:
    """One channel per installation: processes sharing the secret key (and so the database)
    share events; another installation on the same Redis never mixes in."""
    digest = hashlib.sha256(f"hearing-live:{settings.SECRET_KEY}".encode()).hexdigest()
    return f"{CHANNEL}:{digest[:16]}"


_backend: InProcessBackend | None = None
_backend_lock = threading.Lock()


def get_backend() -> InProcessBackend:
    """The process's backend, chosen by ``HEARING_REDIS_URL`` (empty: in-process)."""
    global _backend
    with _backend_lock:
        if _backend is None:
            url = getattr(settings, "REDIS_URL", "")
            _backend = RedisBackend(url, default_channel()) if url else InProcessBackend()
        return _backend


def set_backend(backend: InProcessBackend | None) -> InProcessBackend | None:
    """Replace the process's backend (tests); returns the previous one."""
    global _backend
    with _backend_lock:
        previous, _backend = _backend, backend
    return previous
