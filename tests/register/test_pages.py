import csv
import io
import json

import pytest

from hearing.register.domain.importers import import_source
from hearing.register.enums import Source
from hearing.register.ethics import QUESTION_KEYS
from hearing.register.exporters import NL_FIELDS, UK_FIELDS, import_export
from hearing.register.models import Record

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    for source in (Source.MUNICH, Source.NL, Source.UK):
        import_source(source)


def count_on_page(response) -> str:
    html = response.content.decode()
    start = html.index('id="result-count"')
    return html[html.index(">", start) + 1 : html.index("</p>", start)]


def test_list_shows_munich_beside_the_imported_records(register, client):
    response = client.get("/register/")
    assert response.status_code == 200
    assert count_on_page(response) == "1610 Einträge"
    assert [r.name for r in response.context["own"]] == [
        "Bürger*innen-Chatbot Muckl",
        "Dienstleistungsfinder",
        "KI-Stack",
        "MUCGPT",
        "RIS-KI",
        "Verkehrsdaten-Plausibilisierung",
        "Zammad-AI",
        "inspira_BIB",
    ]
    assert len(response.context["page"].object_list) == 50


FILTER_CASES = [
    ("country=NL", "1466 Einträge"),
    ("country=GB&municipality=yes", "11 Einträge"),
    ("country=NL&municipality=yes&status=retired", "43 Einträge"),
    ("organisation=Gemeente+Delft", "9 Einträge"),
    ("tag=LLM", "3 Einträge"),
    ("technique=generative&country=DE", "6 Einträge"),
    ("theme=-&country=DE", "1 Eintrag"),
    ("risk_class=-", "1610 Einträge"),
    ("q=chatbot+muckl", "1 Eintrag"),
    ("q=RIS-KI", "1 Eintrag"),
    # German word forms: the stems match, also inside compounds ("Stadtverwaltung").
    ("q=Verwaltung&country=DE", "3 Einträge"),
    ("q=Verwaltungen&country=DE", "3 Einträge"),
    ("q=Sprachmodell&country=DE", "2 Einträge"),
    ("q=Sprachmodelle&country=DE", "2 Einträge"),
    ("q=Anfrage&country=DE", "2 Einträge"),
]


def test_filters_and_search(register, client):
    # One import, many queries: the cases share the register.
    found = [(query, count_on_page(client.get(f"/register/?{query}"))) for query, _ in FILTER_CASES]
    assert found == FILTER_CASES


BAD_QUERIES = [
    "status=bogus",
    "page=abc",
    "page=99999",
    "organisation=%00",
    "q=" + "x" * 500,
    "tag=<script>",
    "withdrawn=maybe",
]


def test_bad_parameters_never_break_the_list(register, client):
    for query in BAD_QUERIES:
        response = client.get(f"/register/?{query}")
        assert (query, response.status_code) == (query, 200)
        assert b"<script>" not in response.content


def test_list_query_count_does_not_grow_with_the_page(register, client, django_assert_num_queries):
    # organisations, tags, count, page, own records
    with django_assert_num_queries(5):
        client.get("/register/")
    with django_assert_num_queries(5):
        client.get("/register/?country=NL&page=3")


