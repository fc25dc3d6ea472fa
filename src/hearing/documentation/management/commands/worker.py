import signal
import threading

from django.core.management.base import BaseCommand

from hearing.documentation.domain.jobs import new_owner, work


class Command(BaseCommand):
    help = (
        "Arbeitet Hintergrundaufträge ab (Transkription, Protokoll). Ein abgebrochener Auftrag "
        "wird nach Ablauf seiner Sperre wieder aufgenommen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="beenden, wenn nichts mehr wartet")

    def handle(self, *args, once, **options):
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        owner = new_owner()
        self.stdout.write(f"Worker {owner} gestartet.")
        done = work(owner, once=once, stop=stop)
        self.stdout.write(f"{done} Auftrag/Aufträge erledigt.")
