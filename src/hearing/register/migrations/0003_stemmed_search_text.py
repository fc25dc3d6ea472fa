"""Existing records get the search text with German stems (a re-import would skip unchanged ones)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from hearing.register.models import SEARCH_FIELDS, search_text

    Record = apps.get_model("register", "Record")
    batch = []
    for record in Record.objects.only("pk", "tags", *SEARCH_FIELDS).iterator(chunk_size=500):
        record.search_text = search_text(record)
        batch.append(record)
        if len(batch) == 500:
            Record.objects.bulk_update(batch, ["search_text"])
            batch = []
    Record.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("register", "0002_tag_text")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
