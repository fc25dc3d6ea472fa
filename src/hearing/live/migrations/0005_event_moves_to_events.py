"""The event log now belongs to the events app (its table stays where it is)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0004_event_topics"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Event")],
            database_operations=[],
        ),
    ]
