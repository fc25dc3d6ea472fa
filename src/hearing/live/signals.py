"""Turns the hearings app's after-commit signal into a pushed event."""

from hearing.hearings import selectors
from hearing.hearings.models import Hearing
from hearing.live.push.bus import publish


def on_live_state_changed(sender, hearing, action, data, **kwargs) -> None:
    fresh = Hearing.objects.select_related("current_item").get(pk=hearing.pk)
    # The data is what live-state.js applies: the same shape as the live-state.json poll.
    publish(fresh, "hearings.live", {"action": action, **selectors.live_state(fresh)})
