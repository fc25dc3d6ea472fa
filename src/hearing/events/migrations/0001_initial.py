"""The event log moves from the live app to this one: the table stays (``live_event``), only
Django's record of which app owns it changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("hearings", "0002_soft_delete"),
        ("live", "0004_event_topics"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Event",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("seq", models.PositiveIntegerField(verbose_name="Nummer")),
                        ("type", models.CharField(max_length=60, verbose_name="Art")),
                        ("topic", models.CharField(blank=True, default="", max_length=120, verbose_name="Thema")),
                        ("data", models.JSONField(default=dict, verbose_name="Daten")),
                        ("created", models.DateTimeField(auto_now_add=True, verbose_name="Zeitpunkt")),
                        ("hearing", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="live_events", to="hearings.hearing")),
                    ],
                    options={
                        "verbose_name": "Live-Ereignis",
                        "verbose_name_plural": "Live-Ereignisse",
                        "db_table": "live_event",
                        "ordering": ["hearing", "seq"],
                        "indexes": [models.Index(fields=["hearing", "topic"], name="live_event_topic")],
                        "constraints": [models.UniqueConstraint(fields=("hearing", "seq"), name="live_event_unique_seq")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("type", "superseded"), _negated=True),
                fields=["hearing", "topic"],
                name="events_current_of_topic",
            ),
        ),
    ]
