"""Subtitles for a recording as WebVTT and SRT, from its (possibly corrected) segments.

Cues are labelled as machine-generated in the WebVTT header (a NOTE), since viewers read them.
Every cue holds at most two lines of about ``LINE`` characters and lasts at most about ``MAX_CUE``
seconds (the usual broadcast guidance: two lines of 37-42 characters, shown up to 7 s): a
segment with word times is cut at the words' times, a corrected one (its words are gone) is cut
at word boundaries with its time shared out by length.

Cue text is written to the formats' rules: WebVTT escapes ``&``, ``<`` and ``>`` (W3C WebVTT,
4.2.2 "cue text"), a cue never contains a blank line or ``-->`` (which would end the cue or start
a new one). SRT has no escapes; there a ``<`` that would open a tag (``<b>``) becomes ``‹``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hearing.core.text import clean
from hearing.documentation.models import Segment

MAX_CUE = 7.0
LINE = 42
MIN_CUE = 0.2


def _clock(seconds: float, separator: str) -> str:
    millis = int(round(max(seconds, 0.0) * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _plain(text: str) -> str:
    """One line of words: no line breaks (no blank line inside a cue), no arrow."""
    return " ".join(clean(text).replace("-->", "→").split())


def _wrap(words: list[str]) -> list[str]:
    """Greedy lines of at most LINE characters (a longer single word gets a line of its own)."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= LINE:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _fits(words: list[str]) -> bool:
    return len(_wrap(words)) <= 2


def _timed(words: list[dict]) -> list[tuple[float, float, str]]:
    """Cues from words with times: a new cue when two lines are full or MAX_CUE is reached."""
    result, current, start, end = [], [], 0.0, 0.0
    for word in words:
        token = _plain(word.get("text", ""))
        if not token:
            continue
        if current and (not _fits([*current, token]) or word["end"] - start > MAX_CUE):
            result.append((start, end, " ".join(current)))
            current = []
        if not current:
            start = word["start"]
        current.append(token)
        end = word["end"]
    if current:
        result.append((start, end, " ".join(current)))
    return result


def _shared(start: float, end: float, text: str) -> list[tuple[float, float, str]]:
    """Cues from a text without word times: two-line chunks, the time shared out by length,
    and more, shorter chunks where a chunk would last longer than MAX_CUE."""
    chunks: list[list[str]] = [[]]
    for token in text.split():
        if chunks[-1] and not _fits([*chunks[-1], token]):
            chunks.append([])
        chunks[-1].append(token)
    duration = max(end - start, 0.0)
    total = sum(len(" ".join(c)) for c in chunks) or 1
    result, moment = [], start
    for chunk in chunks:
        words = " ".join(chunk)
        length = duration * len(words) / total
        pieces = max(1, int(length // MAX_CUE) + (1 if length % MAX_CUE else 0))
        if pieces > 1 and len(chunk) >= pieces:
            size = -(-len(chunk) // pieces)
            parts = [chunk[i : i + size] for i in range(0, len(chunk), size)]
        else:
            parts = [chunk]
        for part in parts:
            span = length * len(" ".join(part)) / max(len(words), 1)
            result.append((moment, moment + span, " ".join(part)))
            moment += span
    return result


def cues(segments: Iterable[Segment]) -> list[tuple[float, float, str]]:
    """``(start, end, text)`` in seconds; text on one line (the writers wrap it into two)."""
    result = []
    for segment in segments:
        words = segment.words if not segment.text_corrected else []
        if words:
            result += _timed(words)
        else:
            text = _plain(segment.text)
            if text:
                result += _shared(segment.start, segment.end, text)
    return [(s, max(e, s + MIN_CUE), t) for s, e, t in result if t]


def _vtt_text(text: str) -> str:
    def escape(line: str) -> str:
        return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return "\n".join(escape(line) for line in _wrap(text.split()))


_TAG_START = re.compile(r"<(?=[A-Za-z/])")


def _srt_text(text: str) -> str:
    return "\n".join(_TAG_START.sub("‹", line) for line in _wrap(text.split()))


def webvtt(segments: Iterable[Segment], *, note: str) -> str:
    return webvtt_cues(cues(segments), note=note)


def webvtt_cues(
    timed: Iterable[tuple[float, float, str]], *, note: str, labels: Iterable[str] = ()
) -> str:
    """WebVTT (W3C WebVTT) of ``(start, end, text)`` cues in seconds, with a NOTE block.
    ``labels``, one per cue ("" for none), go into the cue identifiers after the number
    (metadata for whoever reads the file; players do not show them)."""
    out = ["WEBVTT", "", f"NOTE {_plain(note)}", ""]
    labels = iter(labels)
    for index, (start, end, text) in enumerate(timed, 1):
        end = max(end, start + MIN_CUE)
        # An identifier is one line without "-->" (WebVTT 4.1): the label is made to fit.
        label = _plain(next(labels, "")).replace("-->", "→")
        ident = f"{index} {label}" if label else str(index)
        out += [ident, f"{_clock(start, '.')} --> {_clock(end, '.')}", _vtt_text(text), ""]
    return "\n".join(out)


def srt(segments: Iterable[Segment]) -> str:
    out = []
    for index, (start, end, text) in enumerate(cues(segments), 1):
        out += [str(index), f"{_clock(start, ',')} --> {_clock(end, ',')}", _srt_text(text), ""]
    return "\n".join(out)
