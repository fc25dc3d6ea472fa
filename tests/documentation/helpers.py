"""Transcripts written directly (no speech recognition) for tests of pages and search."""

from django.utils import timezone

from hearing.documentation.domain.search import reindex_hearing
from hearing.documentation.models import Segment, Transcript
from hearing.media.models import Recording


def transcript_with(hearing, texts: list[str], *, public: bool = True, item=None) -> Transcript:
    recording = Recording.objects.create(
        hearing=hearing,
        title="Aufzeichnung",
        file=f"recordings/{hearing.slug}/test.wav",
        source=Recording.Source.UPLOAD,
        started_at=hearing.planned_start_at,
        duration=10.0 * len(texts),
        size=0,
        sha256="0" * 64,
        mime_type="audio/wav",
        has_video=False,
        state="published" if public else "withdrawn",
    )
    transcript = Transcript.objects.create(
        recording=recording,
        hearing=hearing,
        engine="faster-whisper",
        model="whisper-base",
        parameters={"beam_size": 5},
        started_at=timezone.now(),
        finished_at=timezone.now(),
        confidence=0.9,
        state="published",
    )
    for index, text in enumerate(texts):
        start = 10.0 * index + 1.25
        words = text.split()
        step = 5.0 / max(len(words), 1)
        Segment.objects.create(
            transcript=transcript,
            hearing=hearing,
            start=start,
            end=start + 5.0,
            text=text,
            machine_text=text,
            confidence=0.9,
            item=item,
            words=[
                {
                    "start": round(start + i * step, 3),
                    "end": round(start + (i + 1) * step, 3),
                    "text": f" {w}",
                    "probability": 0.9,
                }
                for i, w in enumerate(words)
            ],
        )
    reindex_hearing(hearing)
    return transcript


def publish_record(hearing) -> None:
    """What an organiser does before the public may read the record (issue 14): every recording
    and transcript of ``hearing`` and its protocol published (tests of other features use it)."""
    from hearing.documentation.models import Protocol

    Recording.objects.filter(hearing=hearing).update(state="published")
    Transcript.objects.filter(hearing=hearing).update(state="published")
    Protocol.objects.update_or_create(hearing=hearing, defaults={"state": "published"})
