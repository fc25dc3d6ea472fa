"""What is deleted, rejected or private stays so in every output, read back with real parsers."""

import json

import icalendar
import pytest
from django.test import Client

from hearing.live.domain import qa
from hearing.live.domain.common import Who
from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda


def read_stream(client, url, chunks=3) -> str:
    """The first chunks of an SSE response (the Django stream view, as the test server runs it)."""
    response = client.get(url)
    assert response.status_code == 200
    body = b""
    for _, chunk in zip(range(chunks), response.streaming_content, strict=False):
        body += chunk
    response.close()
    return body.decode()


def test_calendar_leaves_out_deleted_items_and_is_valid_rfc5545(db, client, settings):
    settings.SITE_URL = "https://hearing.example.org"
    hearing = hearing_with_agenda(3, slug="ki")
    deleted = hearing.items.get(position=2)
    deleted.deleted = True
    deleted.save()
    item = hearing.items.get(position=3)
    item.title = "Kosten\rNutzen\x0b\x0cund; mehr, \\ Text"
    item.save()
    body = client.get("/hearings/ki/calendar.ics", HTTP_HOST="localhost").content
    again = client.get("/hearings/ki/calendar.ics", HTTP_HOST="127.0.0.1").content
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        f"Punkt {hearing.items.get(position=1).title.split()[-1]} – {hearing.title}",
        f"Kosten\nNutzenund; mehr, \\ Text – {hearing.title}",
    ]
    uids = [str(e["uid"]) for e in events]
    assert all(uid.endswith("@hearing.example.org") for uid in uids)
    assert uids == [str(e["uid"]) for e in icalendar.Calendar.from_ical(again).walk("VEVENT")]
    assert f"item-{deleted.pk}@" not in body.decode()
    assert b"\x0b" not in body and b"\x0c" not in body


@pytest.fixture
def qa_item(db):
    from hearing.hearings.domain import live
    from hearing.hearings.enums import ItemKind

    hearing = hearing_with_agenda(2, slug="oeffentlich")
    item = hearing.items.get(position=2)
    item.kind = ItemKind.DISCUSSION
    item.save()
    moderator = UserFactory(username="mod")
    HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
    live.start_item(item, actor=moderator)
    return item, moderator


def test_a_corrected_then_rejected_question_leaves_the_event_log_and_the_replay(
    qa_item, inprocess_backend
):
    item, moderator = qa_item
    question = qa.ask_question(item, "Ursprünglicher Wortlaut", who=Who(user=moderator))
    qa.edit_question(question, actor=moderator, text="Korrigierter Wortlaut")
    qa.reject_question(question, actor=moderator, reason="Beleidigend")
    anonymous = Client()
    log = anonymous.get("/live/hearings/oeffentlich/events.json?after=0").json()
    text = json.dumps(log, ensure_ascii=False)
    assert "Wortlaut" not in text
    # The numbering stays gapless: superseded events keep their number and point onwards.
    ids = [event["id"] for event in log["events"]]
    assert ids == list(range(1, len(ids) + 1))
    assert {e["type"] for e in log["events"] if e["data"].get("by")} == {"superseded"}
    replay = read_stream(anonymous, "/live/hearings/oeffentlich/events/?last_event_id=0")
    assert "Wortlaut" not in replay
    assert '"questions":[]' in replay  # the current state: no public question


def test_a_private_hearing_is_invisible_to_the_moderator_of_another(db, client):
    private = hearing_with_agenda(1, slug="intern", is_public=False)
    own = UserFactory(username="eigene")
    HearingRoleFactory(hearing=private, user=own, role="moderator")
    other = UserFactory(username="andere")
    HearingRoleFactory(role="moderator")  # a role on some other hearing
    HearingRoleFactory(user=other, role="moderator")
    paths = [
        "/hearings/intern/",
        "/hearings/intern/calendar.ics",
        "/live/hearings/intern/events.json?after=0",
        "/live/hearings/intern/wall/",
        "/documentation/intern/transcript/",
        "/documentation/intern/protocol/",
        "/documentation/intern/protocol.pdf",
        "/documentation/intern/results/",
    ]
    visitor = Client()
    outsider = Client()
    outsider.force_login(other)
    insider = Client()
    insider.force_login(own)
    for path in paths:
        assert visitor.get(path).status_code == 404, path
        assert outsider.get(path).status_code == 404, path
    assert insider.get("/hearings/intern/").status_code == 200
    assert insider.get("/hearings/intern/calendar.ics").status_code == 200
    from hearing.documentation.models import Job

    assert Job.objects.count() == 0  # no protocol build queued for anyone outside


