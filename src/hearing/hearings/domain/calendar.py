"""iCalendar (RFC 5545) export of a hearing: one event per agenda item."""

from datetime import UTC, datetime

from django.utils import timezone

from hearing.hearings.models import Hearing


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def hearing_calendar(hearing: Hearing, base_url: str) -> str:
    stamp = _utc(timezone.now())
    location = ""
    if hearing.location:
        location = ", ".join(
            part
            for part in (
                hearing.location.description,
                hearing.location.room,
                hearing.location.address_line,
            )
            if part
        )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hearing//Hearing//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(hearing.title)}",
    ]
    for item in hearing.items.order_by("position"):
        description = item.description
        if item.speaker_note:
            description = f"{item.speaker_note}\n{description}".strip()
        lines += [
            "BEGIN:VEVENT",
            f"UID:hearing-{hearing.slug}-item-{item.pk}@{base_url.split('//')[-1].split('/')[0]}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(item.planned_start_at)}",
            f"DTEND:{_utc(item.planned_end_at)}",
            f"SUMMARY:{_escape(f'{item.title} – {hearing.title}')}",
            f"DESCRIPTION:{_escape(description)}",
            f"LOCATION:{_escape(location)}",
            f"URL:{base_url}{item.get_absolute_url()}",
            f"CATEGORIES:{_escape(item.get_kind_display())}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
