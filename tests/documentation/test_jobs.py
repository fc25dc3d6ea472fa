"""The database job queue: claiming, leases, resuming after a crash without repeating work."""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone

from hearing.core.models import AuditLogEntry
from hearing.documentation.domain import jobs
from hearing.documentation.enums import JobKind, JobState
from hearing.documentation.models import Job, Segment
from tests.documentation.conftest import make_recording
from tests.documentation.helpers import publish_record


class Killed(BaseException):
    """Stands in for the worker process dying: not an Exception, so nothing catches it."""


@pytest.fixture
def recording(hearing, hearing_clip):
    return make_recording(hearing, hearing_clip[0], hearing.planned_start_at)


def test_enqueue_joins_the_active_job(hearing, recording, organiser):
    first = jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording, actor=organiser)
    second = jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording, actor=organiser)
    assert second.pk == first.pk
    assert Job.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="documentation.job.transcribe.queued").count() == 1


def test_claim_is_exclusive_and_expired_leases_are_retaken(hearing, recording):
    job = jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording)
    taken = jobs.claim("worker-a")
    assert (taken.pk, taken.state, taken.lease_owner, taken.attempts) == (
        job.pk,
        JobState.RUNNING,
        "worker-a",
        1,
    )
    assert jobs.claim("worker-b") is None  # the lease is still valid
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    again = jobs.claim("worker-b")
    assert (again.pk, again.lease_owner, again.attempts) == (job.pk, "worker-b", 2)
    context = jobs.JobContext(taken, "worker-a")  # the old worker comes back: it must stop
    with pytest.raises(jobs.LeaseLost):
        context.progress(1, 2, force=True)


def test_a_job_killed_midway_resumes_from_its_checkpoint(hearing, recording, monkeypatch):
    monkeypatch.setattr(jobs, "HEARTBEAT_EVERY", 0.0)  # report every window
    job = jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording, options={"window": 6})
    first = jobs.claim("worker-a")

    def die_after_first_window(current):
        if current.checkpoint.get("offset", 0) > 0:
            raise Killed

    with pytest.raises(Killed):
        jobs.run(first, "worker-a", listener=die_after_first_window)
    job.refresh_from_db()
    assert job.state == JobState.RUNNING
    checkpoint = job.checkpoint["offset"]
    assert 0 < checkpoint < recording.duration
    kept = {s.pk: (s.start, s.text) for s in Segment.objects.all()}
    assert kept  # the first window's results were committed with the checkpoint
    assert 0 < job.progress < 1

    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert jobs.work("worker-b", once=True) == 2  # the transcription, then the protocol PDF
    job.refresh_from_db()
    assert (job.state, job.attempts, job.progress, job.error) == (JobState.DONE, 2, 1.0, "")
    after = list(Segment.objects.order_by("start"))
    # The first window was not transcribed again: its rows are the very same ones.
    assert {s.pk: (s.start, s.text) for s in after if s.pk in kept} == kept
    assert all(s.start >= checkpoint - 0.01 for s in after if s.pk not in kept)
    starts = [s.start for s in after]
    assert starts == sorted(set(starts))
    assert Job.objects.get(kind=JobKind.PROTOCOL).state == JobState.DONE


def test_a_job_on_a_damaged_file_fails_with_the_reason(hearing, recording):
    # The file was fine when it was recorded but has been damaged since.
    with open(recording.file.path, "wb") as handle:
        handle.write(b"Das ist keine Aufnahme mehr.")
    job = jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording)
    assert jobs.work("worker", once=True) == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error.startswith("Keine lesbare Tonspur in ")
    assert AuditLogEntry.objects.filter(action="documentation.job.transcribe.failed").count() == 1


def test_repeatedly_crashing_job_is_given_up(hearing, recording):
    job = jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        attempts=jobs.MAX_ATTEMPTS,
        lease_until=timezone.now() - timedelta(seconds=1),
    )
    assert jobs.claim("worker") is None
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error.startswith("Abgebrochen: der Auftrag ist mehrmals unterbrochen worden")


