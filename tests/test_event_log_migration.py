"""The event log moved from the live app to the events app without copying a row: a database
with events from before keeps them, and numbering goes on where it stopped."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import hearing_with_agenda

BEFORE = [("live", "0004_event_topics"), ("events", None)]


@pytest.mark.django_db(transaction=True)
def test_events_from_before_the_move_are_kept_and_numbering_goes_on(inprocess_backend):
    hearing = hearing_with_agenda(1, slug="vorher")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[:1]).apps.get_model("live", "Event")
    for seq in (1, 2, 3):
        old.objects.create(hearing_id=hearing.pk, seq=seq, type="t", topic=f"t{seq}", data={})
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    from hearing.events.bus import publish
    from hearing.events.models import Event

    assert publish(hearing.pk, "t", {}, topic="t4").seq == 4
    assert list(Event.objects.filter(hearing=hearing).values_list("seq", flat=True)) == [1, 2, 3, 4]
