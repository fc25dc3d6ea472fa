import json

import pytest
from django.core.exceptions import PermissionDenied

from hearing.core.models import AuditLogEntry
from hearing.events.models import Event
from hearing.hearings.domain import live
from hearing.hearings.models import ItemPeriod


def positions(hearing):
    hearing.refresh_from_db()
    return hearing.current_item.position if hearing.current_item else None


def test_next_starts_the_first_item_and_records_its_start(hearing, alice):
    item = live.start_next_item(hearing, actor=alice)
    assert item.position == 1
    assert positions(hearing) == 1
    period = ItemPeriod.objects.get()
    assert period.item == item
    assert period.ended_at is None
    assert period.started_by == alice


def test_next_ends_the_running_item_at_the_moment_the_next_starts(hearing, alice):
    first = live.start_next_item(hearing, actor=alice)
    second = live.start_next_item(hearing, actor=alice)
    closed = ItemPeriod.objects.get(item=first)
    opened = ItemPeriod.objects.get(item=second)
    assert closed.ended_at == opened.started_at
    assert positions(hearing) == 2


def test_previous_goes_back_and_adds_a_second_period(hearing, alice):
    live.start_next_item(hearing, actor=alice)
    live.start_next_item(hearing, actor=alice)
    item = live.start_previous_item(hearing, actor=alice)
    assert item.position == 1
    assert ItemPeriod.objects.filter(item=item).count() == 2
    assert item.actual_start == ItemPeriod.objects.filter(item=item).first().started_at
    assert item.actual_end is None


def test_end_stops_the_item_and_next_resumes_after_it(hearing, alice):
    live.start_next_item(hearing, actor=alice)
    ended = live.end_current_item(hearing, actor=alice)
    assert ended.position == 1
    assert positions(hearing) is None
    assert ended.actual_end is not None
    assert live.start_next_item(hearing, actor=alice).position == 2


@pytest.mark.parametrize(
    ("steps", "action", "message"),
    [
        (
            0,
            live.start_previous_item,
            "Es läuft kein Tagesordnungspunkt, zu dem es einen vorherigen gäbe.",
        ),
        (1, live.start_previous_item, "Das ist bereits der erste Tagesordnungspunkt."),
        (3, live.start_next_item, "Das ist bereits der letzte Tagesordnungspunkt."),
        (0, live.end_current_item, "Es läuft gerade kein Tagesordnungspunkt."),
    ],
)
def test_impossible_moves_are_refused_with_a_reason(hearing, alice, steps, action, message):
    for _ in range(steps):
        live.start_next_item(hearing, actor=alice)
    with pytest.raises(live.LiveStateError) as error:
        action(hearing, actor=alice)
    assert str(error.value) == message


def test_starting_the_running_item_again_is_refused(hearing, alice):
    item = live.start_next_item(hearing, actor=alice)
    with pytest.raises(live.LiveStateError):
        live.start_item(item, actor=alice)
    assert ItemPeriod.objects.count() == 1


def test_all_items_run_then_next_is_refused(hearing, alice):
    for _ in range(3):
        live.start_next_item(hearing, actor=alice)
    live.end_current_item(hearing, actor=alice)
    with pytest.raises(live.LiveStateError) as error:
        live.start_next_item(hearing, actor=alice)
    assert str(error.value) == "Alle Tagesordnungspunkte sind bereits gelaufen."


def test_a_user_without_the_role_is_refused_by_the_domain_too(hearing, bob):
    for action in (live.start_next_item, live.start_previous_item, live.end_current_item):
        with pytest.raises(PermissionDenied):
            action(hearing, actor=bob)
    assert ItemPeriod.objects.count() == 0


def test_every_change_is_audit_logged_and_announced_after_commit(
    hearing, alice, inprocess_backend, django_capture_on_commit_callbacks
):
    received = []

    def listener(hearing_id, seq, payload):
        message = json.loads(payload.decode().split("data: ", 1)[1])
        received.append((message["type"], message["topic"], message["data"]["current"]))

    inprocess_backend.listen(listener)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        live.start_next_item(hearing, actor=alice)
        live.start_next_item(hearing, actor=alice)
        live.end_current_item(hearing, actor=alice)
    assert received == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    items = {item.position: item for item in hearing.items.all()}
    assert [
        (kind, topic, current and current["position"]) for kind, topic, current in received
    ] == [
        ("hearings.item.started", "live-state", 1),
        ("hearings.item.started", "live-state", 2),
        ("hearings.item.ended", "live-state", None),
    ]
    assert received[1][2]["title"] == items[2].title
    # The log keeps only the newest live state; each older one points to the one that replaced it.
    log = list(Event.objects.filter(hearing=hearing).values_list("seq", "type", "data"))
    assert log[:2] == [(1, "superseded", {"by": 2}), (2, "superseded", {"by": 3})]
    actions = list(AuditLogEntry.objects.order_by("id").values_list("action", "actor__username"))
    assert actions == [
        ("hearings.item.started", "alice"),
        ("hearings.item.started", "alice"),
        ("hearings.item.ended", "alice"),
    ]


def test_elapsed_time_adds_up_all_periods(hearing, alice):
    from datetime import timedelta

    item = live.start_next_item(hearing, actor=alice)
    period = ItemPeriod.objects.get(item=item)
    period.started_at -= timedelta(minutes=10)
    period.ended_at = period.started_at + timedelta(minutes=4)
    period.save()
    ItemPeriod.objects.create(item=item, started_at=period.ended_at + timedelta(minutes=1))
    now = period.ended_at + timedelta(minutes=3)
    assert live.elapsed_seconds(item, now=now) == 6 * 60
