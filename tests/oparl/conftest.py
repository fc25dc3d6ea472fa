"""OParl test data: the demo hearing, plus files, deleted records and records that stay private."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hearing.council import demo as council_demo_step
from hearing.council.models import Body, LegislativeTerm, Membership, Organization, Paper
from hearing.documentation.domain import protocol
from hearing.documentation.enums import JobKind, JobState
from hearing.documentation.models import Job, Protocol, Transcript
from hearing.hearings import demo as hearings_demo_step
from hearing.hearings.models import AgendaItem, Attachment, Hearing, ItemPeriod
from hearing.media.models import Recording
from tests.factories import LocationFactory, PersonFactory, hearing_with_agenda

ROOT = "http://testserver/oparl/v1.1/"


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def demo(db):
    """The whole demo, as ``make run`` loads it."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Hearing.objects.get(slug="ki-stadtratshearing-2024")


@pytest.fixture
def council_demo(db):
    """Only the demo steps OParl reads (council and hearing): the same records, much faster."""
    context: dict = {}
    for step in (council_demo_step, hearings_demo_step):
        step.load(context)
    return context["hearing"]


def attach(item: AgendaItem, title: str, name: str, **kwargs) -> Attachment:
    attachment = Attachment(item=item, title=title, **kwargs)
    attachment.file.save(name, ContentFile(b"%PDF-1.4 slides\n"), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def rich(council_demo, settings, tmp_path):
    """The demo with what it lacks: slides, a second hearing, deleted and private records."""
    settings.MEDIA_ROOT = tmp_path / "media"
    demo = council_demo
    body = Body.objects.get()
    recording = Recording.objects.create(
        hearing=demo,
        title="Aufzeichnung",
        source=Recording.Source.UPLOAD,
        started_at=demo.planned_start_at,
        duration=60.0,
        size=9,
        sha256="0" * 64,
        mime_type="video/mp4",
        file=ContentFile(b"not a mp4", name="aufzeichnung.mp4"),
        state="published",
    )
    transcript = Transcript.objects.create(
        recording=recording,
        hearing=demo,
        engine="whisper",
        model="base",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        duration=60.0,
        state="published",
    )
    Protocol.objects.create(hearing=demo, state="published")
    # The protocol was built twice (the File keeps the first job's id) and once more is queued.
    protocol_jobs = [
        Job.objects.create(
            kind=JobKind.PROTOCOL, hearing=demo, state=JobState.DONE, finished_at=timezone.now()
        )
        for _ in range(2)
    ]
    Job.objects.create(kind=JobKind.PROTOCOL, hearing=demo, state=JobState.QUEUED)
    protocol_pdf = protocol.pdf_path(demo, "de")
    protocol_pdf.parent.mkdir(parents=True, exist_ok=True)
    protocol_pdf.write_bytes(b"%PDF-1.7 protocol\n")
    items = list(demo.items.order_by("position"))
    slides = attach(items[1], "Folien Einführung", "einfuehrung.pdf")
    removed_slides = attach(items[1], "Alte Folien", "alt.pdf", deleted=True)
    # The first item ran: its actual times replace the planned ones.
    started = demo.planned_start_at + timedelta(minutes=3)
    ItemPeriod.objects.create(
        item=items[0], started_at=started, ended_at=started + timedelta(minutes=14)
    )
    LegislativeTerm.objects.create(
        body=body, name="Wahlperiode 2026–2032", start_date=date(2026, 5, 1)
    )
    town_hall = LocationFactory(body=body)
    second = hearing_with_agenda(2, body=body, location=town_hall, slug="zweites-hearing")
    deleted_item = second.items.get(position=2)
    deleted_item.deleted = True
    deleted_item.save()
    attach(second.items.get(position=1), "Folien zwei", "zwei.pdf")
    draft = hearing_with_agenda(
        1, body=body, location=demo.location, slug="entwurf", is_public=False
    )
    attach(draft.items.get(), "Entwurf", "entwurf.pdf")
    Job.objects.create(
        kind=JobKind.PROTOCOL, hearing=draft, state=JobState.DONE, finished_at=timezone.now()
    )
    citizen = PersonFactory(body=body, name="Erika Bürgerin", is_public=False)
    Membership.objects.create(
        person=citizen, organization=Organization.objects.get(short_name="RIT"), role="Gast"
    )
    gone = PersonFactory(body=body, name="Ehemals Öffentlich", deleted=True)
    old_paper = Paper.objects.create(
        body=body,
        reference="20-26 / A 00001",
        name="Zurückgezogen",
        paper_type="Antrag",
        date=timezone.localdate(),
        deleted=True,
    )
    return {
        "demo": demo,
        "second": second,
        "draft": draft,
        "slides": slides,
        "recording": recording,
        "transcript": transcript,
        "protocol_job": protocol_jobs[0],
        "removed_slides": removed_slides,
        "deleted_item": deleted_item,
        "citizen": citizen,
        "gone": gone,
        "old_paper": old_paper,
    }


def get_json(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response, response.json()
