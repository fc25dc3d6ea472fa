"""The official OParl 1.1 schemas shipped in ``data/``, and a validator that resolves them locally."""

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "oparl-1.1.1" / "schema"
BASE = "https://schema.oparl.org/1.1/"
TYPES = (
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
)
MANDATORY_MARK = "**ZWINGEND**"
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def schemas() -> dict[str, dict]:
    import json

    return {name: json.loads((SCHEMA_DIR / f"{name}.json").read_text("utf-8")) for name in TYPES}


def type_url(name: str) -> str:
    return BASE + name


def required(name: str) -> tuple[str, ...]:
    return tuple(schemas()[name].get("required", ()))


@cache
def mandatory_by_text() -> dict[str, tuple[str, ...]]:
    """Properties the specification's text marks **ZWINGEND** although the schema does not require them."""
    strings = yaml.safe_load((SCHEMA_DIR / "strings.yml").read_text("utf-8"))["de"]
    found: dict[str, list[str]] = {}
    for key, text in strings.items():
        parts = key.split(".")
        if len(parts) == 4 and parts[1] == "properties" and MANDATORY_MARK in str(text):
            found.setdefault(parts[0], []).append(parts[2])
    return {name: tuple(props) for name, props in found.items()}


def _is_url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _is_date_time(value) -> bool:
    return not isinstance(value, str) or bool(_DATE_TIME.match(value))


def _is_date(value) -> bool:
    return not isinstance(value, str) or bool(_DATE.match(value))


@cache
def validators() -> dict[str, object]:
    """One draft-7 validator per object type; every ``$ref`` resolves to the files in ``data/``."""
    from jsonschema import Draft7Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT7

    resources = []
    for name, schema in schemas().items():
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        # The schemas refer to each other as "File.json" relative to their "$id" (".../1.1/File").
        resources += [(type_url(name), resource), (type_url(name) + ".json", resource)]
    registry = Registry().with_resources(resources)

    checker = FormatChecker(formats=())
    checker.checks("url")(_is_url)
    checker.checks("date-time")(_is_date_time)
    checker.checks("date")(_is_date)
    return {
        name: Draft7Validator(schema, registry=registry, format_checker=checker)
        for name, schema in schemas().items()
    }


def problems(obj: dict) -> list[str]:
    """What is wrong with one OParl object (with its embedded objects); empty when it is valid."""
    url = obj.get("type", "") if isinstance(obj, dict) else ""
    name = url.removeprefix(BASE)
    if not url.startswith(BASE) or name not in TYPES:
        return [f"unknown type {url!r}"]
    found = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<object>'}: {error.message}"
        for error in validators()[name].iter_errors(obj)
    ]
    if not obj.get("deleted"):
        found += [
            f"{prop}: mandatory by the specification's text, missing"
            for prop in mandatory_by_text().get(name, ())
            if prop not in obj
        ]
    return found
