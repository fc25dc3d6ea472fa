"""Publishing: store the event in the caller's transaction, send it after commit.

Domain functions call :func:`publish` inside their ``transaction.atomic()`` block, after the
audit entry. The event gets the next per-hearing number under a lock on the hearing's row
(``FOR NO KEY UPDATE``, held until commit, so numbers are gapless and commit in order; it does
not block inserts of rows that point to the hearing); the send happens in ``on_commit``, so
nothing is pushed that is rolled back. A counter row of its own was tried and measured slower
under a burst of votes (every vote rewrote the one row; docs/performance.md).
"""

import threading
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max, Model, Q

from hearing.core import pagecache
from hearing.events.backends import get_backend
from hearing.events.encoding import encode
from hearing.events.models import SUPERSEDED, Event


def publish(
    hearing: Model | int,
    type_: str,
    data: dict | Callable[[], dict],
    *,
    topic: str,
    supersedes: str = "",
) -> Event:
    """Store an event and send it to every open page after commit.

    ``hearing`` is a Hearing or its id; ``type_`` names what happened like the audit action
    (``live.question.approved``); ``data`` is the whole public state of ``topic`` (a JSON object,
    see :class:`Event`), or a function that returns it: it is called under the numbering lock,
    after every earlier event's transaction has committed, so a snapshot read from the database
    there is never older than the event before it (two moderators changing two questions of one
    item at once would otherwise each publish a list without the other's change). Earlier events
    of the same topic, and with ``supersedes`` those whose topic starts with it (a whole list
    that holds what single updates carried), are superseded in the same transaction.
    Raises only what the database raises; a failed send (Redis away) is logged, and the pages
    catch up from the log when they reconnect.
    """
    hearing_id = hearing if isinstance(hearing, int) else hearing.pk
    with transaction.atomic():
        seq = _next_seq(hearing_id)
        if callable(data):
            data = data()
        event = Event.objects.create(
            hearing_id=hearing_id, seq=seq, type=type_, topic=topic, data=data
        )
        earlier = Q(topic=topic) | Q(topic__startswith=supersedes) if supersedes else Q(topic=topic)
        Event.objects.filter(earlier, hearing_id=hearing_id, seq__lt=seq).exclude(
            type=SUPERSEDED
        ).update(type=SUPERSEDED, data={"by": seq})
        payload = encode(seq, type_, topic, data)
        transaction.on_commit(lambda: get_backend().send(hearing_id, seq, payload), robust=True)
        transaction.on_commit(lambda: pagecache.hearing_changed(hearing_id, _slug), robust=True)
    return event


def _hearings():
    return Event._meta.get_field("hearing").related_model.objects  # no import of the app


def _slug(hearing_id: int) -> str:
    return _hearings().values_list("slug", flat=True).get(pk=hearing_id)


def hold_numbering(hearing_id: int) -> None:
    """Take the hearing's numbering lock now (held until commit; :func:`publish` takes it too).

    For a caller that must read the state in event order before it decides what to publish:
    from here on, every earlier event's transaction has committed.
    """
    _hearings().select_for_update(no_key=True).filter(pk=hearing_id).values_list("pk").first()


def _next_seq(hearing_id: int) -> int:
    """The next number for the hearing, under a lock on the hearing's row until commit."""
    hold_numbering(hearing_id)
    return last_seq(hearing_id) + 1


def last_seq(hearing_id: int) -> int:
    return Event.objects.filter(hearing_id=hearing_id).aggregate(last=Max("seq"))["last"] or 0


def events_after(hearing_id: int, after: int, limit: int = 500) -> list[Event]:
    return list(Event.objects.filter(hearing_id=hearing_id, seq__gt=after).order_by("seq")[:limit])


class Wakeup:
    """Lets blocking (thread-per-request) streams sleep until any event arrives in this process."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.generation = 0
        self._backend = None

    def _notify(self, *args) -> None:
        with self._condition:
            self.generation += 1
            self._condition.notify_all()

    def ensure_listening(self) -> None:
        backend = get_backend()
        if self._backend is not backend:
            self._backend = backend
            backend.listen(self._notify)

    def wait(self, seen: int, timeout: float) -> int:
        with self._condition:
            self._condition.wait_for(lambda: self.generation != seen, timeout=timeout)
            return self.generation


wakeup = Wakeup()