def test_detail_shows_chances_risks_and_what_is_not_given(register, client):
    record = Record.objects.get(source_id="riski")
    response = client.get(f"/register/{record.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="chances-heading">Chancen</h2>' in html
    assert "Bias in den Daten" in html
    assert html.count("nicht angegeben") == 39
    assert "Fehlende Pflichtangaben" not in html
    assert client.get("/register/999999/").status_code == 404


def test_only_organisers_see_the_missing_fields(register, client, hearing, alice_client):
    from tests.factories import HearingRoleFactory, UserFactory

    record = Record.objects.get(source_id="riski")
    for who in (client, alice_client):  # anonymous; a moderator, who does not manage the register
        assert "Fehlende Pflichtangaben" not in who.get(f"/register/{record.pk}/").content.decode()
        assert "Es fehlen:" not in who.get("/register/").content.decode()
    organiser = UserFactory(username="olga")
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    client.force_login(organiser)
    assert "Es fehlen:" in client.get("/register/").content.decode()
    record = Record.objects.get(source_id="riski")
    response = client.get(f"/register/{record.pk}/")
    assert [label for _f, label, _s in response.context["missing"]] == [
        "Kontakt",
        "Ziel und Wirkung",
        "menschliche Aufsicht",
        "Rechtsgrundlage",
        "Folgenabschätzung durchgeführt?",
        "Risikoklasse nach EU AI Act",
        "Begründung der Risikoklasse",
        "Bewertung nach dem Datenethikkodex",
    ]
    assert record.completeness == 47
    assert "Fehlende Pflichtangaben" in response.content.decode()


def test_ethics_answers_count_towards_completeness(register):
    record = Record.objects.get(source_id="riski")
    record.ethics = dict.fromkeys(QUESTION_KEYS, "Antwort")
    record.ai_act_risk_class = "minimal"
    record.ai_act_justification = "Keine Entscheidung über Personen."
    record.save()
    assert record.completeness == 67


@pytest.mark.parametrize("standard, fields", [("nl", NL_FIELDS), ("uk", UK_FIELDS)])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_gives_the_same_records(
    register, client, tmp_path, standard, fields, fmt
):
    response = client.get(f"/register/export/{standard}.{fmt}")
    assert response.status_code == 200
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(response.content)
    names = [field for field, _name, _kind in fields]
    before = list(Record.objects.filter(source="munich").order_by("source_id").values(*names))
    Record.objects.filter(source="munich").delete()
    report = import_export(path, standard, source=Source.MUNICH)
    assert (report.created, report.errors) == (8, [])
    after = list(Record.objects.filter(source="munich").order_by("source_id").values(*names))
    assert after == before


def test_exports_use_the_standards_field_names(register, client):
    rows = json.loads(client.get("/register/export/nl.json").content)
    assert len(rows) == 8
    assert list(rows[0]) == [name for _f, name, _k in NL_FIELDS]
    assert rows[0]["name"] == "Bürger*innen-Chatbot Muckl"
    assert rows[0]["status"] == "In gebruik"
    reader = csv.DictReader(io.StringIO(client.get("/register/export/uk.csv").content.decode()))
    assert reader.fieldnames == [name for _f, name, _k in UK_FIELDS]
    assert client.get("/register/export/xx.json").status_code == 404
    assert client.get("/register/export/nl.xml").status_code == 404


def test_comparison_page_and_charts(register, client):
    response = client.get("/register/comparison/")
    assert response.status_code == 200
    status = response.context["blocks"][0]
    assert status["table"]["totals"] == [8, 906, 11]
    assert [(row["label"], [c["n"] for c in row["cells"]]) for row in status["table"]["rows"]] == [
        ("in Entwicklung", [1, 37, 0]),
        ("im Einsatz", [7, 826, 0]),
        ("außer Betrieb", [0, 43, 0]),
        ("nicht angegeben", [0, 0, 11]),
    ]
    svg = client.get("/register/comparison/status.svg")
    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    body = svg.content.decode()
    assert body.startswith("<svg")
    assert '<title id="chart-title">Vergleich nach Status</title>' in body
    assert client.get("/register/comparison/nope.svg").status_code == 404


def test_hearing_page_and_navigation_link_to_register_and_marketplace(hearing, client):
    html = client.get(hearing.get_absolute_url()).content.decode()
    assert '<h2 id="register-heading">KI-Register</h2>' in html
    assert '<h2 id="marketplace-heading">KI-Marktplatz</h2>' in html
    assert html.count('href="/register/"') == 2  # navigation and panel
    assert html.count('href="/marketplace/"') == 2


@pytest.mark.parametrize("query", ["Chatbot", "Verwaltungen", "Sprachmodelle"])
def test_the_search_page_finds_the_records_the_list_finds_in_its_order(register, client, query):
    """One search for both (issue 14, Deliver 6): the same count, the same records first, and the
    city's own records before foreign ones among those that have the words in their name."""
    listed = client.get(f"/register/?q={query}")
    page = client.get(f"/documentation/search/?q={query}")
    count = int(count_on_page(listed).split()[0])
    assert page.context["record_count"] == count > 0
    names = [r.name for r in listed.context["page"].object_list]
    assert [r.name for r in page.context["records"]] == names[:10]
    assert f'href="/register/?q={query}"' in page.content.decode() or count <= 10


def test_munichs_own_chatbot_comes_first(register, client):
    listed = client.get("/register/?q=Chatbot")
    first = listed.context["page"].object_list[0]
    assert (first.source, first.name) == ("munich", "Bürger*innen-Chatbot Muckl")
