"""Issue 14, Deliver 4: organisers edit the agenda outside the admin: add (times checked, the
form keeps what was typed), change, reorder (buttons, a whole order, times follow), remove,
attach files; only organisers; concurrent reorders on PostgreSQL keep positions unique."""

from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hearing.core.models import AuditLogEntry
from hearing.events.models import Event
from hearing.hearings.domain import agenda
from hearing.hearings.models import AgendaItem, Attachment
from tests.concurrency import at_once, postgres_only
from tests.factories import HearingRoleFactory, PersonFactory, UserFactory


def url(name, hearing, *args):
    return reverse(f"backoffice:{name}", args=[hearing.slug, *args])


def titles(hearing):
    return [(i.title, i.planned_start.strftime("%H:%M")) for i in agenda.items(hearing)]


def test_an_item_is_added_with_its_speakers_and_a_bad_time_keeps_the_form(
    hearing, organiser_client
):
    speaker = PersonFactory(name="Prof. Dr. Lena Vogt", body=hearing.body)
    form = {
        "number": "4", "title": "Ausblick <KI>", "kind": "talk", "planned_start": "08:00",
        "planned_duration": "15", "speakers": [speaker.pk], "speaker_note": "", "description": "",
    }  # fmt: skip
    refused = organiser_client.post(url("agenda", hearing), form)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "liegt außerhalb der Zeit des Hearings" in html
    assert 'value="Ausblick &lt;KI&gt;"' in html  # kept, escaped
    overlap = organiser_client.post(url("agenda", hearing), {**form, "planned_start": "09:40"})
    assert overlap.status_code == 400 and "überschneidet sich" in overlap.content.decode()
    assert AgendaItem.objects.filter(hearing=hearing).count() == 3
    added = organiser_client.post(url("agenda", hearing), {**form, "planned_start": "10:15"})
    assert added.status_code == 302
    item = AgendaItem.objects.get(title="Ausblick <KI>")
    assert item.position == 4 and list(item.speakers.all()) == [speaker]
    assert AuditLogEntry.objects.filter(action="hearing.agenda.item_added").count() == 1
    assert Event.objects.filter(hearing=hearing, type="hearing.agenda.changed").count() == 1
    page = Client().get(hearing.get_absolute_url()).content.decode()
    assert "Ausblick &lt;KI&gt;" in page and "Prof. Dr. Lena Vogt" in page


def test_reordering_moves_items_and_their_times_follow(hearing, organiser_client):
    first, second, third = agenda.items(hearing)
    assert titles(hearing) == [("Punkt 1", "09:30"), ("Punkt 2", "09:45"), ("Punkt 3", "10:00")]
    shown = f"{first.pk},{second.pk},{third.pk}"
    page = organiser_client.get(url("agenda", hearing)).content.decode()
    assert f'name="shown" value="{shown}"' in page
    answer = organiser_client.post(
        url("agenda_move", hearing, third.pk), {"step": "-1", "shown": shown}
    )
    assert answer.status_code == 302
    assert titles(hearing) == [("Punkt 1", "09:30"), ("Punkt 3", "09:45"), ("Punkt 2", "10:00")]
    # Another click from the page not reloaded is refused, also for an item still in its place
    # ("Punkt 1" down would swap it with "Punkt 3", which that page did not show beside it).
    again = organiser_client.post(
        url("agenda_move", hearing, first.pk),
        {"step": "1", "shown": shown},
        HTTP_ACCEPT="application/json",
    )
    assert (again.status_code, again.json()["error"]) == (
        409,
        "Die Tagesordnung wurde inzwischen geändert; bitte die Seite neu laden.",
    )
    assert titles(hearing) == [("Punkt 1", "09:30"), ("Punkt 3", "09:45"), ("Punkt 2", "10:00")]
    # A whole order, as dragging sends it; a break between items stays where it was.
    AgendaItem.objects.filter(pk=second.pk).update(planned_start=time(10, 15))
    order = ",".join(str(pk) for pk in (second.pk, first.pk, third.pk))
    assert (
        organiser_client.post(url("agenda_move", hearing, first.pk), {"order": order}).status_code
        == 302
    )
    assert titles(hearing) == [("Punkt 2", "09:30"), ("Punkt 1", "09:45"), ("Punkt 3", "10:15")]
    # An order that is not the agenda (an item missing, twice, unknown): refused, nothing moves.
    for bad in (f"{first.pk},{second.pk}", f"{first.pk},{first.pk},{third.pk}", "1,2,999999"):
        refused = organiser_client.post(
            url("agenda_move", hearing, first.pk), {"order": bad}, HTTP_ACCEPT="application/json"
        )
        assert refused.status_code == 400 and "neu laden" in refused.json()["error"]
    assert (
        organiser_client.post(url("agenda_move", hearing, first.pk), {"order": "x,1"}).status_code
        == 404
    )
    top = organiser_client.post(
        url("agenda_move", hearing, second.pk), {"step": "-1"}, HTTP_ACCEPT="application/json"
    )
    assert top.status_code == 400
    assert titles(hearing) == [("Punkt 2", "09:30"), ("Punkt 1", "09:45"), ("Punkt 3", "10:15")]


