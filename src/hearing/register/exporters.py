"""The city's own records under the field names of the Dutch and the UK standard, and back.

One table per standard maps a register field to the standard's field name and a kind that says
how the value is written. ``export_rows`` and ``values_from_row`` are inverse for every mapped
field, so exporting and importing again gives the same records (docs/register.md lists the tables).
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import ijson

from hearing.register.domain.sync import sync
from hearing.register.enums import Source, Status

# register field, standard field, kind (text, date, list, json, status)
NL_FIELDS: list[tuple[str, str, str]] = [
    ("source_id", "source_id", "text"),
    ("name", "name", "text"),
    ("short_description", "description_short", "text"),
    ("organisation", "organization", "text"),
    ("theme", "category", "text"),
    ("status", "status", "status"),
    ("begin_date", "begin_date", "date"),
    ("end_date", "end_date", "date"),
    ("contact", "contact_email", "text"),
    ("website", "website", "text"),
    ("source_url", "url", "text"),
    ("goal", "goal", "text"),
    ("proportionality", "proportionality", "text"),
    ("human_oversight", "human_intervention", "text"),
    ("risks", "risks", "text"),
    ("lawful_basis", "lawful_basis", "text"),
    ("impact_assessments", "impacttoetsen", "json"),
    ("data_sources", "source_data", "text"),
    ("models_text", "methods_and_models", "text"),
    ("supplier", "provider", "text"),
    ("source_code_url", "publiccode", "text"),
    ("language", "lang", "text"),
    ("standard_version", "standard_version", "text"),
    ("tags", "tags", "list"),
]
# UK Algorithmic Transparency Recording Standard: tier 1, then tier 2 by section.
UK_FIELDS: list[tuple[str, str, str]] = [
    ("source_id", "identifier", "text"),
    ("name", "name", "text"),
    ("short_description", "description", "text"),
    ("website", "website", "text"),
    ("contact", "contact_email", "text"),
    ("organisation", "organisation", "text"),
    ("unit", "team", "text"),
    ("responsible_role", "senior_responsible_owner", "text"),
    ("supplier", "external_supplier", "text"),
    ("status", "phase", "status"),
    ("description", "detailed_description", "text"),
    ("goal", "scope", "text"),
    ("benefits", "benefits", "text"),
    ("proportionality", "alternatives_considered", "text"),
    ("capability", "process_integration", "text"),
    ("human_oversight", "human_decisions_and_review", "text"),
    ("appeal", "appeals_and_review", "text"),
    ("models_text", "system_architecture", "text"),
    ("evaluation", "model_performance", "text"),
    ("data_sources", "data_description", "text"),
    ("impact_assessments", "impact_assessments", "json"),
    ("risks", "risks_and_mitigations", "text"),
    ("tags", "tags", "list"),
]
STANDARDS = {"nl": NL_FIELDS, "uk": UK_FIELDS}
STATUS_NAMES = {
    "nl": {
        Status.IDEA: "Idee",
        Status.DEVELOPMENT: "In ontwikkeling",
        Status.PILOT: "Pilot",
        Status.IN_USE: "In gebruik",
        Status.RETIRED: "Buiten gebruik",
    },
    "uk": {
        Status.IDEA: "Idea",
        Status.DEVELOPMENT: "Development",
        Status.PILOT: "Pilot",
        Status.IN_USE: "Production",
        Status.RETIRED: "Retired",
    },
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def own_records(queryset):
    """The city's own records: its system cards and what organisers entered here."""
    return queryset.filter(source__in=[Source.MUNICH, Source.MANUAL], withdrawn_at__isnull=True)


def _out(record, field: str, kind: str, standard: str):
    value = getattr(record, field)
    if kind == "date":
        return value.isoformat() if value else ""
    if kind == "status":
        return STATUS_NAMES[standard].get(value, "")
    return value if value is not None else ""


def export_rows(records: Iterable, standard: str) -> Iterator[dict]:
    fields = STANDARDS[standard]
    for record in records:
        yield {name: _out(record, field, kind, standard) for field, name, kind in fields}


def values_from_row(row: dict, standard: str) -> dict:
    """Register values from one exported row (JSON object, or CSV row with text cells)."""
    names = {name: status for status, name in STATUS_NAMES[standard].items()}
    values = {}
    for field, name, kind in STANDARDS[standard]:
        raw = row.get(name)
        if raw is None:
            raw = [] if kind in ("list", "json") else ""
        if kind == "date":
            values[field] = date.fromisoformat(raw) if raw else None
        elif kind == "status":
            if raw and raw not in names:
                raise ValueError(f"{name}: unbekannter Wert {raw!r}")
            values[field] = str(names.get(raw, ""))
        elif kind == "list" and isinstance(raw, str):
            values[field] = [part.strip() for part in raw.split(";") if part.strip()]
        elif kind == "json" and isinstance(raw, str):
            values[field] = json.loads(raw) if raw else []
        else:
            values[field] = raw
    return values


def to_json(records: Iterable, standard: str) -> str:
    return json.dumps(list(export_rows(records, standard)), ensure_ascii=False, indent=2)


def _cell(value) -> str:
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            value = "; ".join(value)
        else:
            value = json.dumps(value, ensure_ascii=False)
    value = str(value)
    # A cell that starts like a formula is run by spreadsheet programs; quote it.
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(records: Iterable, standard: str) -> str:
    out = io.StringIO()
    names = [name for _field, name, _kind in STANDARDS[standard]]
    writer = csv.DictWriter(out, fieldnames=names)
    writer.writeheader()
    for row in export_rows(records, standard):
        writer.writerow({name: _cell(value) for name, value in row.items()})
    return out.getvalue()


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def read_export(path: Path, standard: str):
    """Stream the records of a JSON or CSV export (as written above) for ``sync``."""
    from hearing.register.domain.sync import Malformed

    path = Path(path)
    if path.suffix == ".csv":
        handle = open(path, encoding="utf-8", newline="")  # noqa: SIM115
        rows = ({k: _uncell(v or "") for k, v in row.items()} for row in csv.DictReader(handle))
    else:
        handle = open(path, "rb")  # noqa: SIM115
        rows = ijson.items(handle, "item")
    with handle:
        for position, row in enumerate(rows, start=1):
            try:
                if not isinstance(row, dict) or not row.get("name"):
                    raise ValueError("name fehlt")
                values = values_from_row(row, standard)
                if not values["source_id"]:
                    raise ValueError("Kennung fehlt")
            except (ValueError, TypeError) as exc:
                yield Malformed(f"#{position}", str(exc))
                continue
            yield values


def import_export(path: Path, standard: str, *, source: str = Source.MANUAL, actor=None):
    """Import a JSON or CSV file written by this module (Dutch or UK names) into the register.

    Records missing from the file are kept: an export is a selection, not the whole source.
    """
    return sync(source, read_export(path, standard), actor=actor, withdraw_missing=False)
