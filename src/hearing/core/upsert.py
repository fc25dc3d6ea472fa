"""Create-or-update that leaves unchanged rows untouched, so loaders and importers are idempotent."""

from django.db import models


def upsert(model: type[models.Model], lookup: dict, values: dict) -> tuple[models.Model, str]:
    """Return ``(obj, outcome)`` with outcome ``created``, ``updated`` or ``unchanged``.

    Unlike ``update_or_create`` it saves only when a value differs, so ``modified`` keeps
    meaning "last changed".
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save()
    return obj, "updated"
