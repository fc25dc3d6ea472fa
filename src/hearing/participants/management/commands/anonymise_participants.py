from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hearing.participants.domain.privacy import anonymise_expired


class Command(BaseCommand):
    help = (
        "Anonymisiert die personenbezogenen Daten der Teilnehmenden, deren Hearing länger als "
        "HEARING_RETENTION_DAYS Tage zurückliegt. Zählungen bleiben erhalten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Tage nach dem Hearing (Standard: HEARING_RETENTION_DAYS = {settings.HEARING_RETENTION_DAYS})",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days darf nicht negativ sein.")
        count = anonymise_expired(days=days)
        self.stdout.write(f"{count} Teilnehmende anonymisiert.")
