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
