"""A deleted agenda item takes its questions and speakers list off every page and out of the
event log. The admin marks items deleted with a plain save, so this listens to that save."""

from hearing.events.bus import publish
from hearing.events.models import SUPERSEDED, Event
from hearing.live.domain.common import questions_topic, votes_topic, withdrawn_snapshots

ITEM_DELETED = "hearings.item.deleted"


def on_item_saved(sender, instance, raw=False, **kwargs) -> None:
    """Withdraw a deleted item's topics in the saving transaction (sent after its commit)."""
    if raw or not instance.deleted:
        return
    withdraw_item(instance.hearing_id, instance.pk)


def withdraw_item(hearing_id: int, item_id: int) -> int:
    """Publish the empty state of each of the item's topics that still shows something, which
    supersedes the last snapshot (names and question texts included). Returns how many events
    were published; 0 when there was nothing to withdraw (a second save of a deleted item)."""
    published = 0
    for topic, empty in withdrawn_snapshots(item_id).items():
        last = (
            Event.objects.filter(hearing_id=hearing_id, topic=topic)
            .exclude(type=SUPERSEDED)
            .order_by("-seq")
            .first()
        )
        if last is not None and {key: last.data.get(key) for key in empty} != empty:
            # The empty list also takes the counts of single votes out of the log.
            also = votes_topic(item_id) if topic == questions_topic(item_id) else ""
            publish(hearing_id, ITEM_DELETED, empty, topic=topic, supersedes=also)
            published += 1
    return published
