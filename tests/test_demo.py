from datetime import date, time

import pytest
from django.core.management import call_command

from hearing.council.models import Body, Organization, Paper, Person, Statement
from hearing.hearings.models import AgendaItem, Hearing
from hearing.participants.models import ParticipantGroup

MODELS = [Body, Organization, Person, Paper, Statement, Hearing, AgendaItem, ParticipantGroup]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", "modified")) for model in MODELS}


@pytest.mark.django_db
def test_demo_is_the_hearing_of_the_seed():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    hearing = Hearing.objects.get()
    assert hearing.date == date(2024, 6, 7)
    assert (hearing.planned_start, hearing.planned_end) == (time(9, 30), time(13, 30))
    assert hearing.location.description == "IT-Rathaus"
    assert hearing.location.street_address == "Agnes-Pockels-Bogen"
    assert hearing.occasion == "Digitaltag 2024"
    assert list(hearing.items.values_list("kind", flat=True)) == [
        "welcome",
        "talk_qa",
        "talk_qa",
        "presentation",
        "marketplace",
        "discussion",
        "closing",
    ]
    items = list(hearing.items.all())
    assert items[0].planned_start_at == hearing.planned_start_at
    assert items[-1].planned_end_at == hearing.planned_end_at
    for earlier, later in zip(items, items[1:], strict=False):
        assert earlier.planned_end_at == later.planned_start_at
    for item in items:
        item.full_clean()
    assert sorted(hearing.papers.values_list("reference", flat=True)) == [
        "20-26 / A 04055",
        "20-26 / V 12687",
    ]
    statements = Statement.objects.order_by("number")
    assert [s.organization.short_name for s in statements] == ["GSt"] + ["GPR"] * 8
    assert statements.get(number=3).response == ""
    assert statements.exclude(number=3).filter(response="").count() == 0
    assert list(hearing.groups.values_list("slug", "may_ask_questions")) == [
        ("stadtrat", True),
        ("berufsm-stadtraete", True),
        ("gpr", True),
        ("digitalrat", False),
        ("digitalisierungsmanager", False),
        ("beschaeftigte", False),
        ("oeffentlichkeit", False),
    ]
    assert set(Person.objects.values_list("name", flat=True)) == {
        "Dominik Krause",
        "Dr. Laura Dornheim",
        "Sabine Bär",
        "Lars Mentrup",
        "Hans Hammer",
        "Judith Greif",
    }


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before


@pytest.mark.django_db
def test_the_demo_has_a_captioner_who_opens_the_caption_console(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    hearing = Hearing.objects.get()
    assert client.login(username="schriftdolmetschen", password="demo-untertitel-2024")
    assert client.get(f"/captions/{hearing.slug}/console/").status_code == 200
    assert client.get(f"/documentation/{hearing.slug}/manage/").status_code == 403
