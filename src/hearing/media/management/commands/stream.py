import shutil
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError

from hearing.media.domain.nginx import RTMP_MODULE, StreamServer


class Command(BaseCommand):
    help = (
        "Schreibt die nginx-Konfiguration für Livestream und Aufzeichnung aus den Einstellungen "
        "und startet nginx (RTMP-Eingang, HLS, Aufzeichnung) im Vordergrund."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--config-only", action="store_true", help="nur die Konfiguration schreiben"
        )

    def handle(self, *args, config_only=False, **options):
        from django.conf import settings

        server = StreamServer.default()
        conf = server.write_config()
        self.stdout.write(f"nginx-Konfiguration: {conf}")
        if config_only:
            return
        if not shutil.which("nginx"):
            raise CommandError("nginx fehlt: scripts/install-system-deps.sh installiert es.")
        from pathlib import Path

        if not Path(RTMP_MODULE).exists():
            raise CommandError(f"{RTMP_MODULE} fehlt: Paket libnginx-mod-rtmp installieren.")
        check = subprocess.run([*server.command(), "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise CommandError(check.stderr.strip())
        self.stdout.write(
            f"Encoder (OBS/ffmpeg): {settings.STREAM_INGEST_URL}  – Streamschlüssel: "
            "Backoffice → Hearing → Livestream\n"
            f"HLS: {settings.STREAM_HLS_URL}/<hearing>.m3u8\n"
            f"Rückmeldungen an: {settings.STREAM_CALLBACK_URL}\n"
            "Beenden mit Strg+C."
        )
        process = subprocess.Popen(server.command())

        def stop(signum, frame):
            process.send_signal(signal.SIGQUIT)  # graceful: running recordings are closed

        signal.signal(signal.SIGTERM, stop)
        try:
            code = process.wait()
        except KeyboardInterrupt:
            process.send_signal(signal.SIGQUIT)
            code = process.wait()
        sys.exit(code)