def test_removing_and_attaching(hearing, organiser_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first, second, _third = agenda.items(hearing)
    assert organiser_client.post(url("agenda_remove", hearing, second.pk)).status_code == 302
    assert [i.title for i in agenda.items(hearing)] == ["Punkt 1", "Punkt 3"]
    assert AgendaItem.objects.get(pk=second.pk).deleted is True
    pdf = SimpleUploadedFile("folien.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    answer = organiser_client.post(
        url("agenda_attach", hearing, first.pk), {"title": "Folien", "file": pdf}
    )
    assert answer.status_code == 302
    assert Attachment.objects.get(item=first).title == "Folien"
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    refused = organiser_client.post(
        url("agenda_attach", hearing, first.pk), {"title": "Böse", "file": exe}
    )
    assert refused.status_code == 400 and 'value="Böse"' in refused.content.decode()
    assert Attachment.objects.filter(item=first).count() == 1


def test_only_organisers_edit_the_agenda(hearing):
    moderator = UserFactory(username="mod")
    HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
    client = Client()
    client.force_login(moderator)
    item = agenda.items(hearing)[0]
    assert client.get(url("agenda", hearing)).status_code == 403
    assert client.post(url("agenda_move", hearing, item.pk), {"step": "1"}).status_code == 403
    assert client.post(url("agenda_remove", hearing, item.pk)).status_code == 403
    assert Client().get(url("agenda", hearing)).status_code == 302  # to the login
    assert [i.title for i in agenda.items(hearing)] == ["Punkt 1", "Punkt 2", "Punkt 3"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_sixteen_reorders_and_adds_at_once_keep_the_agenda_whole(hearing):
    organiser = UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    first, second, third = agenda.items(hearing)
    orders = [[third.pk, first.pk, second.pk], [second.pk, third.pk, first.pk]] * 8
    results, errors = at_once(
        lambda order: agenda.reorder(hearing, order, actor=organiser), [(o,) for o in orders]
    )
    assert errors == []
    positions = list(AgendaItem.objects.filter(hearing=hearing).values_list("position", flat=True))
    assert sorted(positions) == [1, 2, 3]

    def add(n):
        item = AgendaItem(
            hearing=hearing, title=f"Neu {n}", kind="talk", planned_start=time(11, n * 5 % 60 // 5 * 5),
            planned_duration=1,
        )  # fmt: skip
        return agenda.save_item(item, actor=organiser)

    results, errors = at_once(add, [(n,) for n in range(8)])
    positions = sorted(
        AgendaItem.objects.filter(hearing=hearing).values_list("position", flat=True)
    )
    assert positions == list(range(1, 4 + len(results)))  # no position twice, no gap
