"""iCalendar (RFC 5545) export of a hearing: one event per agenda item that is not deleted.

Written with the ``icalendar`` package, which escapes TEXT values (RFC 5545, 3.3.11) and folds
lines at 75 octets (3.1). Control characters pasted from documents (a lone CR, VT, FF) are removed
first, since TEXT may not carry them. The UID is built from ``HEARING_SITE_URL``, not from the
request, so a calendar fetched under two host names still holds each item once (3.8.4.7).
"""

from datetime import UTC
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from hearing.core.text import clean
from hearing.hearings.models import Hearing


def _text(value: str) -> str:
    return clean(value).strip()


def uid_host() -> str:
    return urlsplit(settings.SITE_URL).netloc or "hearing.invalid"


def hearing_calendar(hearing: Hearing, base_url: str) -> bytes:
    """The hearing's agenda as an RFC 5545 calendar (bytes, CRLF line ends, UTF-8).

    ``base_url`` is where the links point (the site's address as the visitor used it).
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Hearing//Hearing//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _text(hearing.title))
    location = ""
    if hearing.location:
        parts = (
            hearing.location.description,
            hearing.location.room,
            hearing.location.address_line,
        )
        location = ", ".join(_text(part) for part in parts if part)
    stamp = timezone.now().astimezone(UTC)
    host = uid_host()
    for item in hearing.items.filter(deleted=False).order_by("position"):
        description = item.description
        if item.speaker_note:
            description = f"{item.speaker_note}\n{description}".strip()
        event = icalendar.Event()
        event.add("uid", f"hearing-{hearing.slug}-item-{item.pk}@{host}")
        event.add("dtstamp", stamp)
        # In UTC ("Z"): no VTIMEZONE needed, every client agrees on the moment.
        event.add("dtstart", item.planned_start_at.astimezone(UTC))
        event.add("dtend", item.planned_end_at.astimezone(UTC))
        event.add("summary", _text(f"{item.title} – {hearing.title}"))
        event.add("description", _text(description))
        event.add("location", location)
        event.add("url", f"{base_url}{item.get_absolute_url()}")
        event.add("categories", [_text(str(item.get_kind_display()))])
        calendar.add_component(event)
    return calendar.to_ical()
