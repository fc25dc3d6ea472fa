"""The engine interface and the plain data a transcription produces (no Django models here)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class MediaError(ValueError):
    """The file cannot be transcribed: not audio, empty, truncated or unreadable. The message says
    which, in words an organiser understands."""


@dataclass
class Word:
    start: float
    end: float
    text: str
    probability: float


@dataclass
class Segment:
    """``uncertain``: why the text may be invented (asr.quality.REASONS codes; ``[]`` if not)."""

    start: float
    end: float
    text: str
    confidence: float
    words: list[Word] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)


@dataclass
class Window:
    """The segments of one decoded window; ``end`` is where the next window starts (seconds)."""

    start: float
    end: float
    segments: list[Segment]


@dataclass
class Transcript:
    """A finished transcription with its provenance: engine, model, parameters, time, confidence."""

    engine: str
    model: str
    parameters: dict
    language: str
    duration: float
    segments: list[Segment]
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments).strip()

    @property
    def confidence(self) -> float:
        return mean_confidence(self.segments)

    def as_dict(self) -> dict:
        return asdict(self)


def mean_confidence(segments: list[Segment]) -> float:
    """Duration-weighted mean of the segments' confidences (0 if there is no speech)."""
    total = sum(max(s.end - s.start, 0.01) for s in segments)
    if not total:
        return 0.0
    return sum(s.confidence * max(s.end - s.start, 0.01) for s in segments) / total


Progress = Callable[[float, float], None]  # (seconds done, seconds total)


class Engine(Protocol):
    name: str
    model_name: str

    def parameters(self) -> dict: ...

    def windows(
        self, media: Path, *, start: float = 0.0, progress: Progress | None = None
    ) -> Iterator[Window]:
        """Transcribe from ``start`` seconds on, one window at a time (for checkpoints)."""

    def transcribe(self, media: Path, *, progress: Progress | None = None) -> Transcript: ...
