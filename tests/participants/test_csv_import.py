"""CSV import of invitees: preview with every bad line and its reason; import only on confirm."""

import time

import pytest

from hearing.core.models import AuditLogEntry
from hearing.participants.domain import csv_import
from hearing.participants.models import InvitationImport, Participant
from tests.factories import ParticipantFactory, ParticipantGroupFactory


@pytest.fixture
def groups(hearing, group):
    return [
        group,
        ParticipantGroupFactory(hearing=hearing, name="Digitalrat der LHM", slug="digitalrat"),
    ]


def upload(client, hearing, content: bytes, name="einladungen.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/participation/{hearing.slug}/manage/import/",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_preview_lists_every_bad_line_and_imports_nothing_until_confirmed(
    hearing, groups, organiser_client, invitee
):
    content = (
        "name;email;group;organisation\n"
        "Beispiel Stadträtin B;b@example.org;stadtrat;Stadtrat\n"
        "Beispiel Digitalrat C;c@example.org;Digitalrat der LHM;\n"
        "Beispiel Ohne Mail;;stadtrat;\n"
        "Beispiel Falsch;keine-adresse;stadtrat;\n"
        "Beispiel Doppelt;B@example.org;stadtrat;\n"
        "Beispiel Schon Da;a@example.org;stadtrat;\n"
        "Beispiel Unbekannt;d@example.org;presse;\n"
        "Beispiel Kurz;e@example.org\n"
        "\n"
    ).encode()
    response = upload(organiser_client, hearing, content)
    staged = InvitationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/participation/{hearing.slug}/manage/import/{staged.pk}/"
    assert Participant.objects.count() == 1
    assert staged.encoding == "UTF-8"
    assert [row["email"] for row in staged.rows] == ["b@example.org", "c@example.org"]
    assert staged.problems == [
        {"line": 4, "reason": "E-Mail ist leer"},
        {"line": 5, "reason": "Ungültige E-Mail-Adresse: keine-adresse"},
        {"line": 6, "reason": "Doppelt: dieselbe E-Mail-Adresse wie Zeile 2"},
        {"line": 7, "reason": "Doppelt: bereits eingeladen"},
        {"line": 8, "reason": "Unbekannte Gruppe: presse"},
        {"line": 9, "reason": "Spalte fehlt: Gruppe"},
    ]
    page = organiser_client.get(response["Location"]).content.decode()
    assert "2 gültige Zeilen, 6 fehlerhafte Zeilen." in page
    assert "Unbekannte Gruppe: presse" in page

    response = organiser_client.post(
        f"/participation/{hearing.slug}/manage/import/{staged.pk}/confirm/"
    )
    assert response.status_code == 302
    assert sorted(Participant.objects.values_list("email", "group__slug", "status")) == [
        ("a@example.org", "stadtrat", "invited"),
        ("b@example.org", "stadtrat", "invited"),
        ("c@example.org", "digitalrat", "invited"),
    ]
    staged.refresh_from_db()
    assert staged.rows == []
    entry = AuditLogEntry.objects.get(action="participants.invitations.imported")
    assert entry.data == {"import": staged.pk, "count": 2, "problems": 6}
    again = organiser_client.post(
        f"/participation/{hearing.slug}/manage/import/{staged.pk}/confirm/", follow=True
    )
    assert "Dieser Import wurde bereits übernommen." in again.content.decode()
    assert Participant.objects.count() == 3


def test_windows_1252_with_commas_and_german_headers(hearing, groups):
    content = "Name,E-Mail,Gruppe,Organisation\r\nBeispiel Müller,m@example.org,stadtrat,Referat für Bildung\r\n"
    encoding, rows, problems = csv_import.parse(content.encode("cp1252"), hearing)
    assert encoding == "Windows-1252"
    assert problems == []
    assert [(r["name"], r["organisation"]) for r in rows] == [
        ("Beispiel Müller", "Referat für Bildung")
    ]


def test_utf8_with_bom_and_tabs(hearing, groups):
    content = "\ufeffname\temail\tgroup\nBeispiel Groß\tg@example.org\tdigitalrat\n"
    encoding, rows, problems = csv_import.parse(content.encode("utf-8"), hearing)
    assert (encoding, problems) == ("UTF-8", [])
    assert rows[0]["name"] == "Beispiel Groß"
    assert rows[0]["organisation"] == ""


def test_quoted_fields_with_the_delimiter_inside(hearing, groups):
    content = (
        'name;email;group;organisation\n"Beispiel; Zitat";z@example.org;stadtrat;"IT-Referat; KI"\n'
    )
    _, rows, problems = csv_import.parse(content.encode(), hearing)
    assert problems == []
    assert (rows[0]["name"], rows[0]["organisation"]) == ("Beispiel; Zitat", "IT-Referat; KI")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Die übertragene Datei ist leer."),
        (b"\r\n \n", "Die Datei ist leer."),
        (
            b"name;group\nA;stadtrat\n",
            "Spalte(n) fehlen in der Kopfzeile: email. Erwartet: name, email, group, organisation.",
        ),
        (
            b"vorname,nachname\nA,B\n",
            "Spalte(n) fehlen in der Kopfzeile: name, email, group. Erwartet: name, email, group, organisation.",
        ),
        (
            b"name;email;group\n\x81\x8d\x8f;a@example.org;stadtrat\n",
            "Die Datei ist weder UTF-8 noch Windows-1252. Bitte als CSV (UTF-8) speichern.",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x81",
            "Die Datei ist weder UTF-8 noch Windows-1252. Bitte als CSV (UTF-8) speichern.",
        ),
    ],
    ids=["empty", "blank", "missing-email-column", "no-columns", "wrong-encoding", "binary"],
)
def test_unusable_files_are_a_form_error(hearing, groups, organiser_client, content, message):
    response = upload(organiser_client, hearing, content)
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [message]
    assert InvitationImport.objects.count() == 0
    assert Participant.objects.count() == 0


