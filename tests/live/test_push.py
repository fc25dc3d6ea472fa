"""The event log and both backends, in this process."""

import asyncio
import json
import threading
from functools import partial

import pytest

from hearing.events import bus
from hearing.events.encoding import encode
from hearing.events.models import Event
from hearing.hearings.domain import live
from tests.factories import hearing_with_agenda
from tests.live.loops import run_scenario


def test_events_are_numbered_per_hearing_without_gaps(hearing, inprocess_backend):
    other = hearing_with_agenda(1)
    numbers = [
        bus.publish(hearing, "a", {}, topic="a").seq,
        bus.publish(other, "a", {}, topic="a").seq,
        bus.publish(hearing, "b", {"x": 1}, topic="b").seq,
        bus.publish(hearing, "c", {}, topic="c").seq,
    ]
    assert numbers == [1, 1, 2, 3]
    assert list(Event.objects.filter(hearing=hearing).values_list("seq", "type")) == [
        (1, "a"),
        (2, "b"),
        (3, "c"),
    ]


def test_an_event_is_sent_after_commit_and_never_for_a_rollback(
    hearing, inprocess_backend, django_capture_on_commit_callbacks
):
    received = []
    inprocess_backend.listen(lambda *args: received.append(args))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bus.publish(hearing, "qa.test", {"text": "Grüß Gott <b>"}, topic="test")
    assert received == []
    for callback in callbacks:
        callback()
    payload = (
        'id: 1\ndata: {"id":1,"type":"qa.test","topic":"test","data":{"text":"Grüß Gott <b>"}}\n\n'
    )
    assert received == [(hearing.pk, 1, payload.encode())]


