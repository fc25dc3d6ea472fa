"""Write a stream of source records into the register: create, update, keep, withdraw.

Importers turn a source file into a stream of ``dict`` values (one per record, with
``source_id``) or :class:`Malformed` entries. :func:`sync` consumes the stream in batches, so the
memory it needs does not grow with the size of the export, and keys every record by
``(source, source_id)``, so running it again with the same or a newer export updates instead of
duplicating.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from hearing.core.audit import log_action
from hearing.register.models import Record

BATCH = 500
# An import that would withdraw more than this share of a source's records stops and asks for
# --allow-withdraw: a wrong or truncated file must not empty the register.
WITHDRAW_SHARE = 0.1


@dataclass
class Malformed:
    """A record the importer could not read; ``where`` names it (id or position)."""

    where: str
    reason: str
    source_id: str = ""


class ImportFailed(Exception):
    """The file as a whole cannot be read (not JSON, wrong structure); nothing was changed."""


@dataclass
class Skipped:
    """A file or entry that is not a record by the source's rule (e.g. an overview page)."""

    where: str
    reason: str


@dataclass
class ImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "withdrawn": self.withdrawn,
            "malformed": len(self.errors),
        }

    def summary(self) -> str:
        return (
            f"{self.source}: {self.created} neu, {self.updated} geändert, "
            f"{self.unchanged} unverändert, {self.withdrawn} zurückgezogen, "
            f"{len(self.errors)} fehlerhaft"
        )


def _flush(source: str, batch: list[dict], report: ImportReport, now) -> None:
    existing = {
        record.source_id: record
        for record in Record.objects.filter(
            source=source, source_id__in=[values["source_id"] for values in batch]
        )
    }
    to_create, to_update, fields = [], [], {"withdrawn_at", "modified", "derived"}
    for values in batch:
        record = existing.get(values["source_id"])
        if record is None:
            record = Record(source=source, **values)
            record.derive()
            to_create.append(record)
            continue
        changed = [name for name, value in values.items() if getattr(record, name) != value]
        if not changed and record.withdrawn_at is None:
            report.unchanged += 1
            continue
        for name in changed:
            setattr(record, name, values[name])
            fields.add(name)
        record.withdrawn_at = None
        record.modified = now
        record.derive()
        to_update.append(record)
    if to_create:
        Record.objects.bulk_create(to_create, batch_size=BATCH)
        report.created += len(to_create)
    if to_update:
        fields |= {"completeness", "search_text", "content_hash", "tag_text"}
        Record.objects.bulk_update(to_update, sorted(fields), batch_size=BATCH)
        report.updated += len(to_update)


def _too_long(values: dict) -> str:
    """The first text field over the Record field's limit, as a reason; "" if none is."""
    for name, value in values.items():
        if isinstance(value, str):
            limit = LIMITS.get(name)
            if limit is not None and len(value) > limit:
                return f"{name}: {len(value)} Zeichen, erlaubt sind höchstens {limit}"
    return ""


LIMITS = {
    f.name: f.max_length
    for f in Record._meta.get_fields()
    if getattr(f, "max_length", None) and not f.is_relation
}


def sync(
    source: str,
    entries: Iterable[dict | Malformed | Skipped],
    *,
    actor=None,
    withdraw_missing: bool = True,
    allow_withdraw: bool = False,
    expected: str = "",
) -> ImportReport:
    """Import ``entries`` of ``source``; returns the counts and the malformed records with reasons.

    Records of the source that the stream no longer contains are marked as withdrawn (not
    deleted: links to them keep working), unless ``withdraw_missing`` is False. A record with a
    text over its field's limit is reported as malformed (record and field named), never cut.

    Raises ImportFailed, and the transaction rolls back so nothing changes, when the stream
    breaks off, when it holds no record at all (a file of another structure: ``expected`` says
    what was expected), or when more than WITHDRAW_SHARE of the source's records would be
    withdrawn and ``allow_withdraw`` is False (the message gives the count).
    """
    report = ImportReport(source=source)
    seen: set[str] = set()
    now = timezone.now()
    with transaction.atomic():
        active = Record.objects.filter(source=source, withdrawn_at__isnull=True).count()
        batch: list[dict] = []
        for entry in entries:
            if isinstance(entry, Skipped):
                report.skipped.append((entry.where, entry.reason))
                continue
            if isinstance(entry, Malformed):
                report.errors.append((entry.where, entry.reason))
                if entry.source_id:
                    seen.add(entry.source_id)  # a record we cannot read is not a withdrawn one
                continue
            if entry["source_id"] in seen:
                report.errors.append((entry["source_id"], "Kennung kommt doppelt vor"))
                continue
            seen.add(entry["source_id"])
            if reason := _too_long(entry):
                report.errors.append((entry["source_id"], reason))
                continue
            entry.setdefault("derived", [])
            batch.append(entry)
            if len(batch) >= BATCH:
                _flush(source, batch, report, now)
                batch = []
        if batch:
            _flush(source, batch, report, now)
        if not seen and not report.skipped:
            raise ImportFailed(
                "Die Datei enthält keinen einzigen Datensatz"
                + (f"; erwartet wird {expected}" if expected else "")
                + ". Nichts wurde geändert."
            )
        if withdraw_missing:
            gone = [
                pk
                for pk, source_id in Record.objects.filter(
                    source=source, withdrawn_at__isnull=True
                ).values_list("pk", "source_id")
                if source_id not in seen
            ]
            if gone and len(gone) > WITHDRAW_SHARE * active and not allow_withdraw:
                raise ImportFailed(
                    f"Der Import würde {len(gone)} von {active} Datensätzen der Quelle "
                    f"„{source}“ zurückziehen (mehr als {WITHDRAW_SHARE:.0%}). Nichts wurde "
                    "geändert. Ist die Datei vollständig? Wenn ja: noch einmal mit "
                    "--allow-withdraw."
                )
            for start in range(0, len(gone), BATCH):
                Record.objects.filter(pk__in=gone[start : start + BATCH]).update(
                    withdrawn_at=now, modified=now
                )
            report.withdrawn = len(gone)
        if report.created or report.updated or report.withdrawn or report.errors:
            # A re-import that changes nothing leaves no trace (the demo loads twice unchanged).
            log_action(
                "register.import.finished",
                actor,
                None,
                {"source": source, **report.counts(), "errors": report.errors[:50]},
            )
    return report