def test_ten_thousand_lines_are_quick(hearing, groups, organiser_client):
    lines = ["name;email;group;organisation"]
    lines += [
        f"Beispiel Person {i};person{i}@example.org;stadtrat;Referat {i % 20}" for i in range(9_990)
    ]
    lines += [f"Beispiel Fehler {i};fehler{i};stadtrat;" for i in range(10)]
    content = ("\n".join(lines) + "\n").encode()
    started = time.perf_counter()
    response = upload(organiser_client, hearing, content)
    parsed = time.perf_counter() - started
    staged = InvitationImport.objects.get()
    assert response.status_code == 302
    assert (len(staged.rows), len(staged.problems)) == (9_990, 10)
    page = organiser_client.get(response["Location"])
    assert page.context["more"] == 9_790
    started = time.perf_counter()
    organiser_client.post(f"/participation/{hearing.slug}/manage/import/{staged.pk}/confirm/")
    imported = time.perf_counter() - started
    assert Participant.objects.count() == 9_990
    assert len(set(Participant.objects.values_list("link_nonce", flat=True))) == 9_990
    assert parsed < 10 and imported < 20, (parsed, imported)


def test_addresses_invited_between_preview_and_confirm_are_skipped(hearing, group, organiser):
    staged = csv_import.stage(
        hearing, b"name,email,group\nBeispiel X,x@example.org,stadtrat\n", "x.csv", actor=organiser
    )
    ParticipantFactory(group=group, email="x@example.org")
    assert csv_import.confirm(staged, actor=organiser) == 0
    assert Participant.objects.count() == 1


def test_domain_checks_the_permission(hearing, group, bob):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        csv_import.stage(hearing, b"name,email,group\n", "x.csv", actor=bob)


def test_preview_of_another_hearing_is_404(hearing, group, organiser, organiser_client):
    from tests.factories import hearing_with_agenda

    other = hearing_with_agenda(1)
    staged = InvitationImport.objects.create(hearing=other, rows=[], problems=[])
    assert (
        organiser_client.get(
            f"/participation/{hearing.slug}/manage/import/{staged.pk}/"
        ).status_code
        == 404
    )


def test_preview_escapes_what_the_file_contains(hearing, groups, organiser_client):
    content = (
        "name,email,group\n<script>alert(1)</script>,s@example.org,stadtrat\nX,y,<b>fett</b>\n"
    )
    response = upload(organiser_client, hearing, content.encode())
    page = organiser_client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>fett</b>" not in page


def test_optional_language_column_sets_the_language_of_the_emails(hearing, groups, organiser):
    content = (
        "name;email;group;language\n"
        "Beispiel De;de@example.org;stadtrat;\n"
        "Example En;en@example.org;stadtrat;EN\n"
        "Beispiel Fr;fr@example.org;stadtrat;fr\n"
    )
    staged = csv_import.stage(hearing, content.encode(), "l.csv", actor=organiser)
    assert staged.problems == [{"line": 4, "reason": "Unbekannte Sprache: fr (erlaubt: de, en)"}]
    csv_import.confirm(staged, actor=organiser)
    assert sorted(Participant.objects.values_list("email", "language")) == [
        ("de@example.org", "de"),
        ("en@example.org", "en"),
    ]
