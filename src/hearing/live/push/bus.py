"""Publishing: store the event in the caller's transaction, send it after commit.

Domain functions call :func:`publish` inside their ``transaction.atomic()`` block. The event gets
the next per-hearing sequence number under a lock on the hearing row, so numbers are contiguous
and commit in order; the send happens in ``on_commit``, so nothing is pushed that is rolled back.
"""

import threading

from django.db import transaction
from django.db.models import Max

from hearing.hearings.models import Hearing
from hearing.live.models import SUPERSEDED, Event, topic_for
from hearing.live.push.backends import get_backend
from hearing.live.push.encoding import encode


def publish(hearing: Hearing | int, type_: str, data: dict) -> Event:
    """Store the event (the whole public state of its topic, see Event) and send it after commit;
    earlier events of the same topic are superseded in the same transaction."""
    hearing_id = hearing if isinstance(hearing, int) else hearing.pk
    topic = topic_for(type_, data)
    with transaction.atomic():
        # The row lock serialises numbering per hearing (SQLite serialises all writers anyway).
        Hearing.objects.select_for_update().filter(pk=hearing_id).values_list("pk").first()
        last = Event.objects.filter(hearing_id=hearing_id).aggregate(last=Max("seq"))["last"]
        event = Event.objects.create(
            hearing_id=hearing_id, seq=(last or 0) + 1, type=type_, topic=topic, data=data
        )
        Event.objects.filter(hearing_id=hearing_id, topic=topic, seq__lt=event.seq).exclude(
            type=SUPERSEDED
        ).update(type=SUPERSEDED, data={"by": event.seq})
        payload = encode(event.seq, type_, data)
        transaction.on_commit(lambda: get_backend().send(hearing_id, event.seq, payload))
    return event


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
