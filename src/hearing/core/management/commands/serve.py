import fcntl
from pathlib import Path

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from hearing.core.logfilters import access_log_config


def collect_static_once() -> None:
    """collectstatic under an exclusive lock on the data directory: several ``hearing serve``
    started at the same moment (one per core, or by a supervisor) take turns, the later ones find
    everything in place, instead of two writing the same files and one failing half-way."""
    lock_path = Path(settings.DATA_DIR) / ".collectstatic.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Command(BaseCommand):
    help = "Startet Hearing mit dem ASGI-Server uvicorn (statische Dateien liefert die App selbst)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="statische Dateien nicht sammeln (das hat `hearing stack` schon getan)",
        )
        parser.add_argument(
            "--access-log",
            action="store_true",
            help=(
                "eine Zeile je Anfrage (Netzadresse, Pfad) zur Fehlersuche; aus, weil die "
                "Datenschutzhinweise sagen, dass die Plattform keine Zugriffe protokolliert"
            ),
        )

    def handle(self, *args, host, port, workers, no_collectstatic, access_log, **options):
        if not no_collectstatic:
            collect_static_once()
        self.stdout.write(f"Hearing läuft auf http://{host}:{port}/ (Daten: {settings.DATA_DIR})")
        # Behind a reverse proxy: uvicorn takes the visitor's address and scheme from the
        # X-Forwarded-* headers of the proxies HEARING_TRUSTED_PROXIES names (else of 127.0.0.1).
        trusted = ",".join(str(network) for network in settings.TRUSTED_PROXIES)
        uvicorn.run(
            "hearing.asgi:application",
            host=host,
            port=port,
            workers=workers,
            proxy_headers=settings.HTTPS or bool(trusted),
            forwarded_allow_ips=trusted or "127.0.0.1",
            log_level="info",
            access_log=access_log,
            # When on: the streaming server's callbacks' secret and personal links kept out of it.
            log_config=access_log_config(),
            lifespan="off",
        )
