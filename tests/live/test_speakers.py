"""The speakers list: hands, order, calling, speaking time as stored turns."""

import pytest
from django.core.exceptions import PermissionDenied

from hearing.live.domain import speakers
from hearing.live.domain.common import LiveError, Who, speakers_snapshot
from hearing.live.models import SpeakingTurn
from tests.factories import ParticipantFactory


def names(item):
    return list(
        SpeakingTurn.objects.filter(item=item, status="waiting")
        .order_by("position", "id")
        .values_list("speaker_name", flat=True)
    )


def test_raising_a_hand_twice_keeps_one_entry(running, member):
    first = speakers.raise_hand(running, who=Who(member))
    again = speakers.raise_hand(running, who=Who(member))
    assert first.pk == again.pk
    assert (first.speaker_name, first.attendance, first.time_limit) == (
        "Clara Stadträtin",
        "virtual",
        120,
    )


def test_a_listener_may_not_raise_a_hand(running, listener):
    with pytest.raises(LiveError) as error:
        speakers.raise_hand(running, who=Who(listener))
    assert str(error.value) == "Sie dürfen sich in diesem Hearing nicht auf die Redeliste setzen."


def test_reorder_call_start_stop_records_the_turn(running, member, alice):
    other = ParticipantFactory(
        group=member.group, name="Otto Ort", status="registered", attendance="in_person"
    )
    speakers.raise_hand(running, who=Who(member))
    second = speakers.raise_hand(running, who=Who(other))
    speakers.add_speaker(running, actor=alice, name="Gast im Saal", attendance="in_person")
    speakers.move(second, actor=alice, step=-1)
    assert names(running) == ["Otto Ort", "Clara Stadträtin", "Gast im Saal"]
    called = speakers.call_next(running, actor=alice)
    assert (called.speaker_name, called.status) == ("Otto Ort", "called")
    assert speakers_snapshot(running)["called"]["name"] == "Otto Ort"
    started = speakers.start_speaking(called, actor=alice)
    snapshot = speakers_snapshot(running)
    assert (snapshot["speaking"]["name"], snapshot["speaking"]["attendance"]) == (
        "Otto Ort",
        "in_person",
    )
    assert [w["name"] for w in snapshot["waiting"]] == ["Clara Stadträtin", "Gast im Saal"]
    # Calling the next one ends the running turn at that moment.
    speakers.call_next(running, actor=alice)
    started.refresh_from_db()
    assert started.status == "done"
    assert started.started_at < started.ended_at
    clara = SpeakingTurn.objects.get(participant=member)
    speakers.start_speaking(clara, actor=alice)
    speakers.stop_speaking(clara, actor=alice)
    clara.refresh_from_db()
    assert (clara.status, clara.started_at < clara.ended_at) == ("done", True)
    with pytest.raises(LiveError):
        speakers.stop_speaking(clara, actor=alice)


def test_calling_with_nobody_waiting_says_so(running, alice):
    with pytest.raises(LiveError) as error:
        speakers.call_next(running, actor=alice)
    assert str(error.value) == "Niemand wartet auf der Redeliste."


def test_withdraw_only_ones_own_hand(running, member, alice):
    turn = speakers.raise_hand(running, who=Who(member))
    other = ParticipantFactory(group=member.group, status="registered")
    with pytest.raises(LiveError):
        speakers.withdraw(turn, who=Who(other))
    speakers.withdraw(turn, who=Who(member))
    turn.refresh_from_db()
    assert turn.status == "withdrawn"


def test_only_moderators_run_the_list(running, member, bob):
    turn = speakers.raise_hand(running, who=Who(member))
    for action in (speakers.start_speaking, speakers.stop_speaking):
        with pytest.raises(PermissionDenied):
            action(turn, actor=bob)
    with pytest.raises(PermissionDenied):
        speakers.call_next(running, actor=bob)
    with pytest.raises(PermissionDenied):
        speakers.move(turn, actor=bob, step=1)
    with pytest.raises(PermissionDenied):
        speakers.add_speaker(running, actor=bob, name="X", attendance="virtual")
