from django.core.management.base import BaseCommand

from hearing.media.domain.nginx import StreamServer
from hearing.media.domain.probe import MediaFileError
from hearing.media.domain.recordings import leftover_recordings, register_stream_recording
from hearing.media.models import Track


class Command(BaseCommand):
    help = (
        "Registriert Aufzeichnungen, die nginx abgeschlossen hat, die aber nie angemeldet wurden "
        "(z. B. weil die Plattform beim Ende der Sendung nicht lief)."
    )

    def handle(self, *args, **options):
        server = StreamServer.default()
        found = [
            (*leftover, track)
            for folder, track in (
                (server.record_dir, Track.PROGRAMME),
                (server.sign_record_dir, Track.SIGN),
            )
            if folder.is_dir()
            for leftover in leftover_recordings(folder, track)
        ]
        if not found:
            self.stdout.write("Keine offenen Aufzeichnungen.")
        for path, name, started_at, track in found:
            try:
                recording = register_stream_recording(
                    path, name, started_at=started_at, track=track
                )
            except MediaFileError as exc:
                self.stderr.write(f"{path.name}: {exc}")
                continue
            if recording is None:
                self.stdout.write(f"{path.name}: leer oder kein Hearing „{name}“, bleibt liegen.")
            else:
                self.stdout.write(
                    f"{path.name}: registriert als {recording} ({recording.duration:.1f} s)"
                )
