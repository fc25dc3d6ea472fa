"""A participant's own data (see, export, erase) and anonymisation after the retention period."""

import json
from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone

from hearing.core.models import AuditLogEntry
from hearing.participants.domain import privacy, registration
from hearing.participants.domain.checkin import attendance_figures
from hearing.participants.models import Participant
from tests.factories import ParticipantFactory
from tests.participants.conftest import client_for, register


def test_participant_sees_and_exports_their_data(hearing, invitee):
    client = client_for(invitee)
    register(client, hearing, "in_person", needs="Induktionsschleife")
    page = client.get(f"/participation/{hearing.slug}/my-data/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "a@example.org" in text
    assert "Induktionsschleife" in text
    response = client.get(f"/participation/{hearing.slug}/my-data.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Content-Disposition"] == f'attachment; filename="meine-daten-{hearing.slug}.json"'
    )
    data = json.loads(response.content)
    invitee.refresh_from_db()
    assert data == {
        "hearing": {"title": hearing.title, "date": "2024-06-07"},
        "name": "Beispiel Stadträtin A",
        "email": "a@example.org",
        "organisation": "Referat",
        "language": "de",
        "group": "Mitglieder des Stadtrats",
        "status": "registered",
        "attendance": "in_person",
        "accessibility_needs": "Induktionsschleife",
        "consent": {
            "recording_and_streaming": True,
            "given_at": invitee.consent_at.isoformat(),
            "text_version": "1",
        },
        "invitation_sent_at": None,
        "registered_at": invitee.registered_at.isoformat(),
        "checked_in_at": None,
        "created": invitee.created.isoformat(),
    }


def test_nobody_else_sees_it(hearing, invitee, anonymous_client, alice_client, organiser_client):
    for client in (anonymous_client, alice_client, organiser_client):
        assert client.get(f"/participation/{hearing.slug}/my-data/").status_code == 404
        assert client.get(f"/participation/{hearing.slug}/my-data.json").status_code == 404
        assert (
            client.post(
                f"/participation/{hearing.slug}/my-data/erase/", {"confirm": "on"}
            ).status_code
            == 404
        )
    invitee.refresh_from_db()
    assert invitee.name == "Beispiel Stadträtin A"


def test_erase_needs_confirmation_then_blanks_and_keeps_counts(hearing, invitee):
    client = client_for(invitee)
    register(client, hearing, "in_person", needs="Rollstuhl")
    response = client.post(f"/participation/{hearing.slug}/my-data/erase/", {})
    assert response.status_code == 400
    response = client.post(
        f"/participation/{hearing.slug}/my-data/erase/", {"confirm": "on"}, follow=True
    )
    assert "Ihre persönlichen Daten wurden gelöscht." in response.content.decode()
    invitee.refresh_from_db()
    assert (invitee.name, invitee.email, invitee.organisation, invitee.accessibility_needs) == (
        "",
        "",
        "",
        "",
    )
    assert invitee.status == "cancelled"
    assert invitee.anonymised_at is not None
    assert invitee.display_name == "anonymisiert"
    assert attendance_figures(hearing)["totals"]["invited"] == 1
    assert client.get(f"/participation/{hearing.slug}/my-data/").status_code == 404
    assert AuditLogEntry.objects.filter(action="participants.data.erased").count() == 1


def test_anonymise_command_after_the_retention_period(hearing, group, settings):
    settings.HEARING_RETENTION_DAYS = 30
    hearing.date = timezone.localdate() - timedelta(days=31)
    hearing.save()
    recent = ParticipantFactory(group__hearing__date=timezone.localdate() - timedelta(days=29))
    people = [
        registration.register(ParticipantFactory(group=group), attendance=mode, consent=True)
        for mode in ("in_person", "virtual")
    ]
    Participant.objects.filter(pk=people[0].pk).update(checked_in_at=timezone.now())
    before = attendance_figures(hearing)["totals"]
    from io import StringIO

    from hearing.participants.models import InvitationImport

    InvitationImport.objects.create(hearing=hearing, rows=[{"email": "x@example.org"}])
    InvitationImport.objects.create(hearing=recent.hearing, rows=[])
    out = StringIO()
    call_command("anonymise_participants", stdout=out)
    assert out.getvalue() == "2 Teilnehmende anonymisiert.\n"
    assert list(InvitationImport.objects.values_list("hearing", flat=True)) == [recent.hearing_id]
    assert attendance_figures(hearing)["totals"] == before
    assert (
        list(
            Participant.objects.filter(hearing=hearing).values_list("name", "email", "organisation")
        )
        == [("", "", "")] * 2
    )
    recent.refresh_from_db()
    assert recent.anonymised_at is None
    out = StringIO()
    call_command("anonymise_participants", stdout=out)
    assert out.getvalue() == "0 Teilnehmende anonymisiert.\n"


def test_anonymise_with_explicit_days(hearing, group):
    hearing.date = date(2024, 6, 7)
    hearing.save()
    ParticipantFactory(group=group)
    assert privacy.anonymise_expired(days=100_000) == 0
    assert privacy.anonymise_expired(days=0) == 1


def test_retention_setting_is_validated(monkeypatch):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import hearing.settings"],
        env={**__import__("os").environ, "HEARING_RETENTION_DAYS": "viele"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "HEARING_RETENTION_DAYS: erwartet eine ganze Zahl (Tage)." in result.stderr
