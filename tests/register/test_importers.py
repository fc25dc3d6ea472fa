import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hearing.core.models import AuditLogEntry
from hearing.register.domain.importers import DEFAULT_PATHS, import_source
from hearing.register.domain.sync import ImportFailed
from hearing.register.enums import Source
from hearing.register.models import Record

pytestmark = pytest.mark.django_db

NL_EXPORT = json.loads(DEFAULT_PATHS[Source.NL].read_text(encoding="utf-8"))


def write_nl(tmp_path, records, name="export.json"):
    path = tmp_path / name
    path.write_text(json.dumps({"algoritmes": records, "count": len(records)}), encoding="utf-8")
    return path


def test_munich_system_cards_become_eight_records():
    report = import_source(Source.MUNICH)
    assert report.counts() == {
        "created": 8,
        "updated": 0,
        "unchanged": 0,
        "withdrawn": 0,
        "malformed": 0,
    }
    assert sorted(Record.objects.values_list("source_id", flat=True)) == [
        "dlf",
        "inspira_bib",
        "ki-stack",
        "mucgpt",
        "muckl",
        "plausibilisierung-verkehrsdaten",
        "riski",
        "zammad-ai",
    ]
    assert report.skipped == [
        ("index.md", "keine System Card (kein system_type)"),
        ("ki-team.md", "keine System Card (kein system_type)"),
    ]
    riski = Record.objects.get(source_id="riski")
    assert riski.name == "RIS-KI"
    assert riski.source == "munich"
    assert riski.organisation == "Landeshauptstadt München"
    assert riski.country == "DE"
    assert riski.source_code_url == "https://github.com/it-at-m/riski"
    assert riski.website == "https://riski.muenchen.de"
    assert riski.licence == "MIT"
    assert riski.tags == ["RAG", "RIS", "Suche"]
    assert riski.status == "in_use"
    assert riski.theme == "democracy"
    assert riski.technique == "generative"
    assert riski.risks.startswith("Obwohl die KI-Suche viele Vorteile bietet")
    assert "![" not in riski.description
    # What a card does not say stays empty.
    assert (riski.contact, riski.evaluation, riski.ai_act_risk_class) == ("", "", "")
    zammad = Record.objects.get(source_id="zammad-ai")
    assert (zammad.status, zammad.description, zammad.website) == (
        "development",
        "",
        "https://github.com/it-at-m/zammad-ai",
    )


def test_dutch_export_imports_every_record():
    report = import_source(Source.NL)
    assert report.counts() == {
        "created": 1466,
        "updated": 0,
        "unchanged": 0,
        "withdrawn": 0,
        "malformed": 0,
    }
    nl = Record.objects.filter(source="nl")
    assert nl.count() == 1466
    assert nl.filter(status="in_use").count() == 1333
    assert nl.filter(status="development").count() == 71
    assert nl.filter(status="retired").count() == 62
    assert nl.filter(impact_assessment="yes").count() == 582
    assert nl.filter(impact_assessment="no").count() == 21
    assert nl.filter(impact_assessment="").count() == 863
    assert nl.filter(is_municipality=True).count() == 906
    assert nl.filter(is_municipality=True).values("organisation").distinct().count() == 196
    delft = Record.objects.get(source="nl", source_id="11234933")
    assert delft.name == "Advisering datalekmelding"
    assert delft.organisation == "Gemeente Delft"
    assert delft.source_url == "https://algoritmes.overheid.nl/nl/algoritme/11234933"
    assert str(delft.published_on) == "2024-02-06"
    assert max(len(r) for r in nl.values_list("short_description", flat=True)) <= 350


def test_uk_records_import_with_councils_derived_from_the_name():
    report = import_source(Source.UK)
    assert report.counts()["created"] == 136
    assert report.errors == []
    councils = Record.objects.filter(source="uk", is_municipality=True)
    assert councils.count() == 11
    assert sorted(set(councils.values_list("organisation", flat=True))) == [
        "Barnet Council",
        "Bristol City Council",
        "Camden Council",
        "Dorset Council",
        "Ealing Council",
        "Leeds City Council",
        "London Borough of Sutton",
        "Newcastle City Council",
        "Warwickshire County Council",
        "West Berkshire Council",
    ]
    redbox = Record.objects.get(source="uk", source_id="dsit-redbox")
    assert (redbox.name, redbox.organisation, redbox.country) == ("DSIT - Redbox", "DSIT", "GB")
    assert Record.objects.get(source="uk", source_id="trustid").organisation == ""


def test_reimport_of_the_same_export_changes_nothing():
    import_source(Source.NL)
    before = sorted(Record.objects.values_list("pk", "modified"))
    report = import_source(Source.NL)
    assert report.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": 1466,
        "withdrawn": 0,
        "malformed": 0,
    }
    assert sorted(Record.objects.values_list("pk", "modified")) == before
    assert AuditLogEntry.objects.filter(action="register.import.finished").count() == 1


def test_newer_export_updates_adds_and_withdraws(tmp_path):
    records = [dict(r) for r in NL_EXPORT["algoritmes"][:20]]
    import_source(Source.NL, write_nl(tmp_path, records))
    gone = records.pop(0)  # one of twenty: under the tenth that needs --allow-withdraw
    records[0]["doel"] = "Ein neues Ziel."
    records.append({**records[1], "id": "999", "title": "Neu"})
    report = import_source(Source.NL, write_nl(tmp_path, records, "newer.json"))
    assert report.counts() == {
        "created": 1,
        "updated": 1,
        "unchanged": 18,
        "withdrawn": 1,
        "malformed": 0,
    }
    assert Record.objects.get(source_id=records[0]["id"]).goal == "Ein neues Ziel."
    assert Record.objects.get(source_id=gone["id"]).withdrawn_at is not None
    assert Record.objects.filter(source="nl").count() == 21
    # The record comes back in a later export: no longer withdrawn.
    records.append(gone)
    report = import_source(Source.NL, write_nl(tmp_path, records, "later.json"))
    assert (report.updated, report.withdrawn) == (1, 0)
    assert Record.objects.get(source_id=gone["id"]).withdrawn_at is None


