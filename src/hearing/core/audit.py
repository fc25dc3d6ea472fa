"""The audit log: every named state change writes one entry."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from hearing.core.models import AuditLogEntry
from hearing.core.text import one_line


def log_action(
    action: str, actor, obj: models.Model | None = None, data: dict[str, Any] | None = None
):
    """Record ``action`` (e.g. ``"hearings.item.started"``) done by ``actor`` to ``obj``.

    Call it inside the transaction that changes the state, so the entry and the change are
    committed together or not at all.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditLogEntry(action=action, actor=user, data=data or {})
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = str(obj.pk)
        entry.object_repr = one_line(str(obj))[:300]  # a label for lists; the object keeps all
    entry.save()
    return entry
