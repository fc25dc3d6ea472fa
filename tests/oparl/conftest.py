"""OParl test data: the demo hearing, plus files, deleted records and records that stay private."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hearing.council.models import Body, Membership, Organization, Paper
from hearing.hearings.models import AgendaItem, Attachment, Hearing, ItemPeriod
from tests.factories import PersonFactory, hearing_with_agenda

ROOT = "http://testserver/oparl/v1.1/"


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Hearing.objects.get(slug="ki-stadtratshearing-2024")


def attach(item: AgendaItem, title: str, name: str, **kwargs) -> Attachment:
    attachment = Attachment(item=item, title=title, **kwargs)
    attachment.file.save(name, ContentFile(b"%PDF-1.4 slides\n"), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def rich(demo):
    """The demo with what it lacks: slides, a second hearing, deleted and private records."""
    body = Body.objects.get()
    items = list(demo.items.order_by("position"))
    slides = attach(items[1], "Folien Einführung", "einfuehrung.pdf")
    removed_slides = attach(items[1], "Alte Folien", "alt.pdf", deleted=True)
    # The first item ran: its actual times replace the planned ones.
    started = demo.planned_start_at + timedelta(minutes=3)
    ItemPeriod.objects.create(
        item=items[0], started_at=started, ended_at=started + timedelta(minutes=14)
    )
    second = hearing_with_agenda(2, body=body, location=demo.location, slug="zweites-hearing")
    deleted_item = second.items.get(position=2)
    deleted_item.deleted = True
    deleted_item.save()
    attach(second.items.get(position=1), "Folien zwei", "zwei.pdf")
    draft = hearing_with_agenda(
        1, body=body, location=demo.location, slug="entwurf", is_public=False
    )
    attach(draft.items.get(), "Entwurf", "entwurf.pdf")
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
