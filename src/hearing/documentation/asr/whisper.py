"""faster-whisper (CTranslate2) on the CPU, German, fed window by window from ffmpeg."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from hearing.documentation.asr import audio, quality
from hearing.documentation.asr.base import Progress, Segment, Transcript, Window, Word
from hearing.documentation.asr.model import MODEL_BIN_SHA256, MODEL_NAME, ensure_model
from hearing.media.domain.probe import sha256_of

_models: dict[tuple, object] = {}


def resolve_model(name: str) -> tuple[str, str]:
    """``(what WhisperModel loads, the name recorded in the transcript)`` for a setting value."""
    if not name:
        return str(ensure_model()), f"{MODEL_NAME} (Systran/faster-whisper-base, CTranslate2)"
    if Path(name).is_dir():
        return name, Path(name).name
    return name, name  # a model name: needs a reachable hub


@lru_cache(maxsize=8)
def model_checksum(path: str) -> str:
    """The SHA-256 of the model's weights (``model.bin``), hex; "" when there is no such file
    (a hub name). The shipped model's is known (asr.model), others are read once a process."""
    if path == str(ensure_model()):
        return MODEL_BIN_SHA256
    weights = Path(path) / "model.bin"
    return sha256_of(weights) if weights.is_file() else ""


class WhisperEngine:
    name = "faster-whisper"

    def __init__(
        self,
        model: str | None = None,
        *,
        compute_type: str | None = None,
        beam_size: int | None = None,
        threads: int | None = None,
        language: str = "de",
        batched: bool | None = None,
        batch_size: int | None = None,
        window: float = 120.0,
        hotwords: str = "",
    ):
        self.setting = settings.WHISPER_MODEL if model is None else model
        self.compute_type = compute_type or settings.WHISPER_COMPUTE_TYPE
        self.beam_size = beam_size or settings.WHISPER_BEAM_SIZE
        self.threads = threads if threads is not None else settings.WHISPER_THREADS
        self.language = language
        self.batched = settings.WHISPER_BATCH_SIZE > 1 if batched is None else batched
        self.batch_size = batch_size or max(settings.WHISPER_BATCH_SIZE, 2)  # when batched
        self.window = window
        # The hearing's own words (documentation.domain.vocabulary), given to the model as a hint
        # before every 30-s piece (faster-whisper's ``hotwords``).
        self.hotwords = hotwords.strip()
        self.model_path, self.model_name = resolve_model(self.setting)

    def parameters(self) -> dict:
        import faster_whisper

        return {
            "language": self.language,
            "compute_type": self.compute_type,
            "beam_size": self.beam_size,
            "cpu_threads": self.threads,
            "word_timestamps": True,
            "vad_filter": True,
            "batched": self.batched,
            **({"batch_size": self.batch_size} if self.batched else {}),
            "window_seconds": self.window,
            "hotwords": self.hotwords,
            "model_sha256": model_checksum(self.model_path),
            "faster_whisper": faster_whisper.__version__,
        }

    def model(self):
        """The loaded faster-whisper model (loaded once a process and setting)."""
        return self._model()

    def _model(self):
        key = (self.model_path, self.compute_type, self.threads)
        if key not in _models:
            from faster_whisper import WhisperModel

            local = Path(self.model_path).is_dir()
            _models[key] = WhisperModel(
                self.model_path,
                device="cpu",
                compute_type=self.compute_type,
                cpu_threads=self.threads,
                local_files_only=local,
            )
        return _models[key]

    def windows(
        self, media: Path, *, start: float = 0.0, progress: Progress | None = None
    ) -> Iterator[Window]:
        model = self._model()
        info = audio.probe(media)
        total = info.duration if math.isfinite(info.duration) else 0.0
        if self.batched:
            from faster_whisper import BatchedInferencePipeline

            runner = BatchedInferencePipeline(model=model)
            extra = {"batch_size": self.batch_size}
        else:
            runner, extra = model, {}
        before: list[str] = []  # the texts just said, for repetitions across segments
        for offset, samples in audio.pcm_windows(media, start=start, window=self.window):
            found, _info = runner.transcribe(
                samples,
                language=self.language,
                beam_size=self.beam_size,
                word_timestamps=True,
                vad_filter=True,
                condition_on_previous_text=False,
                hotwords=self.hotwords or None,
                **extra,
            )
            segments = []
            for piece in found:
                if piece.text.strip():
                    segments.append(_segment(piece, offset, before))
                    before = [*before[-1:], segments[-1].text]
            end = offset + len(samples) / audio.SAMPLE_RATE
            if progress:
                progress(end, max(total, end))
            yield Window(start=offset, end=end, segments=segments)

    def transcribe(self, media: Path, *, progress: Progress | None = None) -> Transcript:
        started = datetime.now(UTC)
        clock = time.monotonic()
        segments: list[Segment] = []
        end = 0.0
        for window in self.windows(media, progress=progress):
            segments.extend(window.segments)
            end = window.end
        parameters = {**self.parameters(), "seconds": round(time.monotonic() - clock, 3)}
        return Transcript(
            engine=self.name,
            model=self.model_name,
            parameters=parameters,
            language=self.language,
            duration=end,
            segments=segments,
            started_at=started,
            finished_at=datetime.now(UTC),
        )


def _segment(found, offset: float, before: list[str]) -> Segment:
    words = [
        Word(
            start=round(float(w.start) + offset, 3),
            end=round(float(w.end) + offset, 3),
            text=w.word,
            probability=round(float(w.probability), 4),
        )
        for w in (found.words or [])
    ]
    if words:
        confidence = sum(w.probability for w in words) / len(words)
    else:
        confidence = math.exp(found.avg_logprob)
    text = found.text.strip()
    return Segment(
        start=round(float(found.start) + offset, 3),
        end=round(float(found.end) + offset, 3),
        text=text,
        confidence=round(confidence, 4),
        words=words,
        uncertain=quality.reasons(
            text,
            before=before,
            compression_ratio=found.compression_ratio,
            no_speech_prob=found.no_speech_prob,
            avg_logprob=found.avg_logprob,
            confidence=confidence,
        ),
    )


def get_engine(**kwargs) -> WhisperEngine:
    """The configured engine; the place to choose another engine when one is added."""
    return WhisperEngine(**kwargs)
