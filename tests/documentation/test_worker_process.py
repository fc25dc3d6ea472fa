"""A real worker process killed with SIGKILL mid-transcription: the next worker resumes from the
last committed checkpoint and repeats no finished window."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HEARING = str(Path(sys.executable).parent / "hearing")
ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import django, sys
django.setup()
from hearing.documentation.domain import jobs
from hearing.documentation.enums import JobKind
from tests.documentation.conftest import make_recording
from tests.factories import hearing_with_agenda
hearing = hearing_with_agenda(1)
recording = make_recording(hearing, sys.argv[1], hearing.planned_start_at)
job = jobs.enqueue(JobKind.TRANSCRIBE, hearing, recording=recording, options={"window": 6})
print(job.pk, recording.duration)
"""


def environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    env.update(
        HEARING_DATA_DIR=str(tmp_path / "data"),
        HEARING_DATABASE_URL=f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
        HEARING_STATIC_MANIFEST="0",
        DJANGO_SETTINGS_MODULE="hearing.settings",
    )
    return env


def job_row(db: Path, pk: int):
    with sqlite3.connect(db, timeout=20) as conn:
        state, checkpoint, attempts = conn.execute(
            "SELECT state, checkpoint, attempts FROM documentation_job WHERE id = ?", (pk,)
        ).fetchone()
    return state, json.loads(checkpoint), attempts


def segments(db: Path) -> dict:
    with sqlite3.connect(db, timeout=20) as conn:
        rows = conn.execute("SELECT id, start, text FROM documentation_segment ORDER BY start")
        return {pk: (start, text) for pk, start, text in rows}


def test_killed_worker_process_resumes_from_its_checkpoint(tmp_path, hearing_clip):
    env = environment(tmp_path)
    db = tmp_path / "jobs.sqlite3"
    # About 100 s of speech in 6-second windows: far more windows than pass before the kill.
    clip = tmp_path / "long.wav"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-stream_loop",
            "7",
            "-i",
            str(hearing_clip[0]),
            "-c",
            "copy",
            str(clip),
        ],
        check=True,
        timeout=60,
    )
    subprocess.run([HEARING, "migrate", "-v0"], env=env, check=True, timeout=300, cwd=ROOT)
    made = subprocess.run(
        [sys.executable, "-c", SETUP, str(clip)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    pk, seconds = made.stdout.split()
    pk, seconds = int(pk), float(seconds)

    worker = subprocess.Popen(
        [HEARING, "worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            state, checkpoint, _ = job_row(db, pk)
            if checkpoint.get("offset", 0) > 0 or state != "queued" and state != "running":
                break
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    state, checkpoint, attempts = job_row(db, pk)
    assert (state, attempts) == ("running", 1)
    offset = checkpoint["offset"]
    assert 0 < offset < seconds - 30
    kept = segments(db)
    assert kept  # the finished windows' text was committed together with the checkpoint

    # The dead worker's lease runs out (90 s in production; here set into the past).
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE documentation_job SET lease_until = '2000-01-01 00:00:00' WHERE id = ?", (pk,)
        )
    resumed = subprocess.run(
        [HEARING, "worker", "--once"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr

    state, checkpoint, attempts = job_row(db, pk)
    assert (state, attempts) == ("done", 2)
    after = segments(db)
    assert {k: v for k, v in after.items() if k in kept} == kept  # nothing redone or rewritten
    new = [start for k, (start, _) in after.items() if k not in kept]
    assert new and min(new) >= offset - 0.01
    starts = [start for start, _ in after.values()]
    assert starts == sorted(set(starts))