def test_changing_the_current_item_becomes_an_event(
    hearing, alice, inprocess_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        live.start_next_item(hearing, actor=alice)
    event = Event.objects.get(hearing=hearing)
    first = hearing.items.get(position=1)
    assert (event.seq, event.type, event.topic) == (1, "hearings.item.started", "live-state")
    assert event.data["current"] == {
        "id": first.pk,
        "position": 1,
        "number": "1",
        "title": "Punkt 1",
        "url": first.get_absolute_url(),
        "interactive": False,  # a talk without Q&A (the factory's kind)
    }


@pytest.mark.parametrize("backend_name", ["inprocess_backend", "redis_backend"])
def test_both_backends_deliver_to_every_listener(request, backend_name):
    backend = request.getfixturevalue(backend_name)
    got = {"one": [], "two": []}
    arrived = threading.Event()

    def listener(name):
        def callback(*args):
            got[name].append(args)
            if all(len(v) == 2 for v in got.values()):
                arrived.set()

        return callback

    backend.listen(listener("one"))
    backend.listen(listener("two"))
    backend.send(7, 1, encode(1, "x", "x", {}))
    backend.send(7, 2, encode(2, "y", "y", {"n": "ü"}))
    assert arrived.wait(5)
    expected = [(7, 1, encode(1, "x", "x", {})), (7, 2, encode(2, "y", "y", {"n": "ü"}))]
    assert got == {"one": expected, "two": expected}


def test_two_redis_backends_share_events_like_two_processes(redis_backend):
    from hearing.events.backends import RedisBackend

    other = RedisBackend(redis_backend.url, channel=redis_backend.channel)
    try:
        got = []
        arrived = threading.Event()
        other.listen(lambda *args: (got.append(args), arrived.set()))
        redis_backend.send(3, 9, b"payload")
        assert arrived.wait(5)
        assert got == [(3, 9, b"payload")]
    finally:
        other.close()


def test_the_poll_fallback_returns_missed_events(hearing, inprocess_backend, client):
    for n in range(3):
        bus.publish(hearing, f"t{n}", {"n": n}, topic=f"t{n}")
    url = f"/live/hearings/{hearing.slug}/events.json"
    assert client.get(url).json() == {"last": 3, "events": []}
    assert client.get(url + "?after=1").json() == {
        "last": 3,
        "events": [
            {"id": 2, "type": "t1", "topic": "t1", "data": {"n": 1}},
            {"id": 3, "type": "t2", "topic": "t2", "data": {"n": 2}},
        ],
    }
    assert client.get(url + "?after=abc").json() == {"last": 3, "events": []}


def test_a_newer_event_of_the_same_topic_supersedes_the_older_ones(hearing, inprocess_backend):
    bus.publish(hearing, "live.question.asked", {"questions": ["alt"]}, topic="questions:1")
    bus.publish(hearing, "live.question.asked", {"questions": ["anderer"]}, topic="questions:2")
    bus.publish(hearing, "live.question.edited", {"questions": ["neu"]}, topic="questions:1")
    assert [(e.seq, e.type, e.topic, e.data) for e in bus.events_after(hearing.pk, 0)] == [
        (1, "superseded", "questions:1", {"by": 3}),
        (2, "live.question.asked", "questions:2", {"questions": ["anderer"]}),
        (3, "live.question.edited", "questions:1", {"questions": ["neu"]}),
    ]


def test_the_django_stream_replays_from_last_event_id(hearing, inprocess_backend, client):
    for n in range(3):
        bus.publish(hearing, "t", {"n": n}, topic=f"t{n}")
    response = client.get(f"/live/hearings/{hearing.slug}/events/", HTTP_LAST_EVENT_ID="1")
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    stream = iter(response.streaming_content)
    assert next(stream) == b"retry: 1000\n\n"
    lines = next(stream).decode().split("\n\n")
    assert [json.loads(block.split("data: ", 1)[1])["id"] for block in lines if block] == [2, 3]
    response.close()


def test_a_private_hearings_stream_needs_a_login(db, inprocess_backend, client):
    hidden = hearing_with_agenda(1, is_public=False)
    assert client.get(f"/live/hearings/{hidden.slug}/events/").status_code == 404
    assert client.get(f"/live/hearings/{hidden.slug}/events.json").status_code == 404


def _kill_subscription(backend) -> int:
    """Cut the backend's subscriber connection on the Redis side (as a Redis restart would)."""
    import redis

    admin = redis.Redis.from_url(backend.url)
    try:
        ours = [c for c in admin.client_list() if c.get("name") == backend.client_name]
        for client in ours:
            admin.client_kill_filter(_id=client["id"])
        return len(ours)
    finally:
        admin.close()


@pytest.mark.django_db(transaction=True)
def test_after_a_lost_redis_subscription_the_hub_sends_what_it_missed_from_the_database(
    hearing, redis_backend
):
    """Events committed while this process was not subscribed reach its viewers anyway.

    (Database work goes through the hub's own helper, which lets go of each thread's connection.)
    """
    from hearing.events.bus import last_seq, publish
    from hearing.live.push import hub as hub_module

    async def scenario():
        hub = hub_module.Hub(asyncio.get_running_loop())
        written = []

        async def send(message):
            written.append(message["body"])

        try:
            channel = hub_module.Channel(hub, hearing.pk)
            channel.last = await hub_module._db(last_seq)(hearing.pk)
            hub.channels[hearing.pk] = channel
            connection = hub_module.Connection(hub, send)
            connection.replaying = False
            channel.connections[connection] = None
            first = channel.last + 1

            # Two events are committed while Redis does not carry them to this process.
            real_send, redis_backend.send = redis_backend.send, lambda *args: None
            for n in (1, 2):
                await hub_module._db(partial(publish, topic=f"missed{n}"))(
                    hearing, f"missed{n}", {"n": n}
                )
            redis_backend.send = real_send
            assert written == []
            assert await asyncio.to_thread(_kill_subscription, redis_backend) == 1

            for _ in range(100):
                if len(written) == 2:
                    break
                await asyncio.sleep(0.05)
            assert written == [
                encode(first, "missed1", "missed1", {"n": 1}),
                encode(first + 1, "missed2", "missed2", {"n": 2}),
            ]
            # And the new subscription carries the next event the normal way.
            await hub_module._db(partial(publish, topic="after"))(hearing, "after", {"n": 3})
            for _ in range(100):
                if len(written) == 3:
                    break
                await asyncio.sleep(0.05)
            assert written[2:] == [encode(first + 2, "after", "after", {"n": 3})]
        finally:
            hub.close()

    run_scenario(scenario, timeout=20)
