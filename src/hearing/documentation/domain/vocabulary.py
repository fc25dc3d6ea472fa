"""The hearing's own words, as a hint for speech recognition (issue 14, Deliver 5).

Names and terms a general model rarely hears: the speakers' names, the city's AI systems in the
register ("MUCGPT", "RIS-KI"), the agenda's titles and the papers' names. faster-whisper puts
them before every 30-s piece (its ``hotwords``); the model keeps at most 223 tokens of them
(``max_length // 2 - 1``), so the list is cut at MAX_CHARS characters, most particular first:
names, then systems, then titles and papers. Used only with HEARING_WHISPER_HOTWORDS=1: on speech
that does not say these words it made recognition worse (bench/asr.py, docs/performance.md).
"""

from __future__ import annotations

from hearing.hearings.models import Hearing

# About 220 Whisper tokens of German names and terms (3-4 characters a token).
MAX_CHARS = 600


def _unique(values) -> list[str]:
    seen, result = set(), []
    for value in values:
        value = " ".join(str(value or "").split())
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


def terms(hearing: Hearing) -> list[str]:
    """The hearing's names and terms, most particular first, each once (case-insensitive)."""
    from hearing.register.enums import Source
    from hearing.register.models import Record

    items = hearing.items.filter(deleted=False).order_by("position")
    names = [p.name for item in items.prefetch_related("speakers") for p in item.speakers.all()]
    systems = Record.objects.filter(
        source__in=[Source.MUNICH, Source.MANUAL], withdrawn_at__isnull=True
    ).values_list("name", flat=True)
    titles = items.values_list("title", flat=True)
    papers = hearing.papers.values_list("name", flat=True)
    return _unique([*names, *systems.order_by("name"), *titles, *papers.order_by("name")])


def hotwords(hearing: Hearing) -> str:
    """:func:`terms` joined with ", ", whole terms only, at most MAX_CHARS characters."""
    chosen, length = [], 0
    for term in terms(hearing):
        if length + len(term) + 2 > MAX_CHARS:
            break
        chosen.append(term)
        length += len(term) + 2
    return ", ".join(chosen)
