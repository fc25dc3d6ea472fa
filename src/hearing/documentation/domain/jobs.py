"""A small job queue in the database, so it survives restarts and needs no extra service.

A worker claims a job with a compare-and-set update and holds it by a lease it renews while it
reports progress. If a worker dies, its lease runs out and another worker (or the same one after
a restart) takes the job again; handlers checkpoint finished steps in the same transaction as
their results, so a retaken job continues where the last checkpoint left it and nothing is done
twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from hearing.core import pagecache
from hearing.core.audit import log_action
from hearing.documentation.enums import JobKind, JobState
from hearing.documentation.models import Job

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=90)
MAX_ATTEMPTS = 3
HEARTBEAT_EVERY = 2.0  # seconds between progress writes


class LeaseLost(Exception):
    """Another worker has taken the job (ours was presumed dead): stop without writing."""


class JobFailed(Exception):
    """The job cannot succeed (bad input); the message is shown to the organiser."""


HANDLERS: dict[str, Callable[[Job, JobContext], None]] = {}


def handler(kind: str):
    def register(function):
        HANDLERS[kind] = function
        return function

    return register


def new_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def enqueue(kind: str, hearing, *, recording=None, actor=None, options: dict | None = None) -> Job:
    """Queue a job, or return the active one for the same recording (no work twice)."""
    active = Job.objects.filter(kind=kind, hearing=hearing, state__in=JobState.active())
    if recording is not None:
        active = active.filter(recording=recording)
    existing = active.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind,
                hearing=hearing,
                recording=recording,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                checkpoint={"options": options or {}},
            )
            log_action(f"documentation.job.{kind}.queued", actor, job, {"job": job.pk})
    except IntegrityError:  # a concurrent request queued the same recording
        return active.get()
    return job


def claim(owner: str, *, kinds: list[str] | None = None) -> Job | None:
    """Take the oldest queued job, or a running one whose lease has run out."""
    now = timezone.now()
    candidates = Job.objects.filter(
        Q(state=JobState.QUEUED) | Q(state=JobState.RUNNING, lease_until__lt=now)
    ).order_by("created", "id")
    if kinds:
        candidates = candidates.filter(kind__in=kinds)
    for job in candidates[:10]:
        same = Job.objects.filter(pk=job.pk, state=job.state, attempts=job.attempts)
        if job.attempts >= MAX_ATTEMPTS:
            same.update(
                state=JobState.FAILED,
                finished_at=now,
                error="Abgebrochen: der Auftrag ist mehrmals unterbrochen worden "
                "/ gave up after repeated interruptions.",
            )
            continue
        taken = same.update(
            state=JobState.RUNNING,
            lease_owner=owner,
            lease_until=now + LEASE,
            attempts=F("attempts") + 1,
            started_at=job.started_at or now,
        )
        if taken:
            return Job.objects.get(pk=job.pk)
    return None


class JobContext:
    """What a handler uses to report progress and save checkpoints under its lease."""

    def __init__(self, job: Job, owner: str, listener: Callable[[Job], None] | None = None):
        self.job = job
        self.owner = owner
        self.listener = listener
        self._clock = time.monotonic()
        self._first_done: float | None = None
        self._last_write = 0.0

    def _write(self, **fields) -> None:
        fields["lease_until"] = timezone.now() + LEASE
        updated = Job.objects.filter(
            pk=self.job.pk, lease_owner=self.owner, state=JobState.RUNNING
        ).update(**fields)
        if not updated:
            raise LeaseLost(self.job.pk)
        for name, value in fields.items():
            setattr(self.job, name, value)

    def _measure(self, done: float, total: float) -> dict:
        now = time.monotonic()
        if self._first_done is None:
            self._first_done, self._clock = done, now
        fraction = min(max(done / total, 0.0), 1.0) if total else 0.0
        eta = None
        if done > self._first_done and now > self._clock:
            rate = (done - self._first_done) / (now - self._clock)
            eta = int(max(total - done, 0) / rate) if rate > 0 else None
        return {"progress": fraction, "eta_seconds": eta}

    def progress(self, done: float, total: float, *, force: bool = False) -> None:
        """Report ``done`` of ``total`` units; estimates the time left from this run's pace."""
        fields = self._measure(done, total)
        now = time.monotonic()
        if not force and now - self._last_write < HEARTBEAT_EVERY:
            return
        self._last_write = now
        self._write(**fields)
        if self.listener:
            self.listener(self.job)

    def checkpoint(self, data: dict, *, done: float, total: float) -> None:
        """Save ``data`` with progress; call inside the transaction that stores the step's results."""
        self._write(checkpoint={**self.job.checkpoint, **data}, **self._measure(done, total))


