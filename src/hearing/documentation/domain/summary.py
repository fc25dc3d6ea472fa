"""Short summaries per agenda item.

Extractive by default (no model needed): the sentences whose content words occur most often in
the item's transcript, in their original order. If ``HEARING_SUMMARY_URL`` names an
OpenAI-compatible endpoint, an abstractive summary may be added; both are labelled as
machine-generated where people read them.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from collections import Counter

from django.conf import settings

from hearing.core.stemming import stem, words

logger = logging.getLogger(__name__)

STOPWORDS = frozenset(
    """aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes auch auf aus bei bin bis bist da damit dann das dass dein dem den der des dessen
    dich die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen
    einer eines er es etwas euch euer eure für hab habe haben hat hatte hier hin ich ihr im
    in ist ja jede jedem jeden jeder jedes jetzt kann kein keine können man mein mich mir
    mit muss nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so
    solche soll sondern sonst um und uns unser unter viel vom von vor war waren was weil
    welche wenn werde werden wie wir wird wo zu zum zur zwar zwischen über""".split()  # noqa: SIM905
)
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def extractive(texts: list[str], *, sentences: int = 3) -> list[str]:
    """Up to ``sentences`` representative sentences of ``texts``, in order of appearance."""
    found = [s.strip() for text in texts for s in SENTENCE.split(text) if len(s.split()) >= 4]
    if len(found) <= sentences:
        return found
    counts = Counter(
        stem(w) for s in found for w in words(s) if w.lower() not in STOPWORDS and len(w) > 2
    )

    def score(sentence: str) -> float:
        content = [stem(w) for w in words(sentence) if w.lower() not in STOPWORDS and len(w) > 2]
        return sum(counts[c] for c in set(content)) / (len(content) + 3) if content else 0.0

    best = sorted(range(len(found)), key=lambda i: (-score(found[i]), i))[:sentences]
    return [found[i] for i in sorted(best)]


def abstractive(text: str, *, title: str) -> str | None:
    """A summary from the configured endpoint, or None (not configured, or it failed)."""
    if not settings.SUMMARY_URL or not text.strip():
        return None
    body = {
        "model": settings.SUMMARY_MODEL or "default",
        "messages": [
            {
                "role": "system",
                "content": "Fasse den Abschnitt eines Stadtratshearings sachlich in höchstens "
                "drei Sätzen auf Deutsch zusammen. Erfinde nichts.",
            },
            {"role": "user", "content": f"{title}\n\n{text[:12000]}"},
        ],
        "temperature": 0.2,
    }
    request = urllib.request.Request(  # noqa: S310 the operator's configured URL
        f"{settings.SUMMARY_URL}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 configured URL
            data = json.load(response)
        return data["choices"][0]["message"]["content"].strip() or None
    except Exception:  # a summary is optional: the protocol is complete without it
        logger.warning(
            "Zusammenfassung über %s fehlgeschlagen", settings.SUMMARY_URL, exc_info=True
        )
        return None
