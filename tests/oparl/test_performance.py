"""Lists cost the same number of queries whatever the page size; responses revalidate with 304."""

import re
from datetime import datetime

import pytest
from django.utils.http import http_date

from hearing.oparl import files
from tests.oparl.conftest import ROOT

LISTS = [
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
    "legislativeTerm",
    "location",
]
# Per list: the body, the count, the page, the prefetches; files: one query per file provider
# (slides, recordings, ...) for a page of meetings, two (count, page) for the file list.
PROVIDERS = len(files.providers())
QUERIES = {
    "organization": 4,
    "person": 4,
    "meeting": 6 + PROVIDERS,
    "paper": 6,
    "agendaItem": 6,
    "consultation": 3,
    "file": 1 + 2 * PROVIDERS,
    "membership": 3,
    "legislativeTerm": 3,
    "location": 4,
}


@pytest.mark.parametrize("kind", LISTS)
def test_list_queries_do_not_grow_with_the_page(client, rich, kind, django_assert_num_queries):
    url = f"/oparl/v1.1/body/{rich['demo'].body_id}/{kind}/"
    sizes = []
    for limit in (1, 50):
        with django_assert_num_queries(QUERIES[kind]):
            response = client.get(url, {"limit": limit})
        assert response.status_code == 200
        sizes.append(len(response.json()["data"]))
    assert sizes[0] == 1
    assert sizes[1] > 1


def test_body_list_queries_do_not_grow(client, rich, django_assert_num_queries):
    for limit in (1, 50):
        with django_assert_num_queries(3):
            assert client.get("/oparl/v1.1/body/", {"limit": limit}).status_code == 200


def test_revalidation_with_the_etag_is_a_304(client, council_demo):
    demo = council_demo
    url = f"/oparl/v1.1/meeting/{demo.pk}/"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=60"
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_revalidation_by_date_is_a_304(client, council_demo):
    demo = council_demo
    url = f"/oparl/v1.1/body/{demo.body_id}/meeting/"
    first = client.get(url)
    # The newest "modified" anywhere in the page, embedded agenda items included: the demo's items are
    # saved after the meeting, so on a slow machine they can be a second younger than the meeting itself.
    stamps = re.findall(r'"modified": ?"([^"]+)"', first.content.decode())
    newest = max(datetime.fromisoformat(stamp) for stamp in stamps)
    assert newest >= demo.modified.replace(microsecond=0)
    assert first["Last-Modified"] == http_date(int(newest.timestamp()))
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_a_change_to_an_embedded_item_is_a_new_version(client, council_demo):
    demo = council_demo
    url = f"/oparl/v1.1/meeting/{demo.pk}/"
    first = client.get(url)
    item = demo.items.get(position=3)
    item.title = "Neuer Titel"
    item.save()
    again = client.get(
        url, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 200
    assert again.json()["agendaItem"][2]["name"] == "Neuer Titel"
    assert again["ETag"] != first["ETag"]


def test_lists_and_objects_get_etags(client, council_demo):
    demo = council_demo
    for url in (ROOT, f"{ROOT}body/", f"{ROOT}body/{demo.body_id}/paper/"):
        response = client.get(url)
        assert response["ETag"].startswith('"')
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
