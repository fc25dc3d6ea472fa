from datetime import time

import pytest
from django.core.exceptions import ValidationError

from hearing.hearings.models import AgendaItem
from tests.factories import AgendaItemFactory, HearingFactory, UserFactory


def errors_of(instance):
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


@pytest.mark.django_db
def test_hearing_needs_a_title_and_an_end_after_its_start():
    hearing = HearingFactory.build(title="  ", planned_start=time(12, 0), planned_end=time(11, 0))
    hearing.body.save()
    hearing.location = None
    assert errors_of(hearing)["title"] == ["Bitte einen Titel angeben."]
    hearing.title = "Hearing"
    assert errors_of(hearing)["planned_end"] == ["Das Ende muss nach dem Beginn liegen."]


@pytest.mark.django_db
def test_item_outside_the_hearing_is_refused(hearing):
    item = AgendaItem(
        hearing=hearing,
        position=9,
        title="Spät",
        kind="talk",
        planned_start=time(13, 20),
        planned_duration=20,
    )
    assert errors_of(item)["planned_start"] == [
        "„Spät“ (13:20–13:40) liegt außerhalb der Zeit des Hearings (09:30–13:30)."
    ]


@pytest.mark.django_db
def test_overlapping_item_is_refused(hearing):
    item = AgendaItem(
        hearing=hearing,
        position=9,
        title="Dazwischen",
        kind="talk",
        planned_start=time(9, 40),
        planned_duration=10,
    )
    assert errors_of(item)["planned_start"] == ["„Dazwischen“ überschneidet sich mit „Punkt 1“."]


@pytest.mark.django_db
def test_item_needs_a_title_and_a_duration(hearing):
    item = AgendaItem(
        hearing=hearing,
        position=9,
        title="",
        kind="talk",
        planned_start=time(12, 0),
        planned_duration=0,
    )
    assert errors_of(item)["title"] == ["Dieses Feld darf nicht leer sein."]
    item.title = "   "
    assert errors_of(item)["title"] == ["Bitte einen Titel angeben."]
    item.title = "Null"
    assert errors_of(item)["planned_start"] == ["Die Dauer muss mindestens eine Minute sein."]


@pytest.mark.django_db
def test_admin_shows_overlaps_in_the_submitted_agenda_instead_of_failing(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    hearing = HearingFactory(title="Test", slug="test")
    first = AgendaItemFactory(
        hearing=hearing, position=1, title="A", planned_start=time(9, 30), planned_duration=30
    )
    data = {
        "body": hearing.body_id,
        "title": "Test",
        "slug": "test",
        "date": "2024-06-07",
        "planned_start": "09:30",
        "planned_end": "13:30",
        "location": hearing.location_id,
        "is_hybrid": "on",
        "is_public": "on",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "1",
        "items-0-id": first.pk,
        "items-0-hearing": hearing.pk,
        "items-0-position": "1",
        "items-0-title": "A",
        "items-0-kind": "talk",
        "items-0-planned_start": "09:30",
        "items-0-planned_duration": "30",
        "items-1-hearing": hearing.pk,
        "items-1-position": "2",
        "items-1-title": "B",
        "items-1-kind": "talk",
        "items-1-planned_start": "09:45",
        "items-1-planned_duration": "30",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/hearings/hearing/{hearing.pk}/change/", data)
    assert response.status_code == 200
    assert "„B“ überschneidet sich mit „A“." in response.content.decode()
    assert hearing.items.count() == 1

    # Moving both at once is fine even though B's new time overlaps A's stored time.
    data.update({"items-0-planned_start": "10:30", "items-1-planned_start": "09:30"})
    response = client.post(f"/admin/hearings/hearing/{hearing.pk}/change/", data)
    assert response.status_code == 302
    assert list(hearing.items.order_by("planned_start").values_list("title", flat=True)) == [
        "B",
        "A",
    ]
