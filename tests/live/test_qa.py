"""Q&A: asking, moderation, votes, limits and what the public sees."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from hearing.core.errors import RateLimited
from hearing.core.models import AuditLogEntry
from hearing.events.models import Event
from hearing.live.domain import qa
from hearing.live.domain.common import LiveError, Who, qa_snapshot
from hearing.live.models import LiveSettings, Question, QuestionStatus, Vote
from tests.factories import ParticipantFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def snapshot_texts(item):
    return [q["text"] for q in qa_snapshot(item)["questions"]]


def test_a_members_question_waits_for_approval_then_is_public(running, member, alice):
    question = qa.ask_question(running, "Wer haftet für Fehler der KI?", who=Who(member))
    assert question.status == QuestionStatus.PENDING
    assert snapshot_texts(running) == []
    qa.approve_question(question, actor=alice)
    assert qa_snapshot(running)["questions"] == [
        {
            "id": question.pk,
            "text": "Wer haftet für Fehler der KI?",
            "asker": "anonym",
            "votes": 0,
            "status": "approved",
        }
    ]
    assert list(
        AuditLogEntry.objects.filter(action__startswith="live.question")
        .order_by("id")
        .values_list("action", "actor__username")
    ) == [("live.question.asked", None), ("live.question.approved", "alice")]
    last = Event.objects.filter(hearing=running.hearing).order_by("seq").last()
    assert (last.type, last.topic) == ("live.question.approved", f"questions:{running.pk}")


def test_without_premoderation_and_with_the_name_shown(running, member):
    LiveSettings.objects.create(hearing=running.hearing, premoderation=False)
    question = qa.ask_question(running, "Wie wird geprüft?", who=Who(member), show_name=True)
    assert question.status == QuestionStatus.APPROVED
    assert qa_snapshot(running)["questions"][0]["asker"] == "Clara Stadträtin"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Bitte eine Frage eingeben."),
        ("   \n ", "Bitte eine Frage eingeben."),
        ("x" * 501, "Die Frage ist zu lang (höchstens 500 Zeichen)."),
    ],
)
def test_empty_and_oversized_questions_are_refused(running, member, text, message):
    with pytest.raises(LiveError) as error:
        qa.ask_question(running, text, who=Who(member))
    assert str(error.value) == message
    assert Question.objects.count() == 0


def test_duplicates_are_detected_regardless_of_case_and_punctuation(running, member):
    qa.ask_question(running, "Wer haftet für Fehler der KI?", who=Who(member))
    with pytest.raises(LiveError) as error:
        qa.ask_question(running, "wer  haftet fur Fehler der KI", who=Who(member))
    assert str(error.value) == "Diese Frage wurde zu diesem Punkt bereits gestellt."
    for hidden in (
        "Wer haf\u00adtet für Feh\u200bler der KI?",
        "\u202eWer haftet für\ufeff Fehler der KI?",
        "Wer haftet für Fehler der KI_",
        "Wer haftet für Fehler der KI\u3164",
    ):
        with pytest.raises(LiveError, match="bereits gestellt"):
            qa.ask_question(running, hidden, who=Who(member))
    assert Question.objects.count() == 1


def test_a_listening_group_may_not_ask_or_vote(running, listener, member, alice):
    with pytest.raises(LiveError) as error:
        qa.ask_question(running, "Darf ich?", who=Who(listener))
    assert str(error.value) == "Sie dürfen in diesem Hearing keine Fragen stellen."
    question = qa.ask_question(running, "Frage", who=Who(member))
    qa.approve_question(question, actor=alice)
    with pytest.raises(LiveError):
        qa.vote(question, who=Who(listener))


def test_public_questions_are_off_by_default_then_premoderated_and_rate_limited(running, settings):
    settings.PUBLIC_ADDRESS_LIMIT = 4
    visitor = Who(session_key="s1", address="192.0.2.1")
    with pytest.raises(LiveError) as error:
        qa.ask_question(running, "Öffentliche Frage", who=visitor)
    assert str(error.value) == "Fragen aus dem Publikum sind in diesem Hearing nicht vorgesehen."
    LiveSettings.objects.create(hearing=running.hearing, public_questions=True)
    for n in range(3):
        question = qa.ask_question(running, f"Frage Nummer {n}", who=visitor, show_name=True)
        assert (question.status, question.show_name) == (QuestionStatus.PENDING, False)
    with pytest.raises(RateLimited) as error:
        qa.ask_question(running, "Frage Nummer 3", who=visitor)
    assert re.fullmatch(
        r"Höchstens 3 Fragen je 10 Minuten\. Bitte in \d+ (Sekunden?|Minuten?) noch einmal\.",
        str(error.value),
    )
    assert error.value.status == 429 and 1 <= error.value.retry_after <= 600
    # Fair to a room behind one address: another session there may ask (up to the ceiling).
    qa.ask_question(running, "Frage Nummer 4", who=Who(session_key="s2", address="192.0.2.1"))
    with pytest.raises(RateLimited) as error:
        qa.ask_question(running, "Frage Nummer 5", who=Who(session_key="s3", address="192.0.2.1"))
    assert str(error.value).startswith(
        "Von Ihrer Netzadresse kamen gerade sehr viele Eingaben (höchstens 4 je 10 Minuten)."
    )
    qa.ask_question(running, "Frage Nummer 6", who=Who(session_key="s4", address="192.0.2.9"))
    assert Question.objects.count() == 5


def test_a_refused_copy_does_not_count_against_a_visitors_limit(running):
    LiveSettings.objects.create(hearing=running.hearing, public_questions=True)
    visitor = Who(session_key="s1", address="192.0.2.1")
    qa.ask_question(running, "Was kostet das?", who=visitor)
    for _ in range(3):
        with pytest.raises(LiveError, match="bereits gestellt"):
            qa.ask_question(running, "was kostet das", who=visitor)
    qa.ask_question(running, "Wer betreibt es?", who=visitor)
    qa.ask_question(running, "Wo laufen die Daten?", who=visitor)
    with pytest.raises(RateLimited):
        qa.ask_question(running, "Und die vierte?", who=visitor)
    assert Question.objects.count() == 3


def test_questions_need_an_item_with_q_and_a(hearing, member, inprocess_backend):
    talk = hearing.items.get(position=1)
    with pytest.raises(LiveError) as error:
        qa.ask_question(talk, "Frage", who=Who(member))
    assert str(error.value) == "Zu diesem Tagesordnungspunkt gibt es keine Fragerunde."


def test_one_vote_per_person_and_none_on_rejected_questions(running, member, alice, hearing):
    other = ParticipantFactory(group=member.group, status="registered")
    question = qa.ask_question(running, "Frage eins", who=Who(member))
    with pytest.raises(LiveError) as error:
        qa.vote(question, who=Who(other))  # still pending
    assert str(error.value) == "Für diese Frage kann nicht (mehr) abgestimmt werden."
    qa.approve_question(question, actor=alice)
    assert qa.vote(question, who=Who(member)) is True
    assert qa.vote(question, who=Who(member)) is False
    assert qa.vote(question, who=Who(other)) is True
    question.refresh_from_db()
    assert question.votes_count == 2
    assert Vote.objects.count() == 2
    qa.reject_question(question, actor=alice, reason="nicht zum Thema")
    with pytest.raises(LiveError):
        qa.vote(question, who=Who(ParticipantFactory(group=member.group, status="registered")))
    question.refresh_from_db()
    assert (question.votes_count, question.rejection_reason) == (2, "nicht zum Thema")


def test_a_vote_sends_its_count_and_a_new_list_takes_the_counts_over(running, member, alice):
    first, second = (qa.ask_question(running, f"Frage {n}", who=Who(user=alice)) for n in range(2))
    voters = [ParticipantFactory(group=member.group, status="registered") for _ in range(3)]

    def last_event():
        last = Event.objects.filter(hearing=running.hearing).order_by("seq").last()
        return last.type, last.topic, last.data

    qa.vote(first, who=Who(voters[0]))
    assert last_event() == (
        "live.question.voted",
        f"votes:{running.pk}:{first.pk}",
        {"item": running.pk, "question": first.pk, "votes": 1},
    )
    qa.vote(first, who=Who(voters[1]))
    assert last_event()[2]["votes"] == 2
    # Only the newest count of a question stays current in the log ...
    current = Event.objects.filter(topic__startswith="votes:").exclude(type="superseded")
    assert [(e.topic, e.data["votes"]) for e in current] == [(f"votes:{running.pk}:{first.pk}", 2)]
    # ... until a whole list carries every count.
    qa.reject_question(second, actor=alice, reason="doppelt")
    assert list(current.all()) == []
    assert [(q["id"], q["votes"]) for q in last_event()[2]["questions"]] == [(first.pk, 2)]


def test_with_more_questions_than_shown_every_vote_sends_the_list(
    running, member, alice, monkeypatch
):
    """A vote may then change who is shown: the third question passes the second."""
    monkeypatch.setattr("hearing.live.domain.qa.PUBLIC_QUESTIONS_SHOWN", 2)
    monkeypatch.setattr("hearing.live.domain.common.PUBLIC_QUESTIONS_SHOWN", 2)
    first, second, third = (
        qa.ask_question(running, f"Frage {n}", who=Who(user=alice)) for n in range(3)
    )
    voter = ParticipantFactory(group=member.group, status="registered")
    qa.vote(third, who=Who(voter))
    last = Event.objects.filter(hearing=running.hearing).order_by("seq").last()
    assert (last.type, last.topic) == ("live.question.voted", f"questions:{running.pk}")
    assert [(q["id"], q["votes"]) for q in last.data["questions"]] == [(third.pk, 1), (first.pk, 0)]
    assert second.pk not in [q["id"] for q in last.data["questions"]]


def test_a_repeated_vote_leaves_the_count_alone(running, member, alice):
    question = qa.ask_question(running, "Frage", who=Who(user=alice))
    assert qa.vote(question, who=Who(member)) is True
    events = Event.objects.count()
    assert qa.vote(question, who=Who(member)) is False
    question.refresh_from_db()
    assert (question.votes_count, Vote.objects.count(), Event.objects.count()) == (1, 1, events)


def test_reject_needs_a_reason(running, member, alice):
    question = qa.ask_question(running, "Frage", who=Who(member))
    with pytest.raises(LiveError) as error:
        qa.reject_question(question, actor=alice, reason="  ")
    assert str(error.value) == "Bitte einen Grund für die Ablehnung angeben."


def test_edit_keeps_the_original_and_merge_moves_votes(running, member, alice):
    other = ParticipantFactory(group=member.group, status="registered")
    first = qa.ask_question(running, "Wie sicher sind die Daten?", who=Who(member))
    second = qa.ask_question(running, "Sind die Daten sicher?", who=Who(other))
    for q in (first, second):
        qa.approve_question(q, actor=alice)
    qa.vote(first, who=Who(member))
    qa.vote(second, who=Who(member))
    qa.vote(second, who=Who(other))
    qa.edit_question(first, actor=alice, text="Wie sicher sind die Daten")
    qa.edit_question(first, actor=alice, text="Wie sicher sind die Daten der Bürger*innen?")
    qa.merge_question(second, into=first, actor=alice)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.text, first.original_text) == (
        "Wie sicher sind die Daten der Bürger*innen?",
        "Wie sicher sind die Daten?",
    )
    assert (first.votes_count, second.status, second.merged_into_id) == (2, "merged", first.pk)
    assert sorted(Vote.objects.values_list("question_id", "voter")) == sorted(
        [(first.pk, f"p{member.pk}"), (first.pk, f"p{other.pk}")]
    )


def test_answering_one_question_closes_the_one_before(running, member, alice):
    a = qa.ask_question(running, "Frage A", who=Who(member))
    b = qa.ask_question(running, "Frage B", who=Who(member))
    for q in (a, b):
        qa.approve_question(q, actor=alice)
    qa.start_answering(a, actor=alice)
    qa.start_answering(b, actor=alice)
    a.refresh_from_db()
    assert (a.status, a.answered_at is not None) == ("answered", True)
    assert [q["status"] for q in qa_snapshot(running)["questions"]] == ["answering", "answered"]


def test_moderation_needs_the_permission_in_the_domain_too(running, member, bob):
    question = qa.ask_question(running, "Frage", who=Who(member))
    for action in (qa.approve_question, qa.start_answering, qa.mark_answered):
        with pytest.raises(PermissionDenied):
            action(question, actor=bob)
    with pytest.raises(PermissionDenied):
        qa.reject_question(question, actor=bob, reason="x")
    with pytest.raises(PermissionDenied):
        qa.edit_question(question, actor=bob, text="y")
    with pytest.raises(PermissionDenied):
        qa.approve_question(question, actor=UserFactory())


def test_a_moderator_asks_for_the_room_and_it_is_shown_at_once(running, alice):
    question = qa.ask_question(running, "Frage aus dem Saal", who=Who(user=alice))
    assert (question.status, question.asked_by, question.asker_name) == ("approved", alice, "alice")


def test_a_vote_that_arrives_after_its_item_was_deleted_brings_nothing_back(
    running, member, alice, monkeypatch
):
    """The view loaded the question (and its item) just before the item was deleted."""
    monkeypatch.setattr("hearing.live.domain.qa.PUBLIC_QUESTIONS_SHOWN", 1)
    for n in range(2):
        qa.ask_question(running, f"Frage {n}", who=Who(user=alice))
    stale = Question.objects.select_related("item").filter(item=running).last()
    running.deleted = True
    running.save()
    with pytest.raises(LiveError) as error:
        qa.vote(stale, who=Who(member))
    assert str(error.value) == "Für diese Frage kann nicht (mehr) abgestimmt werden."
    current = Event.objects.filter(topic=f"questions:{running.pk}").exclude(type="superseded")
    assert [e.data["questions"] for e in current] == [[]]
    assert Vote.objects.count() == 0
