"""Named actions on stands."""

from django.db import transaction

from hearing.core.audit import log_action
from hearing.core.permissions import require
from hearing.marketplace.models import Stand, new_token


def renew_exhibitor_link(stand: Stand, *, actor) -> Stand:
    """Give the stand a new secret exhibitor link; the old one stops working at once.

    Raises PermissionDenied unless ``actor`` manages the stand's hearing (organisers hand the links
    out). The audit entry records that it happened, never the secret.
    """
    require(actor, "hearing.manage", stand.hearing)
    with transaction.atomic():
        stand.exhibitor_token = new_token()
        stand.save(update_fields=["exhibitor_token", "modified"])
        log_action("marketplace.stand.exhibitor_link_renewed", actor, stand, {})
    return stand
