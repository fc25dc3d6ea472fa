"""Subtitles for a recording as WebVTT and SRT, from its (possibly corrected) segments.

Cues are labelled as machine-generated in the WebVTT header (a NOTE), since viewers read them.
Long segments are split at word times into cues of at most ``MAX_CUE`` seconds and two lines.
"""

from __future__ import annotations

from collections.abc import Iterable

from hearing.documentation.models import Segment

MAX_CUE = 6.0
MAX_CHARS = 84


def _clock(seconds: float, separator: str) -> str:
    millis = int(round(max(seconds, 0.0) * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def cues(segments: Iterable[Segment]) -> list[tuple[float, float, str]]:
    result = []
    for segment in segments:
        words = segment.words if not segment.text_corrected else []
        if not words:
            result.append((segment.start, segment.end, segment.text.strip()))
            continue
        start, text, previous_end = words[0]["start"], "", words[0]["end"]
        for word in words:
            candidate = (text + word["text"]).strip()
            if text and (word["end"] - start > MAX_CUE or len(candidate) > MAX_CHARS):
                result.append((start, previous_end, text.strip()))
                start, text = word["start"], ""
            text += word["text"]
            previous_end = word["end"]
        if text.strip():
            result.append((start, previous_end, text.strip()))
    return [(s, max(e, s + 0.2), t) for s, e, t in result if t]


def _lines(text: str) -> str:
    if len(text) <= MAX_CHARS // 2:
        return text
    middle = len(text) // 2
    cut = text.rfind(" ", 0, middle + 1)
    if cut <= 0:
        cut = text.find(" ", middle)
    return text if cut <= 0 else f"{text[:cut]}\n{text[cut + 1 :]}"


def webvtt(segments: Iterable[Segment], *, note: str) -> str:
    out = ["WEBVTT", "", f"NOTE {note}", ""]
    for index, (start, end, text) in enumerate(cues(segments), 1):
        out += [str(index), f"{_clock(start, '.')} --> {_clock(end, '.')}", _lines(text), ""]
    return "\n".join(out)


def srt(segments: Iterable[Segment]) -> str:
    out = []
    for index, (start, end, text) in enumerate(cues(segments), 1):
        out += [str(index), f"{_clock(start, ',')} --> {_clock(end, ',')}", _lines(text), ""]
    return "\n".join(out)
