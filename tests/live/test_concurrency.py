""" "At most one" under real concurrency (PostgreSQL, threads with their own connections)."""

import pytest

from hearing.live.domain import qa, speakers
from hearing.live.domain.common import LiveError, Who
from hearing.live.models import Question, SpeakingTurn, Vote
from tests.concurrency import at_once, postgres_only

pytestmark = [postgres_only, pytest.mark.django_db(transaction=True)]


def test_sixteen_simultaneous_hands_make_one_turn(running, member):
    results, errors = at_once(lambda: speakers.raise_hand(running, who=Who(member)), [()] * 16)
    assert errors == []
    turns = SpeakingTurn.objects.filter(item=running, participant=member)
    assert turns.count() == 1
    assert {turn.pk for turn in results} == {turns.get().pk}


def test_positions_stay_distinct_when_many_raise_hands_at_once(running, member):
    from tests.factories import ParticipantFactory

    people = [
        ParticipantFactory(group=member.group, status="registered", attendance="virtual")
        for _ in range(8)
    ]
    _, errors = at_once(lambda p: speakers.raise_hand(running, who=Who(p)), [(p,) for p in people])
    assert errors == []
    positions = list(SpeakingTurn.objects.filter(item=running).values_list("position", flat=True))
    assert sorted(positions) == list(range(1, 9))


@pytest.mark.parametrize("attempt", range(10))
def test_a_double_click_stores_one_question(running, member, attempt):
    def ask():
        return qa.ask_question(running, "Wer haftet, wenn die KI irrt?", who=Who(member))

    results, errors = at_once(ask, [(), ()])
    assert Question.objects.filter(item=running).count() == 1
    assert len(results) == 1
    assert [str(e) for e in errors] == ["Diese Frage wurde zu diesem Punkt bereits gestellt."]
    assert all(isinstance(e, LiveError) for e in errors)


def test_many_votes_at_once_count_each_person_once(running, member, alice):
    from tests.factories import ParticipantFactory

    question = qa.ask_question(running, "Wie wird die KI geprüft?", who=Who(user=alice))
    voters = [
        ParticipantFactory(group=member.group, status="registered", attendance="virtual")
        for _ in range(12)
    ]
    # Every voter clicks twice at the same moment.
    _, errors = at_once(lambda p: qa.vote(question, who=Who(p)), [(p,) for p in voters * 2])
    assert errors == []
    question.refresh_from_db()
    assert Vote.objects.filter(question=question).count() == 12
    assert question.votes_count == 12


def test_questions_asked_at_once_are_each_searchable_once(running, alice):
    from hearing.documentation.models import SearchEntry

    texts = [f"Gleichzeitige Frage Nummer {n}?" for n in range(8)]
    _, errors = at_once(
        lambda t: qa.ask_question(running, t, who=Who(user=alice)), [(t,) for t in texts]
    )
    assert errors == []
    indexed = sorted(SearchEntry.objects.filter(kind="question").values_list("text", flat=True))
    assert indexed == sorted(texts)


@pytest.mark.parametrize("attempt", range(3))
def test_asks_and_hands_on_two_items_at_once_never_deadlock(running, member, attempt):
    """Each write inserts rows that point to the hearing (a foreign key takes KEY SHARE on it)
    and numbers its event; a search rebuild after commit locks the hearing row. With FOR UPDATE
    on the hearing these formed a cycle (PostgreSQL: "deadlock detected", a 500 after the
    question was stored); every lock on a parent row is FOR NO KEY UPDATE now."""
    from hearing.hearings.enums import ItemKind
    from tests.factories import ParticipantFactory

    other = running.hearing.items.exclude(pk=running.pk).order_by("position").last()
    other.kind = ItemKind.DISCUSSION
    other.save()
    people = [
        ParticipantFactory(group=member.group, status="registered", attendance="virtual")
        for _ in range(10)
    ]

    def ask(person):
        return qa.ask_question(running, f"Frage von {person.pk} zum Punkt?", who=Who(person))

    def hand(person):
        return speakers.raise_hand(other, who=Who(person))

    work = [(ask, p) for p in people] + [(hand, p) for p in people]
    _, errors = at_once(lambda action, person: action(person), work)
    assert errors == []
    assert Question.objects.filter(item=running).count() == 10
    assert SpeakingTurn.objects.filter(item=other).count() == 10


@pytest.mark.parametrize("attempt", range(3))
def test_lists_published_at_once_are_never_older_than_the_event_before(running, alice, attempt):
    """Eight questions asked at the same moment (by the moderator: approved at once). Each ask
    publishes the item's list; it is read under the numbering lock, so the last list holds all
    eight (read before the lock, a list lacked the questions not yet committed beside it)."""
    from hearing.events.models import Event
    from hearing.live.domain.common import questions_topic

    texts = [f"Frage Nummer {n}?" for n in range(8)]
    _, errors = at_once(
        lambda t: qa.ask_question(running, t, who=Who(user=alice)), [(t,) for t in texts]
    )
    assert errors == []
    last = Event.objects.filter(topic=questions_topic(running.pk)).order_by("-seq").first()
    assert sorted(q["text"] for q in last.data["questions"]) == sorted(texts)


@pytest.mark.parametrize("attempt", range(3))
def test_votes_on_both_while_one_is_merged_into_the_other_keep_every_vote(
    running, member, alice, attempt
):
    from tests.factories import ParticipantFactory

    target = qa.ask_question(running, "Wer prüft die KI?", who=Who(user=alice))
    duplicate = qa.ask_question(running, "Wer kontrolliert die KI?", who=Who(user=alice))
    voters = [ParticipantFactory(group=member.group, status="registered") for _ in range(8)]
    qa.vote(duplicate, who=Who(voters[0]))
    work = [lambda: qa.merge_question(duplicate, into=target, actor=alice)]
    work += [lambda p=p: qa.vote(target, who=Who(p)) for p in voters]
    work += [lambda p=p: qa.vote(duplicate, who=Who(p)) for p in voters[:4]]
    _, errors = at_once(lambda call: call(), [(call,) for call in work])
    # Votes on the duplicate after the merge are refused; nothing else fails.
    assert {str(e) for e in errors} <= {"Für diese Frage kann nicht (mehr) abgestimmt werden."}
    target.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.status == "merged"
    assert target.votes_count == Vote.objects.filter(question=target).count() == 8
    assert Vote.objects.filter(question=duplicate).count() == 0


@pytest.mark.parametrize("attempt", range(3))
def test_two_questions_merged_into_each_other_at_once_one_merge_wins(running, alice, attempt):
    first = qa.ask_question(running, "Erste Fassung?", who=Who(user=alice))
    second = qa.ask_question(running, "Zweite Fassung?", who=Who(user=alice))
    results, errors = at_once(
        lambda a, b: qa.merge_question(a, into=b, actor=alice), [(first, second), (second, first)]
    )
    from hearing.live import phrases

    assert len(results) == 1
    # The one that waited finds its own question merged, or the other one: refused either way.
    assert len(errors) == 1
    assert isinstance(errors[0], LiveError)
    assert str(errors[0]) in (str(phrases.MERGE_TARGET), str(phrases.STATE_CHANGED))
    statuses = sorted(Question.objects.filter(item=running).values_list("status", flat=True))
    assert statuses == ["approved", "merged"]