def test_transcribe_command_shows_progress_and_worker_builds_the_pdf(hearing, hearing_clip, capsys):
    from django.core.management import call_command

    from hearing.documentation.domain.protocol import pdf_path
    from hearing.documentation.models import Transcript

    call_command(
        "transcribe",
        str(hearing_clip[0]),
        hearing=hearing.slug,
        started_at="2024-06-07T09:30:00",
    )
    captured = capsys.readouterr()
    assert "] 100 %" in captured.err
    assert captured.err.startswith("\r[")
    transcript = Transcript.objects.get()
    assert captured.out.strip() == (
        f"Transkript: {transcript.segments.count()} Abschnitte, Konfidenz "
        f"{transcript.confidence:.2f}, Modell {transcript.model}"
    )
    assert transcript.recording.started_at.isoformat() == "2024-06-07T07:30:00+00:00"
    call_command("worker", once=True)
    assert pdf_path(hearing, "de").exists()
    # The same file again is the same recording: no second upload.
    call_command("transcribe", str(hearing_clip[0]), hearing=hearing.slug)
    assert Transcript.objects.count() == 1


def test_transcribe_command_refuses_bad_input(hearing, tmp_path):
    from django.core.management import CommandError, call_command

    empty = tmp_path / "leer.wav"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="Die Datei ist leer"):
        call_command("transcribe", str(empty), hearing=hearing.slug)
    with pytest.raises(CommandError, match="Bei einer Datei bitte --hearing"):
        call_command("transcribe", str(empty))
    with pytest.raises(CommandError, match="Aufzeichnung 4711 gibt es nicht"):
        call_command("transcribe", "4711")


def test_a_damaged_stretch_in_the_middle_is_named_and_the_rest_transcribed(
    hearing, hearing_clip, tmp_path, client
):
    # An MP3 with a few hundred bytes of garbage in the middle: ffmpeg says "Header missing"
    # once and decodes the rest, as with a real recording damaged in transfer.
    path, switch, total = hearing_clip
    mp3 = tmp_path / "beschaedigt.mp3"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(path), "-b:a", "64k", str(mp3)],
        check=True,
    )
    data = bytearray(mp3.read_bytes())
    middle = int(len(data) * switch / total) - 600  # just before part two starts
    data[middle : middle + 300] = bytes(300)
    mp3.write_bytes(bytes(data))
    recording = make_recording(hearing, mp3, hearing.planned_start_at)
    job = jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording)
    assert jobs.work("worker", once=True) == 2  # the transcript, then the protocol it queues
    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.DONE, "")
    transcript = recording.transcript
    assert transcript.finished_at is not None
    damaged = transcript.parameters["damaged"]
    assert len(damaged) == 1
    start, end = damaged[0]
    assert start <= switch <= end + 1 and end - start <= 2
    text = " ".join(Segment.objects.filter(transcript=transcript).values_list("text", flat=True))
    assert "willkommen" in text.lower() and "beschäftigten" in text.lower()  # both parts
    publish_record(hearing)
    page = client.get(f"/documentation/{hearing.slug}/transcript/").content.decode()
    assert "Die Aufnahme ist an diesen Stellen beschädigt; dort fehlt der Text" in page


def test_a_failed_transcription_is_shown_as_failed_with_its_reason(hearing, recording, client):
    with open(recording.file.path, "wb") as handle:
        handle.write(b"Das ist keine Aufnahme mehr.")
    jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording)
    jobs.work("worker", once=True)
    from hearing.documentation.models import Transcript

    Transcript.objects.get_or_create(
        recording=recording,
        defaults={"hearing": hearing, "engine": "x", "model": "y", "started_at": timezone.now()},
    )
    publish_record(hearing)
    page = client.get(f"/documentation/{hearing.slug}/transcript/").content.decode()
    assert "Die Transkription ist fehlgeschlagen." in page
    assert "Keine lesbare Tonspur in " in page
    assert "Die Transkription läuft noch." not in page
