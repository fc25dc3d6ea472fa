"""The full-text index, one per database: SQLite FTS5 over the stemmed column (kept in sync by
triggers), PostgreSQL a GIN index over ``to_tsvector('german', ...)``."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE documentation_search_fts USING fts5(
        stems, content='documentation_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documentation_search_ai AFTER INSERT ON documentation_searchentry BEGIN
        INSERT INTO documentation_search_fts(rowid, stems) VALUES (new.id, new.stems); END""",
    """CREATE TRIGGER documentation_search_ad AFTER DELETE ON documentation_searchentry BEGIN
        INSERT INTO documentation_search_fts(documentation_search_fts, rowid, stems)
        VALUES ('delete', old.id, old.stems); END""",
    """CREATE TRIGGER documentation_search_au AFTER UPDATE ON documentation_searchentry BEGIN
        INSERT INTO documentation_search_fts(documentation_search_fts, rowid, stems)
        VALUES ('delete', old.id, old.stems);
        INSERT INTO documentation_search_fts(rowid, stems) VALUES (new.id, new.stems); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS documentation_search_au",
    "DROP TRIGGER IF EXISTS documentation_search_ad",
    "DROP TRIGGER IF EXISTS documentation_search_ai",
    "DROP TABLE IF EXISTS documentation_search_fts",
]
POSTGRES = [
    """CREATE INDEX documentation_search_german ON documentation_searchentry
        USING gin (to_tsvector('german', title || ' ' || text))""",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS documentation_search_german"]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("documentation", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
