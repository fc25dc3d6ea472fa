"""Turns the hearings app's changes into pushed events: the live state after commit, and the end
of a deleted agenda item's questions and speakers list."""

from django.db import transaction

from hearing.hearings import selectors
from hearing.hearings.models import Hearing
from hearing.live.domain.common import withdrawn_snapshots
from hearing.live.models import SUPERSEDED, Event, topic_for
from hearing.live.push.bus import publish


def on_live_state_changed(sender, hearing, action, data, **kwargs) -> None:
    fresh = Hearing.objects.select_related("current_item").get(pk=hearing.pk)
    # The data is what live-state.js applies: the same shape as the live-state.json poll.
    publish(fresh, "hearings.live", {"action": action, **selectors.live_state(fresh)})


def on_item_saved(sender, instance, raw=False, **kwargs) -> None:
    """An agenda item marked deleted takes its questions and speakers list out of the public event
    log and off every open screen (after commit)."""
    if raw or not instance.deleted:
        return
    hearing_id, item_id = instance.hearing_id, instance.pk
    transaction.on_commit(lambda: withdraw_item(hearing_id, item_id))


def withdraw_item(hearing_id: int, item_id: int) -> int:
    """Publish the empty state of each of the item's topics that still shows something, which
    supersedes the last snapshot (names and question texts included). Returns how many events
    were published; 0 when there was nothing to withdraw (a second save of a deleted item)."""
    published = 0
    for type_, empty in withdrawn_snapshots(item_id).items():
        last = (
            Event.objects.filter(hearing_id=hearing_id, topic=topic_for(type_, empty))
            .exclude(type=SUPERSEDED)
            .order_by("-seq")
            .first()
        )
        if last is not None and {key: last.data.get(key) for key in empty} != empty:
            publish(hearing_id, type_, {"action": "item.deleted", **empty})
            published += 1
    return published
