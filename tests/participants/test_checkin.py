"""Check-in at the door and the attendance figures."""

import re

import pytest
from django.utils import timezone

from hearing.core.models import AuditLogEntry
from hearing.participants.domain import registration
from hearing.participants.models import Participant
from tests.factories import ParticipantFactory, ParticipantGroupFactory


def url(hearing, name):
    return f"/participation/{hearing.slug}/{name}/"


def registered(group, attendance="in_person", **kwargs):
    participant = ParticipantFactory(group=group, **kwargs)
    return registration.register(participant, attendance=attendance, consent=True)


def test_door_staff_check_a_ticket_in_once(hearing, group, doorkeeper_client):
    participant = registered(group, name="Beispiel Stadträtin A")
    response = doorkeeper_client.post(url(hearing, "check-in"), {"code": participant.ticket_code})
    assert response.status_code == 200
    assert response.context["result"] == {
        "ok": True,
        "message": "Eingecheckt: Mitglieder des Stadtrats.",
    }
    assert "Beispiel Stadträtin A" not in response.content.decode()
    participant.refresh_from_db()
    assert participant.checked_in_at is not None
    assert AuditLogEntry.objects.filter(action="participants.checked_in").count() == 1

    again = doorkeeper_client.post(url(hearing, "check-in"), {"code": participant.ticket_code})
    assert again.status_code == 200
    time = timezone.localtime(participant.checked_in_at).strftime("%H:%M")
    assert again.context["result"] == {
        "ok": False,
        "message": f"Dieses Ticket wurde bereits um {time} eingecheckt.",
    }


def test_organisers_see_the_name(hearing, group, organiser_client):
    participant = registered(group, name="Beispiel Stadträtin A")
    response = organiser_client.post(
        url(hearing, "check-in"), {"code": f"  {participant.ticket_code} "}
    )
    assert response.context["result"]["message"] == (
        "Eingecheckt: Beispiel Stadträtin A (Mitglieder des Stadtrats)."
    )


def refused(client, hearing, code):
    response = client.post(url(hearing, "check-in"), {"code": code})
    assert response.status_code == 200
    return response.context["result"]["message"]


def test_refused_codes_have_a_clear_message(hearing, group, doorkeeper_client, organiser):
    assert refused(doorkeeper_client, hearing, "gibt-es-nicht") == (
        "Unbekannter Code. Bitte noch einmal scannen oder eintippen."
    )
    assert refused(doorkeeper_client, hearing, "") == "Bitte einen Code eingeben."
    assert refused(doorkeeper_client, hearing, "x" * 5000) == (
        "Unbekannter Code. Bitte noch einmal scannen oder eintippen."
    )
    revoked = registered(group)
    registration.revoke(revoked, actor=organiser)
    assert refused(doorkeeper_client, hearing, revoked.ticket_code) == (
        "Dieses Ticket ist ungültig (Einladung widerrufen)."
    )
    cancelled = registered(group)
    registration.cancel(cancelled)
    assert refused(doorkeeper_client, hearing, cancelled.ticket_code) == (
        "Dieses Ticket ist ungültig (Anmeldung abgesagt)."
    )
    virtual = registered(group, attendance="virtual")
    assert refused(doorkeeper_client, hearing, virtual.ticket_code) == (
        "Dieses Ticket gilt nicht für die Teilnahme vor Ort."
    )
    assert Participant.objects.filter(checked_in_at__isnull=False).count() == 0


def test_a_ticket_of_another_hearing_is_unknown_here(hearing, doorkeeper_client):
    elsewhere = registered(ParticipantGroupFactory())
    assert refused(doorkeeper_client, hearing, elsewhere.ticket_code) == (
        "Unbekannter Code. Bitte noch einmal scannen oder eintippen."
    )


def test_ticket_codes_are_short_unambiguous_and_unique(group):
    codes = {ParticipantFactory(group=group).ticket_code for _ in range(50)}
    assert len(codes) == 50
    assert all(re.fullmatch(r"[A-HJKMNP-Z2-9]{8}", code) for code in codes)


@pytest.mark.parametrize("typed", ["{a}-{b}", "{a}{b}", "{a_low} {b_low}", " {a_low}-{b} "])
def test_a_code_typed_in_any_case_or_grouping_checks_in(hearing, group, doorkeeper_client, typed):
    participant = ParticipantFactory(
        group=group, status="registered", attendance="in_person", ticket_code="ABCD2345"
    )
    assert participant.ticket_code_display == "ABCD-2345"
    code = typed.format(a="ABCD", b="2345", a_low="abcd", b_low="2345")
    response = doorkeeper_client.post(url(hearing, "check-in"), {"code": code})
    assert response.context["result"]["ok"] is True
    participant.refresh_from_db()
    assert participant.checked_in_at is not None


def test_codes_issued_before_keep_working_exactly(hearing, group, doorkeeper_client):
    old = ParticipantFactory(
        group=group,
        status="registered",
        attendance="in_person",
        ticket_code="XGK-FXeignWrnVGjb6eaFA",
    )
    assert old.ticket_code_display == "XGK-FXeignWrnVGjb6eaFA"
    assert refused(doorkeeper_client, hearing, "xgk-fxeignwrnvgjb6eafa") == (
        "Unbekannter Code. Bitte noch einmal scannen oder eintippen."
    )
    doorkeeper_client.post(url(hearing, "check-in"), {"code": "XGK-FXeignWrnVGjb6eaFA"})
    old.refresh_from_db()
    assert old.checked_in_at is not None


def test_attendance_counts_per_group(hearing, group, doorkeeper_client, django_assert_num_queries):
    hidden = ParticipantGroupFactory(
        hearing=hearing, name="Intern", slug="intern", in_statistics=False
    )
    a = registered(group)
    registered(group, attendance="virtual")
    registered(hidden)
    ParticipantFactory(group=group)
    doorkeeper_client.post(url(hearing, "check-in"), {"code": a.ticket_code})
    response = doorkeeper_client.get(url(hearing, "attendance"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [g.slug for g in figures["groups"]] == ["stadtrat"]
    row = figures["groups"][0]
    assert (
        row.invited,
        row.registered,
        row.in_person,
        row.virtual,
        row.waiting,
        row.checked_in,
    ) == (
        3,
        2,
        1,
        1,
        0,
        1,
    )
    assert figures["totals"] == {
        "invited": 4,
        "registered": 3,
        "in_person": 2,
        "virtual": 1,
        "waiting": 0,
        "checked_in": 1,
    }
    data = doorkeeper_client.get(f"/participation/{hearing.slug}/attendance.json").json()
    assert data["totals"]["checked_in"] == 1
    assert data["groups"] == [
        {
            "slug": "stadtrat",
            "invited": 3,
            "registered": 2,
            "in_person": 1,
            "virtual": 1,
            "waiting": 0,
            "checked_in": 1,
        }
    ]
    # a fixed number of queries, however many participants
    for _ in range(5):
        registered(group)
    with django_assert_num_queries(6):
        doorkeeper_client.get(f"/participation/{hearing.slug}/attendance.json")
