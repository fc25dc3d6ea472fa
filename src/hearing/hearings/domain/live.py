"""Named actions on a hearing's live state: which agenda item is current, and since when.

Every action takes the acting user, checks the permission again, records actual times as
:class:`ItemPeriod` rows, writes one audit entry and publishes the new live state (sent after
commit).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import StateError
from hearing.core.permissions import require
from hearing.events.bus import publish
from hearing.hearings.models import AgendaItem, Hearing, ItemPeriod
from hearing.hearings.selectors import live_state

LIVE_STATE = "live-state"  # the event topic: what live-state.js applies, as live-state.json


class LiveStateError(StateError):
    """The requested change does not fit the hearing's state; the message says why."""


def _locked(hearing: Hearing) -> Hearing:
    return Hearing.objects.select_for_update(no_key=True).get(pk=hearing.pk)


def _close_current(hearing: Hearing, now) -> AgendaItem | None:
    if hearing.current_item_id is None:
        return None
    ItemPeriod.objects.filter(item_id=hearing.current_item_id, ended_at__isnull=True).update(
        ended_at=now
    )
    return hearing.current_item


def _announce(hearing: Hearing, action: str) -> None:
    """Publish the hearing's new live state under ``action`` (in the caller's transaction)."""
    publish(hearing, action, live_state(hearing), topic=LIVE_STATE)


def start_item(item: AgendaItem, *, actor) -> AgendaItem:
    """Make ``item`` the current item, ending the one that ran before.

    Raises PermissionDenied if ``actor`` may not moderate the hearing, LiveStateError if the item
    is already current.
    """
    require(actor, "hearing.moderate", item.hearing)
    with transaction.atomic():
        hearing = _locked(item.hearing)
        if hearing.current_item_id == item.pk:
            raise LiveStateError(_("„%(title)s“ läuft bereits.") % {"title": item.title})
        now = timezone.now()
        previous = _close_current(hearing, now)
        ItemPeriod.objects.create(item=item, started_at=now, started_by=actor)
        hearing.current_item = item
        hearing.save(update_fields=["current_item", "modified"])
        data = {
            "item": item.pk,
            "position": item.position,
            "previous": previous.pk if previous else None,
            "at": now.isoformat(),
        }
        log_action("hearings.item.started", actor, item, data)
        _announce(hearing, "hearings.item.started")
    item.hearing.current_item = item
    return item


def _neighbour(hearing: Hearing, step: int) -> AgendaItem:
    items = list(hearing.items.order_by("position"))
    if not items:
        raise LiveStateError(_("Die Tagesordnung ist leer."))
    if hearing.current_item_id is None:
        if step < 0:
            raise LiveStateError(
                _("Es läuft kein Tagesordnungspunkt, zu dem es einen vorherigen gäbe.")
            )
        started = {p.item_id for p in ItemPeriod.objects.filter(item__hearing=hearing)}
        # Resume after the last item that ran, so "next" after a pause continues the agenda.
        ran = [i for i, item in enumerate(items) if item.pk in started]
        index = ran[-1] + 1 if ran else 0
        if index >= len(items):
            raise LiveStateError(_("Alle Tagesordnungspunkte sind bereits gelaufen."))
        return items[index]
    index = next(i for i, item in enumerate(items) if item.pk == hearing.current_item_id) + step
    if index < 0:
        raise LiveStateError(_("Das ist bereits der erste Tagesordnungspunkt."))
    if index >= len(items):
        raise LiveStateError(_("Das ist bereits der letzte Tagesordnungspunkt."))
    return items[index]


def _step(hearing: Hearing, step: int, actor) -> AgendaItem:
    require(actor, "hearing.moderate", hearing)
    # Choose the neighbour under the lock: two moderators pressing "next" at once move one step
    # each, never both onto the same item.
    with transaction.atomic():
        item = start_item(_neighbour(_locked(hearing), step), actor=actor)
    hearing.current_item = item
    return item


def start_next_item(hearing: Hearing, *, actor) -> AgendaItem:
    """Start the item after the current one (or the first one not yet run).

    Raises PermissionDenied, or LiveStateError when the agenda is empty or already at its end.
    """
    return _step(hearing, +1, actor)


def start_previous_item(hearing: Hearing, *, actor) -> AgendaItem:
    """Go back to the item before the current one; it gets a new period.

    Raises PermissionDenied, or LiveStateError when nothing runs or the first item runs.
    """
    return _step(hearing, -1, actor)


def end_current_item(hearing: Hearing, *, actor) -> AgendaItem:
    """End the running item without starting another (a pause, or the end of the hearing)."""
    require(actor, "hearing.moderate", hearing)
    with transaction.atomic():
        locked = _locked(hearing)
        if locked.current_item_id is None:
            raise LiveStateError(_("Es läuft gerade kein Tagesordnungspunkt."))
        now = timezone.now()
        item = _close_current(locked, now)
        locked.current_item = None
        locked.save(update_fields=["current_item", "modified"])
        data = {"item": item.pk, "position": item.position, "at": now.isoformat()}
        log_action("hearings.item.ended", actor, item, data)
        _announce(locked, "hearings.item.ended")
    hearing.current_item = None
    return item


def elapsed_seconds(item: AgendaItem, now=None) -> int:
    """Seconds the item has been current so far, over all its periods."""
    now = now or timezone.now()
    total = 0.0
    for period in item.periods.all():
        total += ((period.ended_at or now) - period.started_at).total_seconds()
    return int(total)
