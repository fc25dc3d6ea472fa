"""Organisers classify a record under the EU AI Act and answer the data ethics code's questions."""

from django.db import transaction

from hearing.core.audit import log_action
from hearing.core.permissions import require
from hearing.register.models import AI_ACT_FIELDS, Record


def assess_record(record: Record, *, actor, ai_act: dict, ethics: dict) -> Record:
    """Store the classification and the answers; raises PermissionDenied without register.manage."""
    require(actor, "register.manage")
    with transaction.atomic():
        locked = Record.objects.select_for_update(no_key=True).get(pk=record.pk)
        changed = [name for name in AI_ACT_FIELDS if getattr(locked, name) != ai_act[name]]
        for name in changed:
            setattr(locked, name, ai_act[name])
        answers = {key: value for key, value in ethics.items() if value}
        if answers != (locked.ethics or {}):
            locked.ethics = answers
            changed.append("ethics")
        if changed:
            locked.save()
            log_action(
                "register.record.assessed",
                actor,
                locked,
                {"fields": changed, "completeness": locked.completeness},
            )
    return locked