def test_malformed_records_are_reported_and_the_rest_imported(tmp_path):
    good = [dict(r) for r in NL_EXPORT["algoritmes"][:3]]
    bad = [
        "kein Objekt",
        {**good[0], "id": ""},
        {**good[0], "id": "a1", "status": "kaputt"},
        {**good[0], "id": "a2", "geregistreerd": "13.05.2026"},
        {**good[0], "id": "a3", "title": 42},
        good[1],
    ]
    report = import_source(Source.NL, write_nl(tmp_path, good + bad))
    assert report.created == 3
    assert report.errors == [
        ("#4", "kein JSON-Objekt"),
        ("#5", "id fehlt"),
        ("a1", "unbekannter status 'kaputt'"),
        ("a2", "geregistreerd: kein Datum ('13.05.2026')"),
        ("a3", "title: kein Text"),
        (good[1]["id"], "Kennung kommt doppelt vor"),
    ]


def test_a_broken_file_changes_nothing(tmp_path):
    import_source(Source.NL, write_nl(tmp_path, NL_EXPORT["algoritmes"][:3]))
    path = tmp_path / "broken.json"
    path.write_text('{"algoritmes": [{"id": "1", "title": "x"', encoding="utf-8")
    with pytest.raises(ImportFailed):
        import_source(Source.NL, path)
    assert Record.objects.filter(withdrawn_at__isnull=True).count() == 3


def test_import_commands_report_counts(tmp_path):
    out, err = StringIO(), StringIO()
    path = write_nl(tmp_path, [NL_EXPORT["algoritmes"][0], {"id": "x"}])
    call_command("register_import_nl", str(path), stdout=out, stderr=err)
    assert out.getvalue().strip() == (
        "nl: 1 neu, 0 geändert, 0 unverändert, 0 zurückgezogen, 1 fehlerhaft"
    )
    assert err.getvalue().strip() == "fehlerhaft: x: title fehlt"
    out = StringIO()
    call_command("register_import_uk", stdout=out)
    assert out.getvalue().strip() == (
        "uk: 136 neu, 0 geändert, 0 unverändert, 0 zurückgezogen, 0 fehlerhaft"
    )


@pytest.mark.parametrize(
    "content",
    [
        {"algoritmes": []},
        {"records": [{"id": "1", "title": "Aus dem UK-Export"}]},
        [{"id": "1", "title": "Ein nacktes Array"}],
        {"andere": [1, 2, 3]},
    ],
    ids=["empty", "uk-structure", "bare-array", "other-key"],
)
def test_a_file_of_another_structure_changes_nothing_and_fails(tmp_path, content):
    import_source(Source.NL, write_nl(tmp_path, [dict(r) for r in NL_EXPORT["algoritmes"][:20]]))
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("register_import_nl", str(path), stdout=StringIO())
    assert str(error.value) == (
        "Die Datei enthält keinen einzigen Datensatz; erwartet wird ein JSON-Objekt mit der "
        "Liste „algoritmes“ (Export von algoritmes.overheid.nl). Nichts wurde geändert."
    )
    assert Record.objects.filter(source="nl", withdrawn_at__isnull=True).count() == 20


def test_withdrawing_more_than_a_tenth_needs_allow_withdraw(tmp_path):
    records = [dict(r) for r in NL_EXPORT["algoritmes"][:20]]
    import_source(Source.NL, write_nl(tmp_path, records))
    half = write_nl(tmp_path, records[:10], "half.json")
    with pytest.raises(CommandError) as error:
        call_command("register_import_nl", str(half), stdout=StringIO())
    assert str(error.value).startswith(
        "Der Import würde 10 von 20 Datensätzen der Quelle „nl“ zurückziehen (mehr als 10%). "
        "Nichts wurde geändert."
    )
    assert Record.objects.filter(source="nl", withdrawn_at__isnull=True).count() == 20
    call_command("register_import_nl", str(half), "--allow-withdraw", stdout=StringIO())
    assert Record.objects.filter(source="nl", withdrawn_at__isnull=True).count() == 10


def test_a_byte_order_mark_is_read_and_utf16_is_named(tmp_path):
    records = [dict(r) for r in NL_EXPORT["algoritmes"][:3]]
    text = json.dumps({"algoritmes": records}, ensure_ascii=False)
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert import_source(Source.NL, with_bom).created == 3
    utf16 = tmp_path / "utf16.json"
    utf16.write_bytes(text.encode("utf-16"))
    with pytest.raises(ImportFailed) as error:
        import_source(Source.NL, utf16)
    assert str(error.value) == (
        "utf16.json: die Datei ist UTF-16-kodiert; gelesen wird UTF-8 (bitte als UTF-8 "
        "speichern). Nichts wurde geändert."
    )


def test_an_over_long_title_is_reported_with_record_and_field_never_cut(tmp_path):
    records = [dict(r) for r in NL_EXPORT["algoritmes"][:3]]
    records[1] = {**records[1], "title": "Lang " * 100}
    report = import_source(Source.NL, write_nl(tmp_path, records))
    assert report.created == 2
    assert report.errors == [
        (str(records[1]["id"]), "name: 499 Zeichen, erlaubt sind höchstens 300")
    ]
    assert not Record.objects.filter(source_id=str(records[1]["id"])).exists()
