"""Lists: paging links, totals, the OParl filters, and clear 400s for input that cannot work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hearing.council.models import Organization
from hearing.hearings.models import AgendaItem, ItemPeriod
from tests.factories import AgendaItemFactory, BodyFactory
from tests.oparl.conftest import ROOT, get_json


@pytest.fixture
def orgs_url(council_demo):
    return f"{ROOT}body/{council_demo.body_id}/organization/"


@pytest.fixture
def empty_list_url(db):
    return f"{ROOT}body/{BodyFactory().pk}/organization/"


def ids(page) -> list[str]:
    return [obj["id"] for obj in page["data"]]


def test_pages_link_to_each_other_and_cover_the_list_once(client, orgs_url):
    every = [
        f"{ROOT}organization/{pk}/"
        for pk in Organization.objects.order_by("pk").values_list("pk", flat=True)
    ]
    _, first = get_json(client, orgs_url + "?limit=4")
    assert first["pagination"] == {
        "totalElements": 10,
        "elementsPerPage": 4,
        "currentPage": 1,
        "totalPages": 3,
    }
    assert first["links"] == {
        "first": orgs_url + "?limit=4",
        "self": orgs_url + "?limit=4",
        "next": orgs_url + "?limit=4&page=2",
        "last": orgs_url + "?limit=4&page=3",
    }
    _, second = get_json(client, first["links"]["next"])
    assert second["links"]["prev"] == orgs_url + "?limit=4"
    assert second["links"]["next"] == orgs_url + "?limit=4&page=3"
    _, last = get_json(client, first["links"]["last"])
    assert "next" not in last["links"]
    assert last["links"]["prev"] == orgs_url + "?limit=4&page=2"
    assert ids(first) + ids(second) + ids(last) == every


def test_default_page_holds_everything_small(client, orgs_url):
    _, page = get_json(client, orgs_url)
    assert page["pagination"]["elementsPerPage"] == 100
    assert len(page["data"]) == 10
    assert set(page["links"]) == {"first", "self", "last"}


def test_filters_by_created_and_modified_and_keep_them_in_links(client, orgs_url):
    council = Organization.objects.get(short_name="RIT")
    later = timezone.now() + timedelta(days=1)
    Organization.objects.filter(pk=council.pk).update(modified=later, created=later)
    since = (later - timedelta(hours=1)).isoformat()
    for name in ("modified_since", "created_since"):
        response, page = get_json(client, orgs_url, data={name: since})
        assert response.status_code == 200
        assert ids(page) == [f"{ROOT}organization/{council.pk}/"]
        assert page["links"]["self"].startswith(orgs_url + "?" + name + "=")
    _, page = get_json(client, orgs_url, data={"modified_until": since, "limit": "100"})
    assert page["pagination"]["totalElements"] == 9
    _, page = get_json(client, orgs_url, data={"created_until": since})
    assert page["pagination"]["totalElements"] == 9


def test_an_unencoded_plus_in_the_offset_still_parses(client, orgs_url):
    response = client.get(orgs_url + "?modified_since=2020-01-01T00:00:00+01:00")
    assert response.status_code == 200
    assert response.json()["pagination"]["totalElements"] == 10


def test_deleted_objects_stay_listed_marked_deleted(client, orgs_url):
    Organization.objects.update(modified=timezone.now() - timedelta(days=2))
    rit = Organization.objects.get(short_name="RIT")
    rit.deleted = True
    rit.save()
    _, page = get_json(
        client,
        orgs_url,
        data={"modified_since": (timezone.now() - timedelta(minutes=1)).isoformat()},
    )
    assert page["data"] == [
        {
            "id": f"{ROOT}organization/{rit.pk}/",
            "type": "https://schema.oparl.org/1.1/Organization",
            "created": timezone.localtime(rit.created).isoformat(timespec="seconds"),
            "modified": timezone.localtime(rit.modified).isoformat(timespec="seconds"),
            "deleted": True,
        }
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=0", "„limit“ muss eine ganze Zahl ab 1 sein, nicht „0“."),
        ("limit=abc", "„limit“ muss eine ganze Zahl ab 1 sein, nicht „abc“."),
        ("limit=-5", "„limit“ muss eine ganze Zahl ab 1 sein, nicht „-5“."),
        ("limit=1001", "„limit“ darf höchstens 1000 sein."),
        ("page=0", "„page“ muss eine ganze Zahl ab 1 sein, nicht „0“."),
        (
            "page=99999999999999999999",
            "„page“ muss eine ganze Zahl ab 1 sein, nicht „99999999999999999999“.",
        ),
        (
            "created_since=gestern",
            "„created_since“ muss ein Zeitpunkt nach ISO 8601 sein, z. B. 2024-06-07T09:30:00+02:00, "
            "nicht „gestern“.",
        ),
        (
            "modified_until=2024-13-45T00:00:00",
            "„modified_until“ muss ein Zeitpunkt nach ISO 8601 sein, z. B. 2024-06-07T09:30:00+02:00, "
            "nicht „2024-13-45T00:00:00“.",
        ),
    ],
)
def test_bad_filters_and_limits_are_a_json_400(client, empty_list_url, query, message):
    response, document = get_json(client, f"{empty_list_url}?{query}")
    assert response.status_code == 400
    assert document == {"error": {"status": 400, "message": message}}


def test_a_page_past_the_end_is_a_json_404(client, orgs_url):
    response, document = get_json(client, orgs_url + "?limit=5&page=3")
    assert response.status_code == 404
    assert document == {"error": {"status": 404, "message": "Diese Seite der Liste gibt es nicht."}}


def test_the_error_speaks_english_when_chosen(client, empty_list_url):
    client.cookies["django_language"] = "en"
    response, document = get_json(client, empty_list_url + "?limit=0")
    assert response.status_code == 400
    assert document["error"]["message"] == "“limit” must be a whole number from 1, not “0”."


def test_an_actual_start_counts_as_a_change_of_the_meeting_and_its_item(client, db):
    item = AgendaItemFactory()
    hearing = item.hearing
    AgendaItem.objects.update(modified=timezone.now() - timedelta(days=2))
    type(hearing).objects.update(modified=timezone.now() - timedelta(days=2))
    since = {"modified_since": (timezone.now() - timedelta(hours=1)).isoformat()}
    for kind in ("meeting", "agendaItem"):
        _, page = get_json(client, f"{ROOT}body/{hearing.body_id}/{kind}/", data=since)
        assert page["data"] == []
    started = timezone.now()
    ItemPeriod.objects.create(item=item, started_at=started)
    for kind, pk in (("meeting", hearing.pk), ("agendaItem", item.pk)):
        _, page = get_json(client, f"{ROOT}body/{hearing.body_id}/{kind}/", data=since)
        assert ids(page) == [f"{ROOT}{kind}/{pk}/"]
        assert page["data"][0]["modified"] == timezone.localtime(started).isoformat(
            timespec="seconds"
        )
    _, meeting = get_json(client, f"{ROOT}meeting/{hearing.pk}/")
    assert meeting["agendaItem"][0]["modified"] == meeting["modified"]
