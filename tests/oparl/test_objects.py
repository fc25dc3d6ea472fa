"""Single objects: the mapping of hearings, items, papers and files; JSON 404/405 for the rest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hearing.council.models import Membership, Person
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    HearingFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.oparl.conftest import ROOT, attach, get_json


def test_system_is_the_entry_point(client, db):
    body = BodyFactory()
    response, system = get_json(client, "/oparl/v1.1/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert system == {
        "id": ROOT,
        "type": "https://schema.oparl.org/1.1/System",
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": f"{ROOT}body/",
        "name": "Hearing",
        "website": "http://testserver/",
        "created": timezone.localtime(body.created).isoformat(timespec="seconds"),
        "modified": timezone.localtime(body.modified).isoformat(timespec="seconds"),
        "deleted": False,
    }


def test_links_are_built_on_the_host_the_client_asked(client, db):
    BodyFactory()
    _, system = get_json(client, "/oparl/v1.1/", HTTP_HOST="127.0.0.1:8000")
    assert system["id"] == "http://127.0.0.1:8000/oparl/v1.1/"
    assert system["body"] == "http://127.0.0.1:8000/oparl/v1.1/body/"


def test_meeting_has_planned_times_until_it_runs_then_actual_ones(client, db):
    item = AgendaItemFactory(number="1", planned_duration=20)
    hearing = item.hearing
    url = f"/oparl/v1.1/meeting/{hearing.pk}/"
    _, meeting = get_json(client, url)
    assert (meeting["start"], meeting["end"]) == (
        "2024-06-07T09:30:00+02:00",
        "2024-06-07T13:30:00+02:00",
    )
    assert meeting["meetingState"] == "terminiert"
    assert (meeting["agendaItem"][0]["start"], meeting["agendaItem"][0]["end"]) == (
        "2024-06-07T09:30:00+02:00",
        "2024-06-07T09:50:00+02:00",
    )
    started = hearing.planned_start_at + timedelta(minutes=7)
    item.periods.create(started_at=started, ended_at=started + timedelta(minutes=31))
    _, meeting = get_json(client, url)
    assert (meeting["start"], meeting["end"]) == (
        "2024-06-07T09:37:00+02:00",
        "2024-06-07T10:08:00+02:00",
    )
    assert meeting["meetingState"] == "durchgeführt"
    assert (meeting["agendaItem"][0]["start"], meeting["agendaItem"][0]["end"]) == (
        "2024-06-07T09:37:00+02:00",
        "2024-06-07T10:08:00+02:00",
    )


def test_attachment_is_a_file_of_its_agenda_item(client, db):
    item = AgendaItemFactory(title="Vortrag")
    slides = attach(item, "Folien", "folien.pdf")
    _, found = get_json(client, f"/oparl/v1.1/file/attachment/{slides.pk}/")
    assert found == {
        "id": f"{ROOT}file/attachment/{slides.pk}/",
        "type": "https://schema.oparl.org/1.1/File",
        "created": timezone.localtime(slides.created).isoformat(timespec="seconds"),
        "modified": timezone.localtime(slides.modified).isoformat(timespec="seconds"),
        "deleted": False,
        "name": "Folien",
        "fileName": "folien.pdf",
        "mimeType": "application/pdf",
        "size": 16,
        "date": timezone.localdate(slides.created).isoformat(),
        "accessUrl": f"http://testserver{slides.get_absolute_url()}",
        "downloadUrl": f"{ROOT}file/attachment/{slides.pk}/download",
        "meeting": [f"{ROOT}meeting/{item.hearing_id}/"],
        "agendaItem": [f"{ROOT}agendaItem/{item.pk}/"],
    }
    _, agenda_item = get_json(client, f"/oparl/v1.1/agendaItem/{item.pk}/")
    assert agenda_item["auxiliaryFile"] == [found]
    # accessUrl shows the file in the browser; downloadUrl hands it over as a download (2-07).
    inline = client.get(found["accessUrl"])
    download = client.get(found["downloadUrl"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="folien.pdf"'
    assert b"".join(download.streaming_content) == b"".join(inline.streaming_content)
    assert client.head(found["downloadUrl"]).status_code == 200
    # A deleted file is gone, and says so (410), while its object stays with deleted: true.
    slides.deleted = True
    slides.save()
    gone = client.get(found["downloadUrl"])
    assert (gone.status_code, gone.json()["error"]["status"]) == (410, 410)
    _, tombstone = get_json(client, found["id"])
    assert tombstone["deleted"] is True


def test_consultation_joins_a_hearing_and_its_paper(client, council_demo):
    demo = council_demo
    _, papers = get_json(client, f"/oparl/v1.1/body/{demo.body_id}/consultation/")
    motion, resolution = demo.papers.order_by("date")
    assert [(c["paper"], c["meeting"]) for c in papers["data"]] == [
        (f"{ROOT}paper/{motion.pk}/", f"{ROOT}meeting/{demo.pk}/"),
        (f"{ROOT}paper/{resolution.pk}/", f"{ROOT}meeting/{demo.pk}/"),
    ]
    assert {(c["authoritative"], c["role"]) for c in papers["data"]} == {(False, "Anhörung")}


def test_paper_names_its_originators_and_related_paper(client, council_demo):
    demo = council_demo
    motion = demo.papers.get(reference="20-26 / A 04055")
    _, paper = get_json(client, f"/oparl/v1.1/paper/{motion.pk}/")
    originators = [get_json(client, url)[1]["name"] for url in paper["originatorOrganization"]]
    assert originators == ["SPD / Volt - Fraktion", "Fraktion Die Grünen - Rosa Liste"]
    assert [get_json(client, url)[1]["reference"] for url in paper["relatedPaper"]] == [
        "20-26 / V 12687"
    ]


def test_private_persons_and_hearings_are_unknown(client, db):
    private = Person.objects.create(body=BodyFactory(), name="Privat", is_public=False)
    draft = HearingFactory(is_public=False)
    for url in (f"/oparl/v1.1/person/{private.pk}/", f"/oparl/v1.1/meeting/{draft.pk}/"):
        response, document = get_json(client, url)
        assert response.status_code == 404
        assert document == {"error": {"status": 404, "message": "Dieses Objekt gibt es nicht."}}


@pytest.mark.parametrize(
    "path",
    [
        "/oparl/v1.1/meeting/999999/",
        "/oparl/v1.1/meeting/99999999999999999999999/",
        "/oparl/v1.1/thing/1/",
        "/oparl/v1.1/file/video/1/",
        "/oparl/v1.1/body/999999/meeting/",
        "/oparl/v1.1/body/1/thing/",
        "/oparl/v1.1/nothing/here",
        "/oparl/v2/",
    ],
)
def test_unknown_addresses_are_a_json_404(client, db, path):
    BodyFactory()
    response, document = get_json(client, path)
    assert response.status_code == 404
    assert document["error"]["status"] == 404


def test_the_bare_prefix_leads_to_the_entry_point(client, db):
    response = client.get("/oparl/")
    assert response.status_code == 302
    assert response["Location"] == "/oparl/v1.1/"


def test_a_missing_slash_redirects(client, db):
    response = client.get("/oparl/v1.1?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/oparl/v1.1/?x=1"


def test_writing_is_refused_in_json(client, db):
    for method in ("post", "put", "delete"):
        response = getattr(client, method)("/oparl/v1.1/")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert response.json()["error"]["message"] == (
            "Die OParl-Schnittstelle ist nur lesbar (GET, HEAD, OPTIONS)."
        )


def test_preflight_allows_any_origin(client, db):
    response = client.options("/oparl/v1.1/", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"


def test_head_gives_the_headers_without_a_body(client, db):
    BodyFactory()
    full = client.get("/oparl/v1.1/")
    head = client.head("/oparl/v1.1/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == full["ETag"]
    assert head["Content-Type"] == "application/json; charset=utf-8"


def test_organization_lists_only_live_memberships_of_public_persons(client, db):
    org = OrganizationFactory()
    public = PersonFactory(body=org.body)
    private = PersonFactory(body=org.body, is_public=False)
    gone = PersonFactory(body=org.body, deleted=True)
    kept = Membership.objects.create(person=public, organization=org, role="Mitglied")
    of_gone = Membership.objects.create(person=gone, organization=org, role="Mitglied")
    Membership.objects.create(person=private, organization=org, role="Mitglied")
    old = Membership.objects.create(person=public, organization=org, role="Alt", deleted=True)
    _, found = get_json(client, f"/oparl/v1.1/organization/{org.pk}/")
    assert found["membership"] == [f"{ROOT}membership/{kept.pk}/"]
    _, listed = get_json(client, f"/oparl/v1.1/body/{org.body_id}/membership/")
    # Without modified_since a list leaves deleted objects out (OParl 1.1, 2-05) ...
    assert [(m["id"], m["deleted"]) for m in listed["data"]] == [
        (f"{ROOT}membership/{kept.pk}/", False),
    ]
    # ... and with it, they are there, marked deleted, for clients that synchronise.
    _, changes = get_json(
        client,
        f"/oparl/v1.1/body/{org.body_id}/membership/",
        data={"modified_since": "2000-01-01T00:00:00+01:00"},
    )
    assert [(m["id"], m["deleted"]) for m in changes["data"]] == [
        (f"{ROOT}membership/{kept.pk}/", False),
        (f"{ROOT}membership/{of_gone.pk}/", True),
        (f"{ROOT}membership/{old.pk}/", True),
    ]
