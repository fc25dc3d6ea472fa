"""Pages and actions over HTTP: permissions, refusals without errors, escaping."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from hearing.live.domain import qa, speakers
from hearing.live.domain.common import Who
from hearing.live.models import LiveSettings, Question, SpeakingTurn
from tests.live.conftest import client_for


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def url(hearing, rest):
    return f"/live/hearings/{hearing.slug}/{rest}"


def test_public_pages_show_approved_questions_escaped(running, member, alice, client):
    question = qa.ask_question(running, "<script>alert(1)</script> & <b>fett</b>", who=Who(member))
    pending = qa.ask_question(running, "Noch nicht freigegeben", who=Who(member))
    qa.approve_question(question, actor=alice)
    for path in (
        running.hearing.get_absolute_url(),
        url(running.hearing, "wall/"),
        url(running.hearing, "speaker/"),
        url(running.hearing, "panel/"),
    ):
        page = client.get(path).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;" in page
        assert "<script>alert(1)" not in page
        assert pending.text not in page


def test_a_member_asks_votes_and_raises_a_hand_over_http(running, member, alice):
    client = client_for(member)
    hearing = running.hearing
    response = client.post(url(hearing, "ask/"), {"item": running.pk, "text": "Frage?"})
    assert (response.status_code, response["Location"]) == (302, hearing.get_absolute_url())
    question = Question.objects.get()
    assert (question.participant, question.status) == (member, "pending")
    qa.approve_question(question, actor=alice)
    for _ in range(2):  # a double vote changes nothing
        assert client.post(url(hearing, f"questions/{question.pk}/vote/")).status_code == 302
    question.refresh_from_db()
    assert question.votes_count == 1
    # One vote is "1 Stimme", not "1 Stimmen": on the public list, on the moderator's console,
    # and the words live updates use.
    lists = client.get(url(hearing, "wall/")).content.decode()
    assert '<span class="votes">1 <span class="visually-hidden">Stimme</span></span>' in lists
    assert 'data-text-vote="Stimme" data-text-votes="Stimmen"' in lists
    moderator = Client()
    moderator.force_login(alice)
    console = moderator.get(url(hearing, "console/")).content.decode()
    assert '<span class="badge">1 Stimme</span>' in console
    assert client.post(url(hearing, "hand/"), {"item": running.pk}).status_code == 302
    turn = SpeakingTurn.objects.get()
    assert (turn.participant, turn.attendance, turn.status) == (member, "virtual", "waiting")
    panel = client.get(url(hearing, "me/")).content.decode()
    assert "Sie stehen auf der Redeliste." in panel
    speakers.call_next(running, actor=alice)
    panel = client.get(url(hearing, "me/")).content.decode()
    assert "Sie sind dran! Bitte sprechen Sie jetzt." in panel


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"text": ""}, "Bitte eine Frage eingeben."),
        ({"text": "y" * 5000}, "Die Frage ist zu lang (höchstens 500 Zeichen)."),
    ],
)
def test_bad_questions_are_refused_with_a_message_not_an_error(running, member, form, message):
    client = client_for(member)
    response = client.post(url(running.hearing, "ask/"), {"item": running.pk, **form}, follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [message]
    assert Question.objects.count() == 0


@pytest.mark.parametrize("item", ["", "abc", "999999"])
def test_a_missing_or_foreign_item_is_a_404(running, member, item):
    response = client_for(member).post(url(running.hearing, "ask/"), {"item": item, "text": "x"})
    assert response.status_code == 404


def test_voting_on_a_rejected_question_is_refused(running, member, alice):
    question = qa.ask_question(running, "Frage", who=Who(member))
    qa.reject_question(question, actor=alice, reason="doppelt")
    response = client_for(member).post(
        url(running.hearing, f"questions/{question.pk}/vote/"), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Für diese Frage kann nicht (mehr) abgestimmt werden."
    ]


def test_anonymous_visitors_may_not_vote_or_raise_hands(running, client, member, alice):
    question = qa.ask_question(running, "Frage", who=Who(member))
    qa.approve_question(question, actor=alice)
    response = client.post(url(running.hearing, f"questions/{question.pk}/vote/"), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Sie dürfen in diesem Hearing nicht abstimmen."
    ]
    response = client.post(url(running.hearing, "hand/"), {"item": running.pk}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Sie dürfen sich in diesem Hearing nicht auf die Redeliste setzen."
    ]
    assert client.get(url(running.hearing, "me/")).status_code == 403


def test_public_questions_from_visitors_when_the_hearing_allows(running, client):
    LiveSettings.objects.create(hearing=running.hearing, public_questions=True)
    page = client.get(running.hearing.get_absolute_url()).content.decode()
    assert 'id="public-question"' in page
    client.post(url(running.hearing, "ask/"), {"item": running.pk, "text": "Von außen"})
    assert list(Question.objects.values_list("status", "participant")) == [("pending", None)]


def moderation_posts(hearing, question, turn):
    base = f"/live/hearings/{hearing.slug}/console/"
    return [
        (base + f"questions/{question.pk}/approve/", {}),
        (base + f"questions/{question.pk}/reject/", {"reason": "x"}),
        (base + f"questions/{question.pk}/edit/", {"text": "neu"}),
        (base + f"questions/{question.pk}/answering/", {}),
        (base + f"questions/{question.pk}/answered/", {}),
        (base + f"questions/{question.pk}/merge/", {"into": question.pk}),
        (base + "ask/", {"text": "aus dem Saal"}),
        (base + "speakers/next/", {}),
        (base + "speakers/add/", {"name": "Gast", "attendance": "in_person"}),
        (base + f"speakers/{turn.pk}/up/", {}),
        (base + f"speakers/{turn.pk}/start/", {}),
        (base + f"speakers/{turn.pk}/stop/", {}),
        (base + "announce/", {"text": "Pause bis 11 Uhr"}),
        (base + "settings/", {"premoderation": "on", "speaking_time": "90"}),
    ]


def test_every_moderation_action_refuses_who_may_not(
    running, member, alice, bob_client, anonymous_client
):
    question = qa.ask_question(running, "Frage", who=Who(member))
    turn = speakers.raise_hand(running, who=Who(member))
    for path, form in moderation_posts(running.hearing, question, turn):
        assert bob_client.post(path, form).status_code == 403, path
        response = anonymous_client.post(path, form)
        assert (response.status_code, response["Location"].split("?")[0]) == (
            302,
            "/accounts/login/",
        ), path
        assert client_for(member).post(path, form).status_code == 302  # to the login page
    assert bob_client.get(f"/live/hearings/{running.hearing.slug}/console/").status_code == 403
    question.refresh_from_db()
    assert (question.status, question.text) == ("pending", "Frage")


def test_every_moderation_action_works_for_the_moderator(running, member, alice_client):
    question = qa.ask_question(running, "Frage", who=Who(member))
    turn = speakers.raise_hand(running, who=Who(member))
    statuses = [
        alice_client.post(path, form).status_code
        for path, form in moderation_posts(running.hearing, question, turn)
    ]
    assert statuses == [302] * 14
    console = alice_client.get(f"/backoffice/hearings/{running.hearing.slug}/console/")
    assert console.status_code == 200
    panel = alice_client.get(f"/live/hearings/{running.hearing.slug}/console/")
    assert panel.status_code == 200
    turn.refresh_from_db()
    assert turn.status == "done"
    assert turn.started_at <= turn.ended_at


@pytest.mark.parametrize("action", ["nonsense", "delete"])
def test_unknown_moderation_actions_are_404(running, member, alice_client, action):
    question = qa.ask_question(running, "Frage", who=Who(member))
    path = f"/live/hearings/{running.hearing.slug}/console/questions/{question.pk}/{action}/"
    assert alice_client.post(path).status_code == 404


def test_the_console_shows_the_asker_to_the_moderation_only(running, member, alice_client, client):
    qa.ask_question(running, "Frage mit Namen", who=Who(member), show_name=False)
    console = alice_client.get(f"/live/hearings/{running.hearing.slug}/console/").content.decode()
    assert "Clara Stadträtin (Stadtrat)" in console
    assert "Clara Stadträtin" not in client.get(running.hearing.get_absolute_url()).content.decode()


@pytest.mark.parametrize("value", ["²", "①", "٣٠", "abc", "", "14", "1801", "9" * 40])
def test_a_speaking_time_that_is_no_number_in_range_is_refused(running, alice_client, value):
    from hearing.live.models import LiveSettings

    LiveSettings.objects.create(hearing=running.hearing, speaking_time=90)
    path = f"/live/hearings/{running.hearing.slug}/console/settings/"
    response = alice_client.post(path, {"speaking_time": value}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"].startswith(
        "Die Redezeit (Sekunden) muss eine ganze Zahl von 15 bis 1800 sein"
    )
    assert LiveSettings.objects.get().speaking_time == 90
    assert alice_client.post(path, {"speaking_time": " 300 "}).status_code == 302
    assert LiveSettings.objects.get().speaking_time == 300


def test_participants_of_a_non_public_hearing_take_part_by_their_link(
    running, member, anonymous_client, bob_client
):
    hearing = running.hearing
    hearing.is_public = False
    hearing.save()
    base = f"/live/hearings/{hearing.slug}/"
    participant = client_for(member)
    assert participant.get(f"/participation/{hearing.slug}/personal/").status_code == 200
    assert participant.get(base + "me/").status_code == 200
    ask = {"item": running.pk, "text": "Eine Frage aus der internen Runde"}
    assert participant.post(base + "ask/", ask).status_code == 302
    assert participant.post(base + "hand/", {"item": running.pk}).status_code == 302
    question = Question.objects.get()
    assert (question.text, question.participant) == (ask["text"], member)
    assert SpeakingTurn.objects.get().participant == member
    # Who is not its participant still finds nothing there.
    for client in (anonymous_client, bob_client):
        assert client.post(base + "ask/", ask).status_code == 404
        assert client.get(base + "me/").status_code == 404
    assert Question.objects.count() == 1
    log = participant.get(base + "events.json?after=0").json()
    assert log["events"][-1]["data"]["waiting"] == [
        {"name": "Clara Stadträtin", "attendance": "virtual"}
    ]
    assert anonymous_client.get(base + "events.json?after=0").status_code == 404


def test_a_second_vote_is_not_counted_and_the_page_says_so(running, member, alice):
    question = qa.ask_question(running, "Wer haftet?", who=Who(member))
    if question.status == "pending":
        qa.approve_question(question, actor=alice)
    path = f"/live/hearings/{running.hearing.slug}/questions/{question.pk}/vote/"
    participant = client_for(member)
    answers = [
        participant.post(path, HTTP_ACCEPT="application/json").json()["message"] for _ in range(2)
    ]
    assert answers == [
        "Ihre Stimme ist gezählt.",
        "Sie haben für diese Frage schon gestimmt; Ihre Stimme zählt einmal.",
    ]
    question.refresh_from_db()
    assert question.votes_count == 1


def test_erasing_ones_data_takes_the_name_off_questions_and_the_speakers_list(
    running, member, alice, anonymous_client
):
    from hearing.participants.domain import privacy

    LiveSettings.objects.update_or_create(
        hearing=running.hearing, defaults={"premoderation": False}
    )
    question = qa.ask_question(running, "Wer prüft die Modelle?", who=Who(member), show_name=True)
    speakers.raise_hand(running, who=Who(member))
    log = anonymous_client.get(f"/live/hearings/{running.hearing.slug}/events.json?after=0")
    assert "Clara Stadträtin" in json.dumps(log.json(), ensure_ascii=False)
    privacy.erase(member)
    question.refresh_from_db()
    assert (question.asker_name, question.show_name, question.text) == (
        "",
        False,
        "Wer prüft die Modelle?",
    )
    assert SpeakingTurn.objects.get(participant=member).status == "withdrawn"
    log = anonymous_client.get(f"/live/hearings/{running.hearing.slug}/events.json?after=0")
    assert "Clara" not in json.dumps(log.json(), ensure_ascii=False)
    panel = anonymous_client.get(f"/live/hearings/{running.hearing.slug}/panel/")
    assert "Clara Stadträtin" not in panel.content.decode()


def test_a_question_too_long_is_bad_input_not_a_conflict(running, member):
    path = f"/live/hearings/{running.hearing.slug}/ask/"
    response = client_for(member).post(
        path, {"item": running.pk, "text": "x" * 501}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "500" in response.json()["error"]
    assert Question.objects.count() == 0


def test_only_those_who_may_vote_see_vote_buttons(running, member, listener, alice):
    """A listening group's member gets no "Stimme geben" that could only answer "Sie dürfen
    nicht abstimmen" (review of issue 13)."""
    question = qa.ask_question(running, "Wer zahlt?", who=Who(member))
    qa.approve_question(question, actor=alice)
    pages = [
        client_for(p).get(url(running.hearing, "me/")).content.decode() for p in (member, listener)
    ]
    assert ["Stimme geben" in page for page in pages] == [True, False]
    assert ["Wer zahlt?" in page for page in pages] == [True, True]  # both see the question
