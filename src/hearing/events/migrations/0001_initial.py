"""The event log moves from the live app to this one: the table stays (``live_event``), only
Django's record of which app owns it changes; the per-hearing counters start at each hearing's
last number."""

import django.db.models.deletion
from django.db import migrations, models


def start_counters(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    EventSequence = apps.get_model("events", "EventSequence")
    last = Event.objects.values("hearing_id").annotate(last=models.Max("seq"))
    EventSequence.objects.bulk_create(
        EventSequence(hearing_id=row["hearing_id"], last=row["last"]) for row in last
    )


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
        migrations.CreateModel(
            name="EventSequence",
            fields=[
                ("hearing", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name="+", serialize=False, to="hearings.hearing")),
                ("last", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "Ereigniszähler",
                "verbose_name_plural": "Ereigniszähler",
            },
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("type", "superseded"), _negated=True),
                fields=["hearing", "topic"],
                name="events_current_of_topic",
            ),
        ),
        migrations.RunPython(start_counters, migrations.RunPython.noop),
    ]
