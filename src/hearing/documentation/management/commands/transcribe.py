import hashlib
import mimetypes
import sys
from datetime import datetime
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hearing.documentation.asr import audio
from hearing.documentation.asr.base import MediaError
from hearing.documentation.domain.jobs import claim, enqueue, new_owner, run
from hearing.documentation.enums import JobKind, JobState
from hearing.documentation.models import Job
from hearing.hearings.models import Hearing
from hearing.media.models import Recording


def bar(job: Job, width: int = 30) -> str:
    filled = int(job.progress * width)
    eta = f", noch ~{job.eta_seconds} s" if job.eta_seconds else ""
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {job.percent:3d} %{eta}   "


class Command(BaseCommand):
    help = (
        "Transkribiert eine Aufzeichnung (Nummer) oder eine Datei (wird als hochgeladene "
        "Aufzeichnung des Hearings angelegt) und zeigt den Fortschritt."
    )

    def add_arguments(self, parser):
        parser.add_argument("recording", help="Nummer einer Aufzeichnung oder Pfad einer Datei")
        parser.add_argument("--hearing", help="Kurzname des Hearings (bei einer Datei)")
        parser.add_argument(
            "--started-at",
            help="Uhrzeit des Aufnahmebeginns, ISO 8601 (bei einer Datei; Standard: Hearing-Beginn)",
        )
        parser.add_argument("--window", type=float, help="Fenster in Sekunden (Standard 120)")

    def handle(self, *args, recording, hearing, started_at, window, **options):
        target = self._recording(recording, hearing, started_at)
        options_ = {"window": window} if window else None
        job = enqueue(JobKind.TRANSCRIBE, target.hearing, recording=target, options=options_)
        owner = new_owner()
        taken = claim(owner, kinds=[JobKind.TRANSCRIBE])
        if taken is None or taken.pk != job.pk:
            raise CommandError(f"Auftrag #{job.pk} wird bereits von einem Worker bearbeitet.")
        out = self.stdout if self.stdout.isatty() else None
        stream = sys.stderr

        def show(current):
            stream.write(bar(current))
            stream.flush()

        finished = run(taken, owner, listener=show)
        stream.write(bar(finished) + "\n")
        if finished.state != JobState.DONE:
            raise CommandError(finished.error or finished.state)
        transcript = target.transcript
        transcript.refresh_from_db()
        (out or self.stdout).write(
            f"Transkript: {transcript.segments.count()} Abschnitte, "
            f"Konfidenz {transcript.confidence:.2f}, Modell {transcript.model}"
        )

    def _recording(self, value: str, slug: str | None, started_at: str | None) -> Recording:
        if value.isdigit() and not Path(value).exists():
            try:
                return Recording.objects.select_related("hearing").get(pk=int(value))
            except Recording.DoesNotExist:
                raise CommandError(f"Aufzeichnung {value} gibt es nicht.") from None
        path = Path(value)
        if not slug:
            raise CommandError("Bei einer Datei bitte --hearing KURZNAME angeben.")
        try:
            hearing = Hearing.objects.get(slug=slug)
        except Hearing.DoesNotExist:
            raise CommandError(f"Hearing {slug!r} gibt es nicht.") from None
        try:
            info = audio.probe(path)
        except MediaError as exc:
            raise CommandError(str(exc)) from None
        if started_at:
            try:
                start = datetime.fromisoformat(started_at)
            except ValueError:
                raise CommandError("--started-at: erwartet z. B. 2024-06-07T09:30:00") from None
            if timezone.is_naive(start):
                start = timezone.make_aware(start)
        else:
            start = hearing.planned_start_at
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        existing = Recording.objects.filter(hearing=hearing, sha256=digest.hexdigest()).first()
        if existing:
            return existing
        recording = Recording(
            hearing=hearing,
            title=path.name,
            source=Recording.Source.UPLOAD,
            started_at=start,
            duration=info.duration,
            size=path.stat().st_size,
            sha256=digest.hexdigest(),
            mime_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            has_video=info.has_video,
        )
        with path.open("rb") as handle:
            recording.file.save(path.name, File(handle), save=True)
        return recording
