"""The records' search text with Snowball's German stems (core.stemming), as the search now
stems queries (issue 14, Deliver 6)."""

from importlib import import_module

from django.db import migrations

# The same rebuild as when the stems came in.
rebuild = import_module("hearing.register.migrations.0003_stemmed_search_text").rebuild


class Migration(migrations.Migration):
    dependencies = [("register", "0003_stemmed_search_text")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
