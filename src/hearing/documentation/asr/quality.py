"""Which recognised segments to distrust (issue 14, Deliver 5).

Whisper invents fluent German for sound that is speech-like but not speech (babble, reversed
speech, music with voices), often repeating itself, and its word probabilities stay around
0.6-0.7 there. A segment is flagged uncertain for any of these reasons (codes, in this order):

- ``repetition``: its text repeats itself (a run of one to four words three times in a row), or
  it says again what one of the two segments before it said (all of its words, four or more, in
  a row there);
- ``compression``: its text compresses better than gzip ratio COMPRESSION_MAX (Whisper's own
  ``compression_ratio_threshold``, 2.4: a sign of loops);
- ``no_speech``: the model's no-speech probability is over NO_SPEECH_MAX (Whisper's
  ``no_speech_threshold``, 0.6);
- ``low_logprob``: the mean log probability of its tokens is under LOGPROB_MIN (Whisper's
  ``logprob_threshold``, -1.0);
- ``low_confidence``: the mean probability of its words is under CONFIDENCE_MIN (0.5).

Thresholds from openai/whisper's ``transcribe()`` defaults; on this project's samples real read
speech scores a mean log probability of -0.37 and word probabilities of 0.77-0.97, reversed speech
-1.22 and 0.23-0.52; babble of three reversed voices came out as "Ich glaube, das ist ein sehr
guter Schmerz." and twice "Das ist ein sehr guter Schmerz.", the repetitions with word
probabilities of 0.6-0.7 (tests/documentation/test_asr.py).
"""

from __future__ import annotations

import re

COMPRESSION_MAX = 2.4
NO_SPEECH_MAX = 0.6
LOGPROB_MIN = -1.0
CONFIDENCE_MIN = 0.5
REASONS = ("repetition", "compression", "no_speech", "low_logprob", "low_confidence")

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def repeats_itself(text: str) -> bool:
    """True when a run of one to four words comes three times in a row ("ja ja ja",
    "Das ist gut. Das ist gut. Das ist gut.")."""
    words = _words(text)
    for size in range(1, 5):
        for start in range(len(words) - 3 * size + 1):
            run = words[start : start + size]
            if (
                run
                == words[start + size : start + 2 * size]
                == words[start + 2 * size : start + 3 * size]
            ):
                return True
    return False


def _within(words: list[str], other: list[str]) -> bool:
    size = len(words)
    return any(other[i : i + size] == words for i in range(len(other) - size + 1))


def reasons(
    text: str,
    *,
    before: list[str] = (),
    compression_ratio: float | None = None,
    no_speech_prob: float | None = None,
    avg_logprob: float | None = None,
    confidence: float | None = None,
) -> list[str]:
    """Why a segment with ``text`` is uncertain (codes from REASONS, in that order; ``[]`` when
    nothing says so). ``before``: the texts of the segments just before it (the last two count).
    A measure that is None is not judged."""
    found = []
    words = _words(text)
    earlier = [_words(t) for t in list(before)[-2:]]
    if repeats_itself(text) or (len(words) >= 4 and any(_within(words, e) for e in earlier)):
        found.append("repetition")
    if compression_ratio is not None and compression_ratio > COMPRESSION_MAX:
        found.append("compression")
    if no_speech_prob is not None and no_speech_prob > NO_SPEECH_MAX:
        found.append("no_speech")
    if avg_logprob is not None and avg_logprob < LOGPROB_MIN:
        found.append("low_logprob")
    if confidence is not None and confidence < CONFIDENCE_MIN:
        found.append("low_confidence")
    return found
