""""At most one" as constraints: one question per normalised text and item (rejected ones
and those merged into another excluded), one open speaking turn per participant and item. Existing duplicates from before the
constraints (the races they close) are resolved first: a later duplicate question keeps its text but
is marked merged into the first; a later open turn of the same person is withdrawn."""

from django.db import migrations, models


def fill_keys_and_resolve_duplicates(apps, schema_editor):
    from hearing.live.models import question_key

    Question = apps.get_model("live", "Question")
    SpeakingTurn = apps.get_model("live", "SpeakingTurn")
    first: dict[tuple[int, str], int] = {}
    for question in Question.objects.order_by("created", "id"):
        question.text_key = question_key(question.text)
        if question.status not in ("rejected", "merged"):
            slot = (question.item_id, question.text_key)
            if slot in first:
                question.status = "merged"
                question.merged_into_id = first[slot]
            else:
                first[slot] = question.pk
        question.save(update_fields=["text_key", "status", "merged_into"])
    seen: set[tuple[int, int]] = set()
    turns = SpeakingTurn.objects.filter(
        status__in=["waiting", "called", "speaking"], participant__isnull=False
    ).order_by("position", "id")
    for turn in turns:
        slot = (turn.item_id, turn.participant_id)
        if slot in seen:
            turn.status = "withdrawn"
            turn.save(update_fields=["status"])
        seen.add(slot)


class Migration(migrations.Migration):
    dependencies = [("live", "0002_questions_and_speakers")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="text_key",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(fill_keys_and_resolve_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["rejected", "merged"]), _negated=True),
                fields=("item", "text_key"),
                name="live_question_unique_text",
            ),
        ),
        migrations.AddConstraint(
            model_name="speakingturn",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("participant__isnull", False),
                    ("status__in", ["waiting", "called", "speaking"]),
                ),
                fields=("item", "participant"),
                name="live_turn_one_open_per_participant",
            ),
        ),
    ]
