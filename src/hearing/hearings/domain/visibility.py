"""A hearing that stops being public (or is marked deleted) ends every open public stream.

The push hub checks a hearing's visibility when a stream opens; a stream already open would go
on receiving the hearing's events. So a change of visibility is an event of its own (topic
``visibility``): the hub ends the hearing's streams when it passes through, and browsers that
reconnect get the answer the hearing now deserves (404 for the public).
"""

from hearing.events.bus import publish
from hearing.events.models import SUPERSEDED, Event
from hearing.hearings.models import Hearing

HIDDEN = "hearings.hearing.hidden"
SHOWN = "hearings.hearing.shown"
TOPIC = "visibility"


def on_hearing_saved(sender, instance: Hearing, raw=False, created=False, **kwargs) -> None:
    """After every save of a hearing (the admin saves it directly), in the saving transaction."""
    if raw or created:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not {"is_public", "deleted"} & set(update_fields):
        return  # a save of other fields (the current item) cannot change who sees the hearing
    visible = instance.is_public and not instance.deleted
    last = (
        Event.objects.filter(hearing_id=instance.pk, topic=TOPIC)
        .exclude(type=SUPERSEDED)
        .values_list("type", flat=True)
        .first()
    )
    if not visible and last != HIDDEN:
        publish(instance, HIDDEN, {"public": False}, topic=TOPIC)
    elif visible and last == HIDDEN:
        publish(instance, SHOWN, {"public": True}, topic=TOPIC)
