"""Organisers classify a record under the EU AI Act and answer the data ethics code's questions."""

from django.db import transaction

from hearing.core.audit import log_action
from hearing.core.permissions import require
from hearing.register.models import Record

AI_ACT_FIELDS = [
    "ai_act_is_ai_system",
    "ai_act_risk_class",
    "ai_act_annex_iii_point",
    "ai_act_justification",
    "ai_act_role",
    "eu_database_url",
    "fria_summary",
    "dpia_summary",
]


def assess_record(record: Record, *, actor, ai_act: dict, ethics: dict) -> Record:
    """Store the classification and the answers; raises PermissionDenied without register.manage."""
    require(actor, "register.manage")
    with transaction.atomic():
        locked = Record.objects.select_for_update().get(pk=record.pk)
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
