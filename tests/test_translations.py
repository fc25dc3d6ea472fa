"""Every German text has its English translation; the compiled catalogues are up to date."""

from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "hearing"
CATALOGUES = sorted(SRC.glob("*/locale/en/LC_MESSAGES/django.po"))


def entries(path: Path):
    """(msgid, msgstr values, flags) from a .po file, without a gettext library."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for block in blocks[1:]:
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        field, values = None, {}
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                values[field] += line[1:-1]
            else:
                field, _, rest = line.partition(" ")
                values[field] = rest[1:-1]
        if "msgid" in values:
            translations = [v for k, v in values.items() if k.startswith("msgstr")]
            yield values["msgid"], translations, flags


def test_there_are_catalogues():
    assert {p.parts[-5] for p in CATALOGUES} >= {"core", "council", "hearings", "participants"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_text_is_translated(path):
    untranslated = [
        msgid
        for msgid, translations, flags in entries(path)
        if not all(translations) or "fuzzy" in flags
    ]
    assert untranslated == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_exists(path):
    compiled = path.with_suffix(".mo")
    assert compiled.exists()
    assert compiled.stat().st_size > 0