def run(job: Job, owner: str, listener: Callable[[Job], None] | None = None) -> Job:
    """Run a claimed job to its end. Returns the job in its final state."""
    import hearing.documentation.domain.handlers  # noqa: F401  registers the handlers

    context = JobContext(job, owner, listener)
    try:
        HANDLERS[job.kind](job, context)
    except LeaseLost:
        logger.warning("Job %s: von einem anderen Worker übernommen.", job.pk)
        return Job.objects.get(pk=job.pk)
    except JobFailed as exc:
        _finish(job, owner, JobState.FAILED, str(exc))
    except Exception as exc:
        logger.exception("Job %s fehlgeschlagen", job.pk)
        _finish(job, owner, JobState.FAILED, f"{type(exc).__name__}: {exc}")
    else:
        _finish(job, owner, JobState.DONE, "")
    return Job.objects.get(pk=job.pk)


def _finish(job: Job, owner: str, state: str, error: str) -> None:
    with transaction.atomic():
        fields = {"state": state, "error": error[:2000], "finished_at": timezone.now()}
        if state == JobState.DONE:
            fields.update(progress=1.0, eta_seconds=0)
        Job.objects.filter(pk=job.pk, lease_owner=owner).update(lease_until=None, **fields)
        log_action(
            f"documentation.job.{job.kind}.{state}", None, job, {"job": job.pk, "error": error}
        )
        # A finished transcript or protocol changes the hearing's public documentation pages.
        pagecache.bump_after_commit(pagecache.hearing_scope(job.hearing.slug))


def _fresh_connection() -> None:
    # A long-running worker must not keep a connection the database has dropped; inside an
    # atomic block (a caller's transaction, or a test) the connection is the caller's to keep.
    if not connection.in_atomic_block:
        close_old_connections()


REMIND_EVERY = 60.0  # seconds between looks for speakers to remind of their deadline


def _remind() -> None:
    """Send the reminders that are due (authorisation.remind_due; each once, whichever worker
    looks). A mail server that is away is tried again next time."""
    from hearing.documentation.domain.authorisation import remind_due

    try:
        remind_due()
    except Exception:  # a worker keeps working through a failed look
        logger.exception("Erinnerungen zur Autorisierung: Fehler, neuer Versuch in einer Minute")


def work(
    owner: str | None = None,
    *,
    once: bool = False,
    stop: threading.Event | None = None,
    poll: float = 2.0,
) -> int:
    """Take and run jobs until ``stop`` is set (or, with ``once``, until the queue is empty)."""
    import hearing.documentation.domain.handlers  # noqa: F401  registers the handlers

    owner = owner or new_owner()
    stop = stop or threading.Event()
    done = 0
    reminded = None  # when this worker last looked for authorisation reminders (monotonic)
    while not stop.is_set():
        _fresh_connection()
        if reminded is None or time.monotonic() - reminded >= REMIND_EVERY:
            reminded = time.monotonic()
            _remind()
        job = claim(owner)
        if job is None:
            if once:
                break
            stop.wait(poll)
            continue
        run(job, owner)
        done += 1
    _fresh_connection()
    return done


_thread: threading.Thread | None = None


def start_background_worker() -> None:
    """The embedded default: one worker thread inside the web server process."""
    global _thread
    if _thread is not None and _thread.is_alive():
        return

    def loop():
        while True:
            try:
                work()
            except Exception:  # keep the server's worker alive through database hiccups
                logger.exception("Job-Worker: Fehler, neuer Versuch in 10 s")
                time.sleep(10)

    _thread = threading.Thread(target=loop, name="hearing-job-worker", daemon=True)
    _thread.start()


__all__ = ["JobKind", "enqueue", "claim", "run", "work", "handler", "JobFailed", "LeaseLost"]
