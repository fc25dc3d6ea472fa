import os
import signal
import threading

from django.core.management.base import BaseCommand

from hearing.captions.worker import watch


class Command(BaseCommand):
    help = (
        "Live-Untertitel: erkennt den Ton der Livestreams, für die Untertitel eingeschaltet sind, "
        "und schickt die Zeilen über die Live-Ereignisse (Strg+C beendet)."
    )

    def add_arguments(self, parser):
        from django.conf import settings

        parser.add_argument(
            "--interim",
            type=float,
            default=settings.CAPTIONS_INTERIM_MS / 1000,
            help="Sekunden Ton zwischen Zwischenständen (0: nur fertige Zeilen; "
            "Vorgabe: HEARING_CAPTIONS_INTERIM_MS)",
        )

    def handle(self, *args, interim, **options):
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        parent = os.getppid()

        def orphaned():
            # Started by `hearing stream`: when that is gone (killed hard), end with it.
            while not stop.wait(1.0):
                if os.getppid() != parent:
                    stop.set()

        threading.Thread(target=orphaned, daemon=True).start()
        self.stdout.write("Untertitel: warte auf Livestreams mit eingeschalteten Untertiteln …")
        try:
            watch(stop=stop, interim_every=interim)
        except KeyboardInterrupt:
            stop.set()
