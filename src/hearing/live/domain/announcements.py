"""Announcements from the moderation to every screen (wall, hearing page)."""

from django.db import transaction
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.permissions import require
from hearing.core.text import one_line, whole_number
from hearing.events.bus import publish
from hearing.live import phrases
from hearing.live.domain.common import LiveInputError

MAX_LENGTH = 300


def announce(hearing, *, actor, text: str) -> None:
    """Raises PermissionDenied, or LiveError for an empty text. An empty wall clears with ""."""
    require(actor, "hearing.moderate", hearing)
    text = one_line(text)
    if not text:
        raise LiveInputError(phrases.ANNOUNCEMENT_EMPTY)
    if len(text) > MAX_LENGTH:
        raise LiveInputError(phrases.ANNOUNCEMENT_TOO_LONG % {"max": MAX_LENGTH})
    with transaction.atomic():
        log_action("live.announcement", actor, hearing, {"text": text})
        publish(hearing, "live.announcement", {"text": text}, topic="announcement")


def update_settings(hearing, *, actor, premoderation: bool, public_questions: bool, speaking_time):
    from hearing.live.models import LiveSettings

    """Raises PermissionDenied, or InputError for a speaking time (seconds) outside 15–1800."""
    require(actor, "hearing.moderate", hearing)
    speaking_time = whole_number(
        speaking_time, label=_("Die Redezeit (Sekunden)"), low=15, high=1800
    )
    with transaction.atomic():
        LiveSettings.objects.update_or_create(
            hearing=hearing,
            defaults={
                "premoderation": premoderation,
                "public_questions": public_questions,
                "speaking_time": speaking_time,
            },
        )
        data = {
            "premoderation": premoderation,
            "public_questions": public_questions,
            "speaking_time": speaking_time,
        }
        log_action("live.settings.changed", actor, hearing, data)
        publish(hearing, "live.settings.changed", data, topic="settings")
