import shutil
import signal
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from hearing.core.logfilters import ACCESS_LOG_SECONDS
from hearing.media.domain.nginx import RTMP_MODULE, StreamServer
from hearing.media.domain.stream import reset_after_server_stop

GRACE_SECONDS = 10


class Command(BaseCommand):
    help = (
        "Schreibt die nginx-Konfiguration für Livestream und Aufzeichnung aus den Einstellungen "
        "und startet nginx (RTMP-Eingang, HLS, Aufzeichnung) im Vordergrund."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--config-only", action="store_true", help="nur die Konfiguration schreiben"
        )
        parser.add_argument(
            "--no-captions",
            action="store_true",
            help="den Untertitel-Dienst (hearing captions) nicht mitstarten",
        )

    def handle(self, *args, config_only=False, no_captions=False, **options):
        from django.conf import settings

        server = StreamServer.default()
        conf = server.write_config()
        self.stdout.write(f"nginx-Konfiguration: {conf}")
        if config_only:
            return
        if not shutil.which("nginx"):
            raise CommandError("nginx fehlt: scripts/install-system-deps.sh installiert es.")
        if not Path(RTMP_MODULE).exists():
            raise CommandError(f"{RTMP_MODULE} fehlt: Paket libnginx-mod-rtmp installieren.")
        check = subprocess.run([*server.command(), "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise CommandError(check.stderr.strip())
        self._tidy_up()
        self.stdout.write(
            f"Encoder (OBS/ffmpeg): {settings.STREAM_INGEST_URL}  – Streamschlüssel: "
            "Backoffice → Moderationskonsole → Livestream und Aufzeichnungen verwalten\n"
            f"HLS: {settings.STREAM_HLS_URL}/<hearing>.m3u8\n"
            f"Rückmeldungen an: {settings.STREAM_CALLBACK_URL}\n"
            "Beenden mit Strg+C."
        )
        # Own session: Ctrl+C reaches this command only, which stops nginx gracefully.
        process = server.start(start_new_session=True)
        # The caption worker recognises the hearings whose live captions are switched on; it
        # idles (a query every half second) while none is.
        captions = None
        if not no_captions:
            hearing = str(Path(sys.executable).parent / "hearing")
            captions = subprocess.Popen([hearing, "captions"], start_new_session=True)

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            code = None
            while code is None:
                try:
                    code = process.wait(timeout=ACCESS_LOG_SECONDS)
                except subprocess.TimeoutExpired:
                    server.rotate_access_log(process)
        except KeyboardInterrupt:
            self.stdout.write("nginx wird beendet …")
            process.send_signal(signal.SIGQUIT)  # graceful: open recordings are closed
            try:
                code = process.wait(timeout=GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                # An encoder still connected keeps a graceful nginx alive; stop it now.
                process.terminate()
                code = process.wait()
        if captions is not None:
            captions.terminate()
            try:
                captions.wait(timeout=GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                captions.kill()
                captions.wait()
        self._tidy_up()
        sys.exit(code if code and code > 0 else 0)

    def _tidy_up(self):
        """Nothing publishes while nginx is down; register what it recorded but never reported."""
        for stream in reset_after_server_stop():
            self.stdout.write(f"{stream.hearing.slug}: als offline markiert")
        call_command("register_recordings", stdout=self.stdout, stderr=self.stderr)