def test_a_rejected_question_leaves_the_search(qa_item, django_capture_on_commit_callbacks):
    from hearing.documentation.domain.search import reindex_hearing, search
    from hearing.hearings.models import Hearing

    item, moderator = qa_item
    with django_capture_on_commit_callbacks(execute=True):
        question = qa.ask_question(
            item, "Wer kontrolliert die Algorithmen?", who=Who(user=moderator)
        )
    reindex_hearing(item.hearing)
    visible = Hearing.objects.filter(is_public=True)
    assert [hit.entry.text for hit in search("Algorithmen", visible_hearings=visible)] == [
        "Wer kontrolliert die Algorithmen?"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        qa.reject_question(question, actor=moderator, reason="Doppelt")
    assert search("Algorithmen", visible_hearings=visible) == []


def test_a_deleted_item_takes_its_questions_and_speakers_out_of_the_event_log(
    qa_item, inprocess_backend, django_capture_on_commit_callbacks
):
    from hearing.live.domain import speakers
    from hearing.live.signals import withdraw_item

    item, moderator = qa_item
    question = qa.ask_question(item, "Öffentliche Frage zum Punkt", who=Who(user=moderator))
    assert question.status == "approved"  # no premoderation
    speakers.add_speaker(item, actor=moderator, name="Erika Gast", attendance="in_person")
    log = Client().get("/live/hearings/oeffentlich/events.json?after=0").json()
    assert "Öffentliche Frage" in json.dumps(log, ensure_ascii=False)
    with django_capture_on_commit_callbacks(execute=True):
        item.deleted = True
        item.save()
    text = json.dumps(
        Client().get("/live/hearings/oeffentlich/events.json?after=0").json(), ensure_ascii=False
    )
    assert "Öffentliche Frage" not in text
    assert "Erika Gast" not in text
    assert withdraw_item(item.hearing_id, item.pk) == 0  # a second save publishes nothing new
    # Whatever still acts on the deleted item publishes its empty state, never the old lists.
    question.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        qa.edit_question(question, actor=moderator, text="Öffentliche Frage, korrigiert")
        speakers.add_speaker(item, actor=moderator, name="Zweiter Gast", attendance="virtual")
    vote = Client().post(f"/live/hearings/oeffentlich/questions/{question.pk}/vote/")
    assert vote.status_code == 404
    text = json.dumps(
        Client().get("/live/hearings/oeffentlich/events.json?after=0").json(), ensure_ascii=False
    )
    assert "Öffentliche Frage" not in text and "Gast" not in text


def test_the_admin_marks_published_rows_deleted_and_never_removes_them(db, client):
    from hearing.council.models import Person
    from tests.factories import ParticipantFactory, ParticipantGroupFactory

    hearing = hearing_with_agenda(2, slug="oeffentlich")
    item = hearing.items.get(position=1)
    person = Person.objects.create(body=hearing.body, name="Dr. Beispiel")
    participant = ParticipantFactory(group=ParticipantGroupFactory(hearing=hearing))
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    for path in (
        f"/admin/hearings/agendaitem/{item.pk}/delete/",
        f"/admin/hearings/hearing/{hearing.pk}/delete/",
        f"/admin/council/person/{person.pk}/delete/",
        f"/admin/participants/participant/{participant.pk}/delete/",  # erased by the privacy action
    ):
        assert client.post(path, {"post": "yes"}).status_code == 403, path
    page = client.get(f"/admin/hearings/hearing/{hearing.pk}/change/").content.decode()
    assert 'name="items-0-deleted"' in page
    assert 'name="items-0-DELETE"' not in page
    assert hearing.items.count() == 2 and Person.objects.filter(pk=person.pk).exists()
    # The logs are there to read, and only to read.
    for listing in ("/admin/events/event/", "/admin/live/question/", "/admin/core/auditlogentry/"):
        page = client.get(listing)
        assert page.status_code == 200, listing
        assert f"{listing}add/" not in page.content.decode(), listing


def test_a_hearing_made_non_public_says_so_once_on_the_event_log(db, inprocess_backend):
    from hearing.events.models import Event

    hearing = hearing_with_agenda(1, slug="bald-intern")
    hearing.is_public = False
    hearing.save()
    hearing.title = "Neuer Titel"
    hearing.save()  # still hidden: nothing new
    hearing.is_public = True
    hearing.save()
    hearing.deleted = True
    hearing.save()
    log = list(Event.objects.filter(hearing=hearing).values_list("type", "topic"))
    assert log == [
        ("superseded", "visibility"),
        ("superseded", "visibility"),
        ("hearings.hearing.hidden", "visibility"),
    ]
