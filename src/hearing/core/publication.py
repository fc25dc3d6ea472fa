"""Publication states of the record (issue 14): recordings, transcripts and protocols go draft →
in review → published, and may be withdrawn. Only what is published is public: on pages, in the
search, in OParl, in subtitles and feeds.

One action serves every kind: :func:`change_state` (permission → transaction with the row locked
→ allowed step → audit → the caller's event, which the bus sends after commit). The apps name
their actions (``media.recording``, ``documentation.transcript``, ``documentation.protocol``);
the audit action and the event type are that name and the new state
(``media.recording.published``).
"""

from collections.abc import Callable

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearing.core.audit import log_action
from hearing.core.errors import StateError, UserError
from hearing.core.permissions import require


class Publication(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Entwurf")
    REVIEW = "review", gettext_lazy("in Prüfung")
    PUBLISHED = "published", gettext_lazy("veröffentlicht")
    WITHDRAWN = "withdrawn", gettext_lazy("zurückgezogen")


# Which state may follow which. Publishing straight from a draft is allowed (an organiser who
# checked a recording herself); a withdrawn record goes back to draft or is published again.
STEPS: dict[str, frozenset[str]] = {
    Publication.DRAFT: frozenset({Publication.REVIEW, Publication.PUBLISHED}),
    Publication.REVIEW: frozenset({Publication.DRAFT, Publication.PUBLISHED}),
    Publication.PUBLISHED: frozenset({Publication.WITHDRAWN}),
    Publication.WITHDRAWN: frozenset({Publication.DRAFT, Publication.PUBLISHED}),
}


# What the button that goes to a state says.
STEP_LABELS = {
    Publication.DRAFT: gettext_lazy("Zurück zum Entwurf"),
    Publication.REVIEW: gettext_lazy("In Prüfung geben"),
    Publication.PUBLISHED: gettext_lazy("Veröffentlichen"),
    Publication.WITHDRAWN: gettext_lazy("Zurückziehen"),
}


def state_field() -> models.CharField:
    """The ``state`` field every published kind has; new records are drafts."""
    return models.CharField(
        gettext_lazy("Veröffentlichung"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        db_index=True,
    )


def change_state(
    obj: models.Model,
    target: str,
    *,
    actor,
    action: str,
    announce: Callable[[models.Model, str], None] | None = None,
) -> models.Model:
    """Move ``obj`` (a model with ``state`` and ``hearing``) to ``target`` and return it fresh.

    Raises PermissionDenied unless ``actor`` manages the hearing; UserError for an unknown state;
    StateError (409) for a step STEPS does not allow. Asking for the state it already has
    changes nothing and logs nothing (two organisers pressing "publish" at once: one entry).
    ``announce(obj, previous)`` runs inside the transaction, after the audit entry: the caller
    publishes its event there, which the bus sends after commit.
    """
    require(actor, "hearing.manage", obj.hearing)
    if target not in Publication.values:
        raise UserError(_("Unbekannter Zustand „%(state)s“.") % {"state": str(target)[:40]})
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        previous = locked.state
        if previous == target:
            return locked
        if target not in STEPS[previous]:
            raise StateError(
                _("Von „%(from)s“ geht es nicht zu „%(to)s“.")
                % {"from": Publication(previous).label, "to": Publication(target).label}
            )
        locked.state = target
        locked.state_changed_at = timezone.now()
        locked.save(update_fields=["state", "state_changed_at"])
        data = {"from": previous, "to": target, "hearing": locked.hearing_id}
        log_action(f"{action}.{target}", actor, locked, data)
        if announce is not None:
            announce(locked, previous)
    return locked
