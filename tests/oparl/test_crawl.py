"""A harvester's walk from the System object: every link resolves, every object is valid."""

from hearing.oparl.schema import mandatory_by_text
from tests.oparl.conftest import ROOT
from tests.oparl.crawler import crawl


def test_the_demo_hearing_is_reachable_link_by_link_and_valid(client, demo):
    result = crawl(client)
    assert result.problems == []
    assert result.counts() == {
        "System": 1,
        "Body": 1,
        "LegislativeTerm": 1,
        "Organization": 10,
        "Person": 6,
        "Membership": 6,
        "Location": 1,
        "Meeting": 1,
        "AgendaItem": 7,
        "Paper": 2,
        "Consultation": 2,
    }
    meeting = result.objects[f"{ROOT}meeting/{demo.pk}/"]
    assert meeting["name"] == demo.title
    assert meeting["location"]["description"] == "IT-Rathaus"
    assert [item["name"] for item in meeting["agendaItem"]] == list(
        demo.items.order_by("position").values_list("title", flat=True)
    )
    assert f"http://testserver/hearings/{demo.slug}/" in result.pages


def test_every_list_link_the_specification_marks_mandatory_is_there(client, council_demo):
    result = crawl(client)
    (body,) = result.of_type("Body").values()
    assert mandatory_by_text() == {
        "Body": (
            "agendaItem",
            "consultation",
            "file",
            "membership",
            "locationList",
            "legislativeTermList",
        )
    }
    for name in mandatory_by_text()["Body"] + ("organization", "person", "meeting", "paper"):
        assert body[name] in result.lists, name


def test_files_deleted_and_private_records(client, rich):
    result = crawl(client)
    assert result.problems == []
    assert result.counts() == {
        "System": 1,
        "Body": 1,
        "LegislativeTerm": 2,
        "Organization": 10,
        "Person": 6,  # the six public persons; never the citizen
        "Membership": 6,
        "Location": 2,
        "Meeting": 2,
        "AgendaItem": 8,  # 7 + 1 of the second hearing (its deleted one is left out)
        "Paper": 2,
        "Consultation": 2,
        # the slides of both hearings, the recording, its transcript and the protocol (one
        # file however often it was built; none for the private draft)
        "File": 5,
    }
    # Deleted objects are only in lists asked for changes (modified_since, OParl 2-05).
    assert [url for url, obj in result.objects.items() if obj["deleted"]] == []
    body = result.objects[f"{ROOT}body/{rich['demo'].body_id}/"]
    deleted = []
    for name in ("person", "agendaItem", "paper", "file"):
        listed = client.get(body[name], {"modified_since": "2000-01-01T00:00:00+01:00"}).json()
        deleted += [obj["id"] for obj in listed["data"] if obj["deleted"]]
    assert sorted(deleted) == sorted(
        [
            f"{ROOT}agendaItem/{rich['deleted_item'].pk}/",
            f"{ROOT}file/attachment/{rich['removed_slides'].pk}/",
            f"{ROOT}paper/{rich['old_paper'].pk}/",
            f"{ROOT}person/{rich['gone'].pk}/",
        ]
    )
    everything = " ".join(str(obj) for obj in result.objects.values())
    assert "Erika Bürgerin" not in everything
    assert "entwurf" not in everything
    assert f"{ROOT}meeting/{rich['draft'].pk}/" not in result.objects
    slides = result.objects[f"{ROOT}file/attachment/{rich['slides'].pk}/"]
    assert slides["accessUrl"] in result.pages
    recording = result.objects[f"{ROOT}file/recording/{rich['recording'].pk}/"]
    assert recording["accessUrl"] in result.pages
    assert recording["web"] in result.pages
    meeting = result.objects[f"{ROOT}meeting/{rich['demo'].pk}/"]
    assert meeting["auxiliaryFile"] == [recording]
    transcript = result.objects[f"{ROOT}file/transcript/{rich['transcript'].pk}/"]
    assert meeting["verbatimProtocol"] == transcript
    assert transcript["name"] == "Transkript (maschinell erstellt): Aufzeichnung"
    assert (transcript["mimeType"], transcript["accessUrl"], transcript["web"]) == (
        "text/vtt",
        f"http://testserver/documentation/{rich['demo'].slug}/recordings/{rich['recording'].pk}/subtitles.vtt",
        f"http://testserver/documentation/{rich['demo'].slug}/transcript/?recording={rich['recording'].pk}",
    )
    assert {transcript["accessUrl"], transcript["web"]} <= result.pages
    protocol = result.objects[f"{ROOT}file/protocol/{rich['protocol_job'].pk}/"]
    assert meeting["resultsProtocol"] == protocol
    slug = rich["demo"].slug
    assert (
        protocol["name"],
        protocol["fileName"],
        protocol["mimeType"],
        protocol["size"],
        protocol["accessUrl"],
        protocol["web"],
    ) == (
        f"Protokoll: {rich['demo'].title}",
        f"protokoll-{slug}.pdf",
        "application/pdf",
        len(b"%PDF-1.7 protocol\n"),
        f"http://testserver/documentation/{slug}/protocol.pdf",
        f"http://testserver/documentation/{slug}/protocol/",
    )
    assert {protocol["accessUrl"], protocol["web"]} <= result.pages
