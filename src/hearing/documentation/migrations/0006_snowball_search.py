"""One German stemmer (Snowball) on SQLite and PostgreSQL (issue 14, Deliver 6): PostgreSQL
indexes the same stems as SQLite's FTS5 table instead of its own ``german`` configuration; the
stems are computed anew; the register's entries go (it has its own search, which this page uses)."""

from django.db import migrations

POSTGRES = [
    "DROP INDEX IF EXISTS documentation_search_german",
    """CREATE INDEX documentation_search_stems ON documentation_searchentry
        USING gin (to_tsvector('simple', stems))""",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS documentation_search_stems",
    """CREATE INDEX documentation_search_german ON documentation_searchentry
        USING gin (to_tsvector('german', title || ' ' || text))""",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


def restem(apps, schema_editor):
    from hearing.core.stemming import stems

    SearchEntry = apps.get_model("documentation", "SearchEntry")
    SearchEntry.objects.filter(hearing__isnull=True).delete()
    batch = []
    for entry in SearchEntry.objects.only("pk", "title", "text").iterator(chunk_size=500):
        entry.stems = stems(f"{entry.title} {entry.text}")
        batch.append(entry)
        if len(batch) == 500:
            SearchEntry.objects.bulk_update(batch, ["stems"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["stems"])


class Migration(migrations.Migration):
    dependencies = [("documentation", "0005_authorisation")]

    operations = [
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE)),
        migrations.RunPython(restem, migrations.RunPython.noop),
    ]
