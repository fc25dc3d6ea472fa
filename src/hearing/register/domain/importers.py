"""Readers for the three sources: Munich's system cards, the Dutch register export, UK ATRS records.

Each reader yields the register's field values per record (or :class:`Malformed`) for
:func:`hearing.register.domain.sync.sync`. The JSON exports are parsed as a stream (ijson), one
record at a time. Where a source does not say something, the field stays empty.
"""

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import ijson
import yaml

from hearing.core import pagecache
from hearing.core.text import clean
from hearing.register.domain.classify import classify
from hearing.register.domain.sync import ImportFailed, Malformed, Skipped, sync
from hearing.register.enums import Country, Source, Status, Technique, Ternary, Theme

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_PATHS = {
    Source.MUNICH: DATA / "munich-ki-systeme",
    Source.NL: DATA / "nl-algoritmeregister" / "algoritmes-2026-06-16.json",
    Source.UK: DATA / "uk-atrs" / "atrs_records.json",
}
SHORT = 350
MUNICH = "Landeshauptstadt München"


def shorten(text: str, limit: int = SHORT) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _date(value, what: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{what}: kein Datum ({value!r})") from None


def _url(value) -> str:
    value = str(value or "").strip()
    return value if value.startswith(("https://", "http://")) and len(value) <= 500 else ""


def _text(raw: dict, key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key}: kein Text")
    return clean(value).strip()


def _with_classification(values: dict, *texts) -> dict:
    theme, technique = classify(*texts)
    derived = []
    if not values.get("theme") and theme:
        values["theme"] = theme
        derived.append("theme")
    if not values.get("technique") and technique:
        values["technique"] = technique
        derived.append("technique")
    values["derived"] = derived
    return values


BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def open_utf8(path: Path):
    """The file for reading as bytes, past a UTF-8 byte-order mark if there is one.

    Raises ImportFailed for UTF-16 or UTF-32 (named as such): the exports are UTF-8 (RFC 8259, 8.1).
    """
    handle = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    head = handle.read(4)
    for bom, name in BOMS.items():
        if head.startswith(bom):
            handle.close()
            raise ImportFailed(
                f"{path.name}: die Datei ist {name}-kodiert; gelesen wird UTF-8 "
                "(bitte als UTF-8 speichern). Nichts wurde geändert."
            )
    handle.seek(3 if head.startswith(b"\xef\xbb\xbf") else 0)
    return handle


def _json_items(path: Path, prefix: str) -> Iterator:
    try:
        with open_utf8(path) as handle:
            yield from ijson.items(handle, prefix)
    except ijson.JSONError as exc:
        raise ImportFailed(f"{path.name}: kein gültiges JSON ({exc})") from exc


# --- The Netherlands: algoritmes.overheid.nl export ----------------------------------------------

NL_STATUS = {
    "in_gebruik": Status.IN_USE,
    "ontwikkeling": Status.DEVELOPMENT,
    "buiten_gebruik": Status.RETIRED,
    "": "",
}
NL_IMPACT = {"Ja": Ternary.YES, "Nee": Ternary.NO, "Onbekend": "", "": ""}


def is_nl_municipality(organisation: str) -> bool:
    """Rule: a Dutch organisation is a municipality if its name starts with "Gemeente "."""
    return organisation.startswith("Gemeente ")


def nl_values(raw) -> dict:
    """The register's values for one record of the Dutch export; ValueError says what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("kein JSON-Objekt")
    source_id = str(raw.get("id") or "").strip()
    if not source_id:
        raise ValueError("id fehlt")
    name = _text(raw, "title")
    if not name:
        raise ValueError("title fehlt")
    organisation = _text(raw, "organisatie")
    if not organisation:
        raise ValueError("organisatie fehlt")
    status = _text(raw, "status")
    if status not in NL_STATUS:
        raise ValueError(f"unbekannter status {status!r}")
    impact = _text(raw, "impactassessment")
    if impact not in NL_IMPACT:
        raise ValueError(f"unbekanntes impactassessment {impact!r}")
    goal = _text(raw, "doel")
    values = {
        "source_id": source_id,
        "name": name,
        "short_description": shorten(goal),
        "goal": goal,
        "lawful_basis": _text(raw, "juridische_basis"),
        "organisation": organisation,
        "country": Country.NL,
        "is_municipality": is_nl_municipality(organisation),
        "language": "nl",
        "status": str(NL_STATUS[status]),
        "impact_assessment": str(NL_IMPACT[impact]),
        "published_on": _date(raw.get("geregistreerd"), "geregistreerd"),
        "updated_on": _date(raw.get("toegevoegd"), "toegevoegd"),
        "source_url": _url(raw.get("url")),
    }
    return _with_classification(values, name, goal)


def read_nl(path: Path) -> Iterator[dict | Malformed]:
    """The records under the top-level key ``algoritmes`` (a list of objects)."""
    for position, raw in enumerate(_json_items(path, "algoritmes.item"), start=1):
        try:
            yield nl_values(raw)
        except ValueError as exc:
            source_id = str(raw.get("id") or "") if isinstance(raw, dict) else ""
            yield Malformed(source_id or f"#{position}", str(exc), source_id)


# --- United Kingdom: Algorithmic Transparency Recording Standard ---------------------------------

UK_COUNCIL = re.compile(r"(\bCouncil$|^London Borough of )")


def is_uk_council(organisation: str) -> bool:
    """Rule: a UK body is a local council if its name ends in "Council" or starts with
    "London Borough of" (Leeds City Council, Dorset Council, London Borough of Sutton, ...)."""
    return bool(UK_COUNCIL.search(organisation))


def uk_values(raw) -> dict:
    if not isinstance(raw, dict):
        raise ValueError("kein JSON-Objekt")
    url = _url(raw.get("url"))
    if not url:
        raise ValueError("url fehlt")
    source_id = url.rstrip("/").rsplit("/", 1)[-1]
    title = _text(raw, "title")
    name = _text(raw, "tool_name") or title
    if not name:
        raise ValueError("tool_name fehlt")
    organisation = _text(raw, "publishing_body")
    if not organisation and " - " in title:
        # A few records lack the publishing body but name it before the tool ("DSIT - Redbox").
        organisation = title.split(" - ", 1)[0].strip()
    description = _text(raw, "description")
    values = {
        "source_id": source_id,
        "name": name,
        "short_description": shorten(description),
        "description": description,
        "organisation": organisation,
        "country": Country.GB,
        "is_municipality": is_uk_council(organisation),
        "language": "en",
        "published_on": _date(raw.get("published"), "published"),
        "source_url": url,
    }
    return _with_classification(values, name, description)


def read_uk(path: Path) -> Iterator[dict | Malformed]:
    """The records under the top-level key ``records`` (a list of objects)."""
    for position, raw in enumerate(_json_items(path, "records.item"), start=1):
        try:
            yield uk_values(raw)
        except ValueError as exc:
            yield Malformed(f"#{position}", str(exc))


# --- Munich: the published system cards ---------------------------------------------------------

# Section heading (level 2) -> field. Sections not listed are not part of the standard's fields.
MUNICH_SECTIONS = {
    "einführung und kontext": "description",
    "datengrundlage": "data_sources",
    "funktionsweise": "capability",
    "funktionen": "capability",
    "funktionsumfang": "capability",
    "ki-modelle": "models_text",
    "verwendete ki-modelle": "models_text",
    "evaluation": "evaluation",
    "evaluierung": "evaluation",
    "risiken und limitierungen": "risks",
    "rechtliche hinweise": "lawful_basis",
}
MUNICH_THEMES = [
    ("Bürgerservice", Theme.CITIZEN_SERVICES),
    ("Verkehr", Theme.MOBILITY),
    ("Bibliothek", Theme.EDUCATION),
    ("RIS", Theme.DEMOCRACY),
    ("intern", Theme.ADMINISTRATION),
]
MUNICH_GENERATIVE = {"LLM", "GenAI", "RAG"}
MUNICH_ML = {"Machine Learning", "Embeddings", "Empfehlungssystem"}


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        return {}, text
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        return {}, text
    data = yaml.safe_load(head)
    return (data if isinstance(data, dict) else {}), body


def clean_markdown(text: str) -> str:
    """Plain text from a card's Markdown: no images, no Vue components, links as "text (url)"."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("![") or stripped.startswith("<") or stripped == "---":
            continue
        if "<v-icon>" in stripped:
            continue
        line = re.sub(r"\[([^\]]+)\]\((https?://[^)]+)\)", r"\1 (\2)", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        line = line.replace("\\*", "*").replace("**", "")
        line = re.sub(r"^#{3,6}\s+", "", line)
        lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def munich_sections(body: str) -> dict[str, str]:
    values: dict[str, list[str]] = {}
    current = None
    for line in body.splitlines():
        if line.startswith("## "):
            current = MUNICH_SECTIONS.get(line[3:].strip().casefold())
            continue
        if line.startswith("# "):
            current = None
            continue
        if current:
            values.setdefault(current, []).append(line)
    return {name: clean_markdown("\n".join(lines)) for name, lines in values.items()}


def is_system_card(front_matter: dict) -> bool:
    """Rule: a Markdown file is a system card if its front matter names a ``system_type``
    (``index.md`` and ``ki-team.md`` have none: they are an overview and a team page)."""
    return bool(front_matter.get("system_type"))


def munich_values(path: Path) -> dict | None:
    front, body = split_front_matter(clean(path.read_text(encoding="utf-8-sig")))
    if not is_system_card(front):
        return None
    name = str(front.get("title") or "").strip()
    if not name:
        raise ValueError("title fehlt")
    tags = [str(tag) for tag in front.get("tags") or []]
    values = {
        "source_id": path.stem,
        "name": name,
        "short_description": shorten(str(front.get("description") or "")),
        "tags": tags,
        "organisation": MUNICH,
        "country": Country.DE,
        "is_municipality": True,
        "language": "de",
        "website": _url(front.get("linkapplication") or front.get("external_link")),
        "source_code_url": _url(front.get("code")),
        "licence": str(front.get("license") or ""),
        # The overview lists systems the city uses; a card tagged "in Arbeit" is still being built.
        "status": str(Status.DEVELOPMENT if "in Arbeit" in tags else Status.IN_USE),
        "theme": next((str(theme) for tag, theme in MUNICH_THEMES if tag in tags), ""),
        "technique": str(
            Technique.GENERATIVE
            if MUNICH_GENERATIVE & set(tags)
            else Technique.MACHINE_LEARNING
            if MUNICH_ML & set(tags)
            else ""
        ),
        "description": "",
        "data_sources": "",
        "capability": "",
        "models_text": "",
        "evaluation": "",
        "risks": "",
        "lawful_basis": "",
    }
    values.update(munich_sections(body))
    values["derived"] = [name for name in ("status", "theme", "technique") if values[name]]
    return values


def read_munich(folder: Path) -> Iterator[dict | Malformed | Skipped]:
    for path in sorted(folder.glob("*.md")):
        try:
            values = munich_values(path)
        except (ValueError, yaml.YAMLError, UnicodeDecodeError) as exc:
            yield Malformed(path.name, str(exc), path.stem)
            continue
        if values is None:
            yield Skipped(path.name, "keine System Card (kein system_type)")
        else:
            yield values


READERS = {Source.MUNICH: read_munich, Source.NL: read_nl, Source.UK: read_uk}


EXPECTED = {
    Source.NL: "ein JSON-Objekt mit der Liste „algoritmes“ (Export von algoritmes.overheid.nl)",
    Source.UK: "ein JSON-Objekt mit der Liste „records“ (Export des ATRS)",
    Source.MUNICH: "ein Ordner mit Systemkarten (Markdown mit Front Matter)",
}


def import_source(
    source: str, path: Path | None = None, *, actor=None, allow_withdraw: bool = False
):
    """Import one source from ``path`` (default: the copy shipped in ``register/data``).

    Raises ImportFailed, with nothing changed, when the file is missing, unreadable, of another
    structure or without a single record, or when it would withdraw more than a tenth of the
    source's records and ``allow_withdraw`` is not set (see :func:`sync`).
    """
    path = Path(path) if path else DEFAULT_PATHS[source]
    if not path.exists():
        raise ImportFailed(f"{path} gibt es nicht")
    report = sync(
        source,
        READERS[source](path),
        actor=actor,
        allow_withdraw=allow_withdraw,
        expected=EXPECTED[source],
    )
    pagecache.bump_after_commit(pagecache.SITE)  # the register's pages and the comparison
    return report
