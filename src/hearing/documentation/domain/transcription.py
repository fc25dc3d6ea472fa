"""Transcribing a recording into its Transcript, window by window, resumable and re-runnable.

A re-run keeps every human correction: corrected segments stay as they are, and new machine
segments that overlap them are dropped.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Max, Q
from django.utils import timezone

from hearing.documentation.asr.audio import DamagedMedia
from hearing.documentation.asr.base import MediaError
from hearing.documentation.asr.base import Segment as AsrSegment
from hearing.documentation.asr.whisper import get_engine
from hearing.documentation.domain.jobs import JobContext, JobFailed, handler
from hearing.documentation.enums import JobKind
from hearing.documentation.models import Job, Segment, Transcript

logger = logging.getLogger(__name__)


def recording_path(recording) -> Path:
    try:
        return Path(recording.file.path)
    except (ValueError, NotImplementedError) as exc:
        raise JobFailed(f"Die Aufzeichnung hat keine Datei / recording has no file: {exc}") from exc


def _overlaps(segment: AsrSegment, kept: list[tuple[float, float]]) -> bool:
    for start, end in kept:
        shared = min(segment.end, end) - max(segment.start, start)
        if shared > 0.5 * max(segment.end - segment.start, 0.01):
            return True
    return False


@handler(JobKind.TRANSCRIBE)
def transcribe_job(job: Job, context: JobContext) -> None:
    """Raises JobFailed for unreadable media; LeaseLost if another worker took over."""
    recording = job.recording
    if recording is None:
        raise JobFailed("Keine Aufzeichnung angegeben / no recording given.")
    path = recording_path(recording)
    options = job.checkpoint.get("options", {})
    from hearing.documentation.domain.vocabulary import hotwords

    engine = get_engine(
        hotwords=hotwords(recording.hearing) if settings.WHISPER_HOTWORDS else "",
        **({"window": float(options["window"])} if "window" in options else {}),
    )
    started = "offset" in job.checkpoint
    with transaction.atomic():
        transcript, _ = Transcript.objects.get_or_create(
            recording=recording,
            defaults={"hearing": recording.hearing, "started_at": timezone.now()},
        )
        if not started:
            # A fresh run (or a re-run): drop the machine's segments, keep people's corrections.
            transcript.segments.filter(text_corrected=False, speaker_corrected=False).delete()
            transcript.engine = engine.name
            transcript.model = engine.model_name
            transcript.parameters = engine.parameters()
            transcript.language = engine.language
            transcript.started_at = timezone.now()
            transcript.finished_at = None
            transcript.save()
            context.checkpoint({"offset": 0.0, "transcript": transcript.pk}, done=0, total=1)
    offset = float(job.checkpoint["offset"])
    kept = list(
        transcript.segments.filter(Q(text_corrected=True) | Q(speaker_corrected=True)).values_list(
            "start", "end"
        )
    )
    total = recording.duration or 1.0
    try:
        for window in engine.windows(
            path, start=offset, progress=lambda done, all_: context.progress(done, all_)
        ):
            with transaction.atomic():
                Segment.objects.bulk_create(
                    Segment(
                        transcript=transcript,
                        hearing_id=transcript.hearing_id,
                        start=s.start,
                        end=s.end,
                        text=s.text,
                        machine_text=s.text,
                        words=[w.__dict__ for w in s.words],
                        confidence=s.confidence,
                        uncertain=bool(s.uncertain),
                        uncertain_reasons=" ".join(s.uncertain),
                    )
                    for s in window.segments
                    if not _overlaps(s, kept)
                )
                context.checkpoint(
                    {"offset": window.end}, done=window.end, total=max(total, window.end)
                )
    except DamagedMedia as exc:
        # Everything readable is transcribed; the damaged stretches are named, not hidden.
        transcript.parameters = {
            **transcript.parameters,
            "damaged": [[start, end] for start, end in exc.ranges],
        }
        transcript.save(update_fields=["parameters", "modified"])
        logger.warning("transcript %s finished with damaged stretches: %s", transcript.pk, exc)
    except MediaError as exc:
        raise JobFailed(str(exc)) from exc
    finish(transcript, duration=float(job.checkpoint["offset"]))


def finish(transcript: Transcript, *, duration: float) -> None:
    from hearing.documentation.domain.attribution import attribute
    from hearing.documentation.domain.search import reindex_hearing

    stats = transcript.segments.aggregate(confidence=Avg("confidence"), end=Max("end"))
    with transaction.atomic():
        transcript.duration = max(duration, stats["end"] or 0.0)
        transcript.confidence = round(stats["confidence"] or 0.0, 4)
        transcript.finished_at = datetime.now(UTC)
        transcript.parameters = {**transcript.parameters}
        transcript.save()
        attribute(transcript)
    reindex_hearing(transcript.hearing)
    # The protocol PDF shows the transcript: build it again in the background.
    from hearing.documentation.domain.jobs import enqueue

    enqueue(JobKind.PROTOCOL, transcript.hearing)
