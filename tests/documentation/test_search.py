"""Search with German stemming on the configured database (SQLite FTS5 or PostgreSQL)."""

import pytest
from django.db import connection

from hearing.core.stemming import stem
from hearing.documentation.domain.search import search
from hearing.hearings.models import Hearing
from tests.documentation.helpers import transcript_with
from tests.factories import hearing_with_agenda


def test_stemmer_joins_word_forms():
    assert stem("Chancen") == stem("Chance") == "chanc"
    assert stem("Verwaltungen") == stem("Verwaltung") == "verwaltung"
    assert stem("Beschäftigten") == stem("beschaftigte") == "beschaftig"
    assert stem("Künstlicher") == stem("künstliche") == "kunstlich"


@pytest.fixture
def indexed(hearing):
    transcript_with(
        hearing,
        [
            "Künstliche Intelligenz bietet große Chancen für die Verwaltung.",
            "Die Risiken für die Beschäftigten müssen wir ernst nehmen.",
        ],
    )
    return hearing


def kinds_and_texts(hits):
    return [(h.kind, h.entry.text) for h in hits]


def test_finds_other_word_forms(indexed):
    visible = Hearing.objects.all()
    expected = [("segment", "Künstliche Intelligenz bietet große Chancen für die Verwaltung.")]
    assert kinds_and_texts(search("Chance", visible_hearings=visible)) == expected
    assert kinds_and_texts(search("Verwaltungen", visible_hearings=visible)) == expected
    hits = search("beschäftigte Risiken", visible_hearings=visible)
    assert kinds_and_texts(hits) == [
        ("segment", "Die Risiken für die Beschäftigten müssen wir ernst nehmen.")
    ]
    assert hits[0].entry.seconds == 11.25
    assert hits[0].snippet == "Die Risiken für die Beschäftigten müssen wir ernst nehmen."


def test_finds_agenda_items(indexed):
    hits = search("Punkt", visible_hearings=Hearing.objects.all())
    assert sorted(h.entry.title for h in hits) == [
        f"{i}. Punkt {i} – {indexed.title}" for i in (1, 2, 3)
    ]


def test_hidden_hearings_are_not_found(indexed):
    indexed.is_public = False
    indexed.save()
    from django.contrib.auth.models import AnonymousUser

    from hearing.hearings import selectors

    assert search("Chancen", visible_hearings=selectors.visible_hearings(AnonymousUser())) == []


def test_scope_to_one_hearing(indexed):
    other = hearing_with_agenda(1)
    transcript_with(other, ["Auch hier geht es um Chancen."])
    visible = Hearing.objects.all()
    assert len(search("Chancen", visible_hearings=visible)) == 2
    hits = search("Chancen", visible_hearings=visible, hearing=other)
    assert [h.entry.text for h in hits] == ["Auch hier geht es um Chancen."]


@pytest.mark.parametrize(
    "query", ['"', "*", "AND OR NOT", "chan*ce) OR (", "NEAR(a b)", "", "x" * 500, "'; DROP TABLE"]
)
def test_odd_queries_do_not_break(indexed, query):
    assert isinstance(search(query, visible_hearings=Hearing.objects.all()), list)


def test_backend_matches_database(db):
    table = "documentation_search_fts"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [table])
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'documentation_search_german'"
            )
        assert cursor.fetchone()[0] == 1


def test_finds_register_records_and_follows_their_changes(db):
    from django.apps import apps

    record_model = apps.get_model("register", "Record")
    record = record_model.objects.create(
        name="Übersetzungsassistent",
        short_description="Übersetzt Bescheide in einfache Sprache.",
        source="munich",
        source_id="bench-1",
        country="DE",
    )
    hits = search("Bescheid", visible_hearings=Hearing.objects.all())
    assert [(h.kind, h.entry.title, h.entry.url) for h in hits] == [
        ("record", "Übersetzungsassistent", record.get_absolute_url())
    ]
    record.delete()
    assert search("Bescheid", visible_hearings=Hearing.objects.all()) == []
