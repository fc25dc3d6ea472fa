from django.core.management.base import BaseCommand

from hearing.media.domain.nginx import StreamServer
from hearing.media.domain.probe import MediaFileError
from hearing.media.domain.recordings import leftover_recordings, register_stream_recording


class Command(BaseCommand):
    help = (
        "Registriert Aufzeichnungen, die nginx abgeschlossen hat, die aber nie angemeldet wurden "
        "(z. B. weil die Plattform beim Ende der Sendung nicht lief)."
    )

    def handle(self, *args, **options):
        folder = StreamServer.default().record_dir
        found = leftover_recordings(folder) if folder.is_dir() else []
        if not found:
            self.stdout.write("Keine offenen Aufzeichnungen.")
        for path, name, started_at in found:
            try:
                recording = register_stream_recording(path, name, started_at=started_at)
            except MediaFileError as exc:
                self.stderr.write(f"{path.name}: {exc}")
                continue
            if recording is None:
                self.stdout.write(f"{path.name}: leer oder kein Hearing „{name}“, bleibt liegen.")
            else:
                self.stdout.write(
                    f"{path.name}: registriert als {recording} ({recording.duration:.1f} s)"
                )
