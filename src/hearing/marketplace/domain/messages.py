"""Named actions on stand messages: submit (anyone, rate-limited), approve and reject (moderators)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import UserError
from hearing.core.permissions import require
from hearing.core.ratelimit import check_public_limit
from hearing.core.text import limited
from hearing.marketplace.enums import MessageStatus
from hearing.marketplace.models import MESSAGE_MAX, Message, Stand

LIMIT = 5  # messages per client key and window
WINDOW = 600  # seconds
AUTHOR_MAX = 80  # characters, Message.author_name


class MessageError(UserError):
    """The message cannot be taken or changed; the text says why."""


def check_rate(session_key: str, address: str) -> None:
    """Raise RateLimited when this session sent LIMIT messages in the window (or the address
    reached the ceiling for a whole venue, core.ratelimit)."""
    check_public_limit(
        "marketplace.message",
        personal=[session_key],
        address=address,
        limit=LIMIT,
        window=WINDOW,
        what=_("Nachrichten"),
    )


def submit_message(
    stand: Stand, *, kind: str, channel: str, text: str, author_name: str = "", actor=None
) -> Message:
    """Take a visitor's question or feedback for moderation.

    Raises MessageError if the text is empty or over MESSAGE_MAX characters; InputError if the
    name is over AUTHOR_MAX characters (it becomes one line; nothing is cut).
    """
    text = (text or "").strip()
    if not text:
        raise MessageError(_("Bitte einen Text eingeben."))
    if len(text) > MESSAGE_MAX:
        raise MessageError(
            _("Der Text ist zu lang (höchstens %(n)s Zeichen).") % {"n": MESSAGE_MAX}
        )
    author_name = limited(author_name, max_length=AUTHOR_MAX, label=_("Der Name"), multiline=False)
    with transaction.atomic():
        message = Message.objects.create(
            stand=stand,
            kind=kind,
            channel=channel,
            text=text,
            author_name=author_name,
        )
        log_action(
            "marketplace.message.submitted", actor, message, {"stand": stand.pk, "kind": kind}
        )
    return message


def _moderate(message: Message, status: str, action: str, actor) -> Message:
    require(actor, "marketplace.moderate", message.stand.hearing)
    with transaction.atomic():
        locked = Message.objects.select_for_update(no_key=True).get(pk=message.pk)
        if locked.status == status:
            raise MessageError(_("Die Nachricht ist bereits so moderiert."))
        locked.status = status
        locked.moderated_by = actor
        locked.moderated_at = timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at", "modified"])
        log_action(action, actor, locked, {"stand": locked.stand_id, "status": status})
    return locked


def approve_message(message: Message, *, actor) -> Message:
    """Make the message public on the stand page. Raises PermissionDenied or MessageError."""
    return _moderate(message, MessageStatus.APPROVED, "marketplace.message.approved", actor)


def reject_message(message: Message, *, actor) -> Message:
    """Hide the message from the public. Raises PermissionDenied or MessageError."""
    return _moderate(message, MessageStatus.REJECTED, "marketplace.message.rejected", actor)


def count_visit(stand: Stand, session) -> bool:
    """Count one visit per browser session and stand; True if this one counted."""
    seen = session.get("marketplace_seen", [])
    if stand.pk in seen:
        return False
    Stand.objects.filter(pk=stand.pk).update(visits=F("visits") + 1)
    session["marketplace_seen"] = [*seen, stand.pk][-200:]
    return True
