"""Shared body of the three import commands."""

from django.core.management.base import BaseCommand, CommandError

from hearing.register.domain.importers import DEFAULT_PATHS, import_source
from hearing.register.domain.sync import ImportFailed


class ImportCommand(BaseCommand):
    source = ""

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help=f"Standard: {DEFAULT_PATHS[self.source]}", default=None
        )
        parser.add_argument(
            "--allow-withdraw",
            action="store_true",
            help="auch dann zurückziehen, wenn mehr als ein Zehntel der Datensätze fehlt",
        )

    def handle(self, *args, **options):
        try:
            report = import_source(
                self.source, options["path"], allow_withdraw=options["allow_withdraw"]
            )
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        for where, reason in report.skipped:
            self.stdout.write(f"  übersprungen: {where}: {reason}")
        for where, reason in report.errors:
            self.stderr.write(f"  fehlerhaft: {where}: {reason}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
