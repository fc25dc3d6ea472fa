"""Word error rate: (substitutions + deletions + insertions) / reference words, after normalising
case, punctuation and hyphens (``Schoko-Bonbons`` is two words either way)."""

import re

TOKEN = re.compile(r"[\w']+", re.UNICODE)


def normalise(text: str) -> list[str]:
    return TOKEN.findall(text.lower().replace("-", " "))


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(errors, reference words) so that several samples can be pooled."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    return edit_distance(ref, hyp), len(ref)


def wer(reference: str, hypothesis: str) -> float:
    errors, words = word_errors(reference, hypothesis)
    return errors / words if words else float(bool(normalise(hypothesis)))
