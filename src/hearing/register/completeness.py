"""Which fields the standards make mandatory, and how complete a record is.

The list merges the mandatory fields of the Dutch algorithm register standard (v1.0.0), tier 1 and
the core of tier 2 of the UK Algorithmic Transparency Recording Standard, and what the EU AI Act
needs a public deployer to state. The score is the share of these that a record fills; an
organiser sees the missing ones by name.
"""

from django.utils.translation import gettext_lazy as _

from hearing.register.ethics import QUESTION_KEYS

# field, label, standards that require it
REQUIRED: list[tuple[str, object, str]] = [
    ("name", _("Name"), "NL, UK"),
    ("short_description", _("Kurzbeschreibung"), "NL, UK"),
    ("organisation", _("Organisation"), "NL, UK"),
    ("contact", _("Kontakt"), "NL, UK"),
    ("status", _("Status"), "NL"),
    ("theme", _("Thema"), "NL"),
    ("goal", _("Ziel und Wirkung"), "NL, UK"),
    ("human_oversight", _("menschliche Aufsicht"), "NL, UK"),
    ("risks", _("Risiken"), "NL, UK"),
    ("lawful_basis", _("Rechtsgrundlage"), "NL, UK"),
    ("data_sources", _("Datenquellen"), "NL, UK"),
    ("impact_assessment", _("Folgenabschätzung durchgeführt?"), "NL, UK"),
    ("ai_act_risk_class", _("Risikoklasse nach EU AI Act"), "EU AI Act"),
    ("ai_act_justification", _("Begründung der Risikoklasse"), "EU AI Act"),
    ("ethics", _("Bewertung nach dem Datenethikkodex"), "Datenethikkodex"),
]


def _filled(record, field: str) -> bool:
    if field == "ethics":
        answers = record.ethics or {}
        return all(str(answers.get(key) or "").strip() for key in QUESTION_KEYS)
    value = getattr(record, field)
    return bool(str(value).strip()) if value is not None else False


def missing_fields(record) -> list[tuple[str, object, str]]:
    return [entry for entry in REQUIRED if not _filled(record, entry[0])]


def completeness(record) -> int:
    """Percent (0-100) of the mandatory fields the record fills."""
    filled = len(REQUIRED) - len(missing_fields(record))
    return round(100 * filled / len(REQUIRED))
