"""Search with German stemming on the configured database (SQLite FTS5 or PostgreSQL)."""

import pytest
from django.db import connection

from hearing.core.stemming import stem
from hearing.documentation.domain.search import search
from hearing.hearings.models import Hearing
from tests.documentation.helpers import transcript_with
from tests.factories import hearing_with_agenda


def test_stemmer_joins_word_forms():
    """Snowball's German stemmer (PostgreSQL's ``german`` configuration uses the same
    algorithm), one function for both databases."""
    assert stem("Chancen") == stem("Chance") == "chanc"
    assert stem("Verwaltungen") == stem("Verwaltung") == "verwalt"
    assert stem("Stadträte") == stem("Stadtrat") == "stadtrat"
    assert stem("Beschäftigten") == stem("beschaftigte") == "beschaftigt"
    assert stem("Künstlicher") == stem("künstliche") == "kunstlich"
    assert (stem("Größe"), stem("Café"), stem("")) == ("gross", "cafe", "")


def test_the_stemmer_gives_every_thread_the_same_stems():
    """The Snowball stemmer keeps its word in the instance: threads of a server each get one."""
    import threading

    from hearing.core.stemming import stems

    text = "Die Stadträte beraten über Chancen und Risiken künstlicher Intelligenz " * 20
    expected = stems(text)
    results = []
    start = threading.Barrier(6)

    def run():
        start.wait()
        results.extend(stems(text + " " + str(i)) for i in range(200))

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {r.rsplit(" ", 1)[0] for r in results} == {expected}


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
    """SQLite: the FTS5 table over the stems; PostgreSQL: the GIN index over the same stems."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'documentation_search_fts'"
            )
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'documentation_searchentry' "
                "AND indexdef LIKE '%%gin%%'"
            )
            assert [row[0] for row in cursor.fetchall()] == ["documentation_search_stems"]
            cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


def test_both_databases_find_the_same_word_forms(hearing):
    """The same stems on SQLite and PostgreSQL: plural for singular, a stem's start inside a
    compound, and nothing for a word that is only similar."""
    transcript_with(hearing, ["Der Stadtrat berät die Verwaltungsdigitalisierung."])
    visible = Hearing.objects.all()
    text = "Der Stadtrat berät die Verwaltungsdigitalisierung."
    for query in ("Stadträte", "stadtrat", "Verwaltungs", "Stadträten Verwaltung"):
        assert [h.entry.text for h in search(query, visible_hearings=visible)] == [text], query
    assert search("Stadtteil", visible_hearings=visible) == []


def test_register_records_are_not_in_the_hearings_index(db):
    """The register has its own search (register.domain.search), which the search page shows
    beside these hits; the index holds the hearings' texts only."""
    from hearing.documentation.models import SearchEntry
    from hearing.register.models import Record

    Record.objects.create(
        name="Übersetzungsassistent",
        short_description="Übersetzt Bescheide in einfache Sprache.",
        source="munich",
        source_id="bench-1",
        country="DE",
    )
    assert search("Bescheid", visible_hearings=Hearing.objects.all()) == []
    assert SearchEntry.objects.filter(hearing__isnull=True).count() == 0
