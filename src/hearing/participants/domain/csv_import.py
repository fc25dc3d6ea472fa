"""Invitees from CSV: parse into a staged preview, import only what the organiser confirms.

Columns name, email, group, organisation and an optional language (de/en) for the e-mails.
Accepts UTF-8 (with or without BOM) and Windows-1252, detects the delimiter (; , tab |), and
lists every bad line with its reason. Nothing touches the participants until :func:`confirm`.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import InputError
from hearing.core.permissions import require
from hearing.hearings.models import Hearing
from hearing.participants.enums import Admission
from hearing.participants.models import InvitationImport, Participant

MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 20_000
HEADERS = {
    "name": {"name", "vollständiger name", "full name"},
    "email": {"email", "e-mail", "mail", "e-mail-adresse", "email address"},
    "group": {"group", "gruppe", "teilnehmendengruppe"},
    "organisation": {"organisation", "organization", "organisation/referat", "referat"},
    "language": {"language", "sprache"},
}
LANGUAGES = {
    "": "de",
    "de": "de",
    "deutsch": "de",
    "german": "de",
    "en": "en",
    "englisch": "en",
    "english": "en",
}
REQUIRED = ["name", "email", "group"]


class CsvImportError(InputError):
    """The file as a whole cannot be read; the message says why."""


def _decode(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise CsvImportError(
            _("Die Datei ist weder UTF-8 noch Windows-1252. Bitte als CSV (UTF-8) speichern.")
        ) from None


def _dialect(text: str):
    sample = text[:20_000]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = max(";,\t|", key=first.count)

        class Fallback(csv.excel):
            pass

        Fallback.delimiter = delimiter
        return Fallback


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        for field, names in HEADERS.items():
            if key in names and field not in found:
                found[field] = index
    return found


def parse(raw: bytes, hearing: Hearing) -> tuple[str, list[dict], list[dict]]:
    """Return ``(encoding, valid rows, problems)``; raise CsvImportError when the file is unusable."""
    if len(raw) > MAX_BYTES:
        raise CsvImportError(_("Die Datei ist zu groß (höchstens 5 MB)."))
    text, encoding = _decode(raw)
    if not text.strip():
        raise CsvImportError(_("Die Datei ist leer."))
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise CsvImportError(
            _("Die Datei ist keine lesbare CSV-Datei: %(error)s") % {"error": exc}
        ) from None
    columns = _columns(header)
    missing = [field for field in REQUIRED if field not in columns]
    if missing:
        labels = {"name": "name", "email": "email", "group": "group"}
        raise CsvImportError(
            _(
                "Spalte(n) fehlen in der Kopfzeile: %(columns)s. Erwartet: name, email, group, organisation."
            )
            % {"columns": ", ".join(labels[m] for m in missing)}
        )
    groups = {}
    for group in hearing.groups.exclude(admission=Admission.OPEN):
        groups[group.slug.lower()] = group
        groups[group.name.strip().lower()] = group
    known = {
        email.lower()
        for email in Participant.objects.filter(hearing=hearing)
        .exclude(email="")
        .values_list("email", flat=True)
    }
    seen: dict[str, int] = {}
    rows, problems = [], []
    width = max(columns.values()) + 1
    try:
        for record in reader:
            line = reader.line_num
            if line > MAX_LINES + 1:
                raise CsvImportError(_("Zu viele Zeilen (höchstens %(max)s).") % {"max": MAX_LINES})
            if not any(cell.strip() for cell in record):
                continue
            values = {
                field: record[index].strip() if index < len(record) else None
                for field, index in columns.items()
            }
            reason = _check(values, len(record) < width, groups, known, seen)
            if reason:
                problems.append({"line": line, "reason": reason})
                continue
            email = values["email"].lower()
            seen[email] = line
            rows.append(
                {
                    "line": line,
                    "name": values["name"],
                    "email": values["email"],
                    "group": groups[values["group"].lower()].pk,
                    "group_name": groups[values["group"].lower()].name,
                    "organisation": values.get("organisation") or "",
                    "language": LANGUAGES[(values.get("language") or "").lower()],
                }
            )
    except csv.Error as exc:
        raise CsvImportError(
            _("Zeile %(line)s ist keine lesbare CSV-Zeile: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from None
    return encoding, rows, problems


def _check(values, short, groups, known, seen) -> str:
    for field, label in (("name", _("Name")), ("email", _("E-Mail")), ("group", _("Gruppe"))):
        if values.get(field) is None:
            return _("Spalte fehlt: %(column)s") % {"column": label}
        if not values[field]:
            return _("%(column)s ist leer") % {"column": label}
    if len(values["name"]) > 200 or len(values.get("organisation") or "") > 200:
        return _("Name oder Organisation ist zu lang (höchstens 200 Zeichen)")
    try:
        validate_email(values["email"])
    except ValidationError:
        return _("Ungültige E-Mail-Adresse: %(email)s") % {"email": values["email"][:100]}
    email = values["email"].lower()
    if email in seen:
        return _("Doppelt: dieselbe E-Mail-Adresse wie Zeile %(line)s") % {"line": seen[email]}
    if email in known:
        return _("Doppelt: bereits eingeladen")
    if values["group"].lower() not in groups:
        return _("Unbekannte Gruppe: %(group)s") % {"group": values["group"][:100]}
    if (values.get("language") or "").lower() not in LANGUAGES:
        return _("Unbekannte Sprache: %(language)s (erlaubt: de, en)") % {
            "language": values["language"][:20]
        }
    return ""


def stage(hearing: Hearing, raw: bytes, filename: str, *, actor) -> InvitationImport:
    """Parse the upload and keep it for the preview. Raises PermissionDenied or CsvImportError."""
    require(actor, "participants.manage", hearing)
    encoding, rows, problems = parse(raw, hearing)
    return InvitationImport.objects.create(
        hearing=hearing,
        created_by=actor,
        filename=filename[:255],
        encoding=encoding,
        rows=rows,
        problems=problems,
    )


def confirm(staged: InvitationImport, *, actor) -> int:
    """Import the valid lines of ``staged``; addresses invited meanwhile are skipped.

    Raises PermissionDenied, or CsvImportError if it was imported already.
    """
    require(actor, "participants.manage", staged.hearing)
    with transaction.atomic():
        locked = InvitationImport.objects.select_for_update(no_key=True).get(pk=staged.pk)
        if locked.confirmed_at is not None:
            raise CsvImportError(_("Dieser Import wurde bereits übernommen."))
        known = {
            email.lower()
            for email in Participant.objects.filter(hearing=locked.hearing)
            .exclude(email="")
            .values_list("email", flat=True)
        }
        valid_groups = set(locked.hearing.groups.values_list("pk", flat=True))
        new = [
            Participant(
                hearing=locked.hearing,
                group_id=row["group"],
                name=row["name"],
                email=row["email"],
                organisation=row["organisation"],
                language=row.get("language", "de"),
            )
            for row in locked.rows
            if row["email"].lower() not in known and row["group"] in valid_groups
        ]
        Participant.objects.bulk_create(new, batch_size=1000)
        log_action(
            "participants.invitations.imported",
            actor,
            locked.hearing,
            {"import": locked.pk, "count": len(new), "problems": len(locked.problems)},
        )
        # The staged copy of the personal data is not needed any more.
        locked.confirmed_at = timezone.now()
        locked.rows = []
        locked.save(update_fields=["confirmed_at", "rows", "modified"])
    return len(new)
