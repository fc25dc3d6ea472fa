"""Live recognition for captions: German speech, cut at pauses, recognised once per piece.

The streaming policy (issue 13) is VAD-cut pieces: audio arrives in blocks of any length
(16 kHz mono float32, as ffmpeg decodes the live stream); Silero VAD, which faster-whisper ships,
finds where speech pauses; a piece of speech ends at a pause of ``pause`` seconds or after
``longest`` seconds (at its last short breath where there is one), and is recognised then, once,
as a final line. While a piece grows, an interim
text of what there is so far is recognised each time it holds ``interim_every`` more seconds of
speech (0: never). With ``early`` (seconds), a piece is recognised ahead, once its speech has
been followed by that much silence: when the pause then ends it, the text is there already and the
line goes out at once, a decode sooner (if the speaker goes on instead, that decode was spent for
nothing). Why pieces and not a window re-decoded every second (local agreement): Whisper
encodes 30 s however short the audio is, 0.5–0.7 s on 2 cores with the base model (measured
2026-12-01), so a re-decode a second would take the machine; one decode per 2–4-s piece leaves room
for the app beside it.

Times are seconds from the first sample fed (the broadcast's start for the worker).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

SAMPLE_RATE = 16_000


@dataclass(frozen=True)
class Line:
    """A caption: ``start``/``end`` in seconds of audio, ``final`` or interim, and how long its
    recognition took (``seconds``, wall clock), for the real-time factor."""

    start: float
    end: float
    text: str
    final: bool
    seconds: float = 0.0


@dataclass
class LiveRecognizer:
    """Feed audio with :meth:`feed`; it yields the :class:`Line` objects that became ready.

    ``transcribe(samples) -> str`` recognises one piece (the worker passes faster-whisper's,
    tests may pass their own). ``pause``: seconds of silence that end a piece; ``longest``: the
    longest piece in seconds; ``interim_every``: seconds of speech in the piece in progress
    between interim lines (0: none); ``early``: seconds of silence after which the piece is
    recognised ahead of its end (0: never, else less than ``pause``). :meth:`flush` ends the last
    piece (the broadcast ended).
    """

    transcribe: object
    pause: float = 0.5
    longest: float = 4.0
    interim_every: float = 0.0
    early: float = 0.0
    vad_threshold: float = 0.5
    _buffer: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    _offset: float = 0.0  # the time of the buffer's first sample
    _interim_at: float = 0.0  # seconds of speech the piece in progress had at its last interim
    # The piece recognised ahead (``early``): its start and end (seconds) and (text, seconds).
    _ahead: tuple | None = None

    # How far the piece that ends may lie from the one recognised ahead and still be the same
    # (seconds; Silero's end moves by a frame or two as more silence comes in).
    SAME_PIECE = 0.1

    def feed(self, samples: np.ndarray) -> Iterator[Line]:
        self._buffer = np.concatenate([self._buffer, samples.astype(np.float32, copy=False)])
        while True:
            cut = self._cut()
            if cut is None:
                break
            start, end = cut
            yield from self._final(start, end)
        if self.interim_every:
            yield from self._interim()

    def reset(self) -> None:
        """Forget the piece in progress (recognition fell behind and skips ahead)."""
        self._drop(len(self._buffer))

    def skip(self, seconds: float) -> None:
        """``seconds`` of sound went by unheard (skipped to catch up): later lines keep their
        times in the broadcast instead of moving earlier by what was skipped."""
        self._offset += seconds

    def flush(self) -> Iterator[Line]:
        speech = self._speech()
        if speech:
            yield from self._final(speech[0][0], speech[-1][1])
        self._drop(len(self._buffer))

    # --- internals ----------------------------------------------------------------------------
    def _speech(self, samples: np.ndarray | None = None, pause: float | None = None):
        """Speech in ``samples`` (the buffer) as (start, end) sample indices (Silero VAD), parts
        apart by at least ``pause`` seconds (the recognizer's)."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        samples = self._buffer if samples is None else samples
        if len(samples) < SAMPLE_RATE // 10:
            return []
        options = VadOptions(
            threshold=self.vad_threshold,
            min_silence_duration_ms=int((self.pause if pause is None else pause) * 1000),
            speech_pad_ms=100,
        )
        found = get_speech_timestamps(samples, options, sampling_rate=SAMPLE_RATE)
        return [(part["start"], part["end"]) for part in found]

    def _split(self, start: int) -> int:
        """Where a piece that reached ``longest`` ends: at the last short breath (0.15 s) in its
        final two seconds if there is one, so a long sentence is not cut inside a word."""
        end = start + int(self.longest * SAMPLE_RATE)
        earliest = end - 2 * SAMPLE_RATE
        parts = self._speech(self._buffer[start:end], pause=0.15)
        gaps = [start + a_end for (_a, a_end), (_b, _e) in zip(parts, parts[1:], strict=False)]
        gaps = [gap for gap in gaps if gap >= earliest]
        return gaps[-1] if gaps else end

    def _cut(self) -> tuple[int, int] | None:
        """The next piece that is complete: speech followed by a pause, or ``longest`` long."""
        speech = self._speech()
        if not speech:
            # Nothing said: keep only the last pause's worth, so the buffer does not grow.
            keep = int(self.pause * SAMPLE_RATE)
            if len(self._buffer) > 4 * keep:
                self._drop(len(self._buffer) - keep)
            return None
        start, end = speech[0]
        pause = int(self.pause * SAMPLE_RATE)
        if len(speech) > 1 or len(self._buffer) - end >= pause:
            return start, end
        if end - start >= int(self.longest * SAMPLE_RATE):
            return start, self._split(start)
        if self.early:
            # Silero closes a part of speech only after as much silence as it is told to wait
            # for: asked again with ``early``, it ends the piece where the pause began.
            parts = self._speech(pause=self.early)
            if parts and len(self._buffer) - parts[-1][1] >= int(self.early * SAMPLE_RATE):
                self._recognise_ahead(parts[0][0], parts[-1][1])
        return None

    def _recognise_ahead(self, start: int, end: int) -> None:
        """Recognise the piece ``start:end`` now (the speech has paused for ``early`` seconds),
        unless it was already."""
        times = (self._offset + start / SAMPLE_RATE, self._offset + end / SAMPLE_RATE)
        if self._ahead is not None and self._same(self._ahead[0], times):
            return
        began = time.perf_counter()
        text = " ".join(str(self.transcribe(self._buffer[start:end])).split())
        self._ahead = (times, (text, time.perf_counter() - began))

    def _same(self, one: tuple[float, float], other: tuple[float, float]) -> bool:
        return all(abs(a - b) <= self.SAME_PIECE for a, b in zip(one, other, strict=True))

    def _final(self, start: int, end: int) -> Iterator[Line]:
        times = (self._offset + start / SAMPLE_RATE, self._offset + end / SAMPLE_RATE)
        if self._ahead is not None and self._same(self._ahead[0], times):
            text, took = self._ahead[1]  # recognised ahead: the time it took then counts
        else:
            began = time.perf_counter()
            text = " ".join(str(self.transcribe(self._buffer[start:end])).split())
            took = time.perf_counter() - began
        line = Line(
            start=round(self._offset + start / SAMPLE_RATE, 3),
            end=round(self._offset + end / SAMPLE_RATE, 3),
            text=text,
            final=True,
            seconds=round(took, 3),
        )
        self._drop(end)
        if text:
            yield line

    def _interim(self) -> Iterator[Line]:
        """An interim text once the piece in progress holds ``interim_every`` seconds of speech,
        and again after each further ``interim_every``: a 3-s sentence gets one at 2 s (with 2.0),
        a 6-s one two. Counted by the piece's speech, not by the clock, so silence costs nothing
        and a sentence's first words come early without a decode every block."""
        speech = self._speech()
        if not speech:
            return
        start, end = speech[0][0], speech[-1][1]
        length = (end - start) / SAMPLE_RATE
        if length - self._interim_at < self.interim_every:
            return
        self._interim_at = length
        began = time.perf_counter()
        text = " ".join(str(self.transcribe(self._buffer[start:end])).split())
        if text:
            yield Line(
                start=round(self._offset + start / SAMPLE_RATE, 3),
                end=round(self._offset + end / SAMPLE_RATE, 3),
                text=text,
                final=False,
                seconds=round(time.perf_counter() - began, 3),
            )

    def _drop(self, samples: int) -> None:
        self._interim_at = 0.0  # a new piece begins
        self._ahead = None
        self._buffer = self._buffer[samples:]
        self._offset += samples / SAMPLE_RATE


def whisper_transcriber(engine=None):
    """``transcribe(samples) -> str`` with the platform's Whisper model, German, greedy, without
    timestamps (a piece is one caption line)."""
    from hearing.documentation.asr.whisper import WhisperEngine

    engine = engine or WhisperEngine()
    model = engine.model()

    def transcribe(samples: np.ndarray) -> str:
        found, _info = model.transcribe(
            samples,
            language=engine.language,
            beam_size=1,
            without_timestamps=True,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        return " ".join(segment.text.strip() for segment in found)

    return transcribe
