"""Organisers edit the agenda outside the admin (issue 14, Deliver 4): add and change items (times
checked against the hearing's time and each other: hearings.validators.agenda_problems), put them
in another order, remove them, and attach slides and documents.

Each action: permission ``hearing.manage`` → cleaned input (the form) → one transaction with the
hearing's row locked (two organisers reordering at once take turns; positions stay unique by the
database's constraint) → audit entry → the event ``hearing.agenda.changed`` after commit, which
renews the cached pages and tells live pages.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import InputError, StateError
from hearing.core.permissions import require
from hearing.events.bus import publish
from hearing.hearings.models import AgendaItem, Attachment, Hearing

CHANGED = "hearing.agenda.changed"


def _locked(hearing: Hearing) -> Hearing:
    return Hearing.objects.select_for_update().get(pk=hearing.pk)


def agenda_state(hearing: Hearing) -> dict:
    """The public state of the topic "agenda": every item in order with its planned time."""
    return {
        "items": [
            {
                "id": item.pk,
                "number": item.number,
                "title": item.title,
                "kind": item.kind,
                "start": item.planned_start.strftime("%H:%M"),
                "minutes": item.planned_duration,
            }
            for item in AgendaItem.objects.filter(hearing=hearing, deleted=False).order_by(
                "position"
            )
        ]
    }


def _announce(hearing: Hearing, what: str, item: AgendaItem | None = None) -> None:
    # The whole agenda, read under the event log's lock (never older than the event before).
    publish(
        hearing,
        CHANGED,
        lambda: {"what": what, "item": item.pk if item else None, **agenda_state(hearing)},
        topic="agenda",
    )


def items(hearing: Hearing) -> list[AgendaItem]:
    """The agenda in its order (removed items left out)."""
    return list(
        AgendaItem.objects.filter(hearing=hearing, deleted=False)
        .prefetch_related("speakers", "attachments")
        .order_by("position")
    )


def save_item(item: AgendaItem, *, actor, speakers=None) -> AgendaItem:
    """Save ``item`` (new: at the end of the agenda) with its ``speakers`` (Persons; None leaves
    them). The form has validated it (AgendaItem.clean: times inside the hearing, no overlap).

    Raises PermissionDenied; InputError when the agenda changed since and the item overlaps now.
    """
    hearing = item.hearing
    require(actor, "hearing.manage", hearing)
    new = item.pk is None
    with transaction.atomic():
        _locked(hearing)
        try:
            item.full_clean(exclude=["position"] if new else None)
        except ValidationError as exc:
            raise InputError(
                " ".join(m for messages in exc.message_dict.values() for m in messages)
            ) from None
        if new:
            last = AgendaItem.objects.filter(hearing=hearing).aggregate(Max("position"))
            item.position = (last["position__max"] or 0) + 1
        item.save()
        if speakers is not None:
            item.speakers.set(speakers)
        log_action(
            "hearing.agenda.item_added" if new else "hearing.agenda.item_changed",
            actor,
            item,
            {
                "title": item.title,
                "start": item.planned_start.isoformat(),
                "minutes": item.planned_duration,
            },
        )
        _announce(hearing, "added" if new else "changed", item)
    return item


def reorder(
    hearing: Hearing, ordered: list[int], *, actor, reflow: bool = True
) -> list[AgendaItem]:
    """Put the agenda in the order of ``ordered`` (every item's id once). With ``reflow`` the
    planned times follow the new order: the first item starts when the agenda started, each next
    one when the one before it ends, the breaks between items staying where they were.

    Raises PermissionDenied; InputError when ``ordered`` is not the agenda's items once each (the
    agenda changed since the page was loaded).
    """
    require(actor, "hearing.manage", hearing)
    with transaction.atomic():
        _locked(hearing)
        current = items(hearing)
        by_id = {item.pk: item for item in current}
        if sorted(ordered) != sorted(by_id) or len(set(ordered)) != len(ordered):
            raise InputError(_("Die Tagesordnung hat sich inzwischen geändert; bitte neu laden."))
        if [item.pk for item in current] == ordered:
            return current
        new_order = [by_id[pk] for pk in ordered]
        if reflow:
            _reflow(hearing, current, new_order)
        # The same positions, handed out in the new order. They are unique per hearing (removed
        # items keep theirs): first every moved item out of the way, above all used ones.
        positions = sorted(item.position for item in current)
        top = AgendaItem.objects.filter(hearing=hearing).aggregate(Max("position"))["position__max"]
        for offset, item in enumerate(new_order, start=1):
            AgendaItem.objects.filter(pk=item.pk).update(position=top + offset)
        for position, item in zip(positions, new_order, strict=True):
            item.position = position
            AgendaItem.objects.filter(pk=item.pk).update(
                position=position, planned_start=item.planned_start
            )
        log_action("hearing.agenda.reordered", actor, hearing, {"order": ordered, "reflow": reflow})
        _announce(hearing, "reordered")
    return items(hearing)


def _reflow(hearing: Hearing, before: list[AgendaItem], after: list[AgendaItem]) -> None:
    """New planned starts for ``after`` (the new order): the timeline of ``before`` keeps its
    first start and its breaks (the gap after the n-th slot stays after the n-th slot)."""
    day = hearing.date
    starts = [datetime.combine(day, item.planned_start) for item in before]
    ends = [
        start + timedelta(minutes=item.planned_duration)
        for start, item in zip(starts, before, strict=True)
    ]
    gaps = [max(b - a, timedelta(0)) for a, b in zip(ends, starts[1:], strict=False)]
    moment = starts[0] if starts else None
    for index, item in enumerate(after):
        item.planned_start = moment.time()
        moment += timedelta(minutes=item.planned_duration)
        if index < len(gaps):
            moment += gaps[index]


def move(item: AgendaItem, step: int, *, actor, shown: list[int] | None = None) -> list[AgendaItem]:
    """Move ``item`` one place up (``step`` -1) or down (+1); see :func:`reorder`. Raises
    InputError at the top or bottom; StateError when ``shown`` (the items' ids in the order the
    page showed them) is no longer the order: a click from a page not reloaded would swap items
    the person never saw side by side."""
    order = [i.pk for i in items(item.hearing)]
    index = order.index(item.pk)
    if shown is not None and shown != order:
        raise StateError(
            _("Die Tagesordnung wurde inzwischen geändert; bitte die Seite neu laden.")
        )
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(order):
        raise InputError(_("Weiter geht es nicht."))
    order[index], order[target] = order[target], order[index]
    return reorder(item.hearing, order, actor=actor)


def remove(item: AgendaItem, *, actor) -> None:
    """Take ``item`` off the agenda (kept, marked removed: OParl reports it as deleted). Raises
    StateError for the item that is running."""
    hearing = item.hearing
    require(actor, "hearing.manage", hearing)
    with transaction.atomic():
        locked = _locked(hearing)
        if locked.current_item_id == item.pk:
            raise StateError(_("Der laufende Punkt kann nicht entfernt werden."))
        AgendaItem.objects.filter(pk=item.pk).update(deleted=True)
        log_action("hearing.agenda.item_removed", actor, item, {"title": item.title})
        _announce(hearing, "removed", item)


def attach(item: AgendaItem, *, actor, title: str, upload) -> Attachment:
    """Attach an uploaded file (slides, a document) to ``item``. Raises PermissionDenied;
    InputError for a missing title or file, a type or size the model's validators refuse."""
    require(actor, "hearing.manage", item.hearing)
    title = (title or "").strip() or (getattr(upload, "name", "") or "")
    if upload is None:
        raise InputError(_("Bitte eine Datei wählen."), field="file")
    attachment = Attachment(
        item=item,
        title=title[:200],
        file=upload,
        mime_type=mimetypes.guess_type(upload.name)[0] or "application/octet-stream",
    )
    try:
        attachment.full_clean()
    except ValidationError as exc:
        raise InputError(
            " ".join(m for messages in exc.message_dict.values() for m in messages), field="file"
        ) from None
    with transaction.atomic():
        attachment.save()
        log_action(
            "hearing.agenda.attached",
            actor,
            attachment,
            {"item": item.pk, "title": attachment.title},
        )
        _announce(item.hearing, "attached", item)
    return attachment
