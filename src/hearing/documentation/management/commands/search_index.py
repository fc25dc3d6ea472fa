from django.core.management.base import BaseCommand

from hearing.documentation.domain.search import reindex_all


class Command(BaseCommand):
    help = "Baut den Suchindex (Transkripte, Fragen, Tagesordnungen, KI-Register) neu auf."

    def handle(self, *args, **options):
        self.stdout.write(f"{reindex_all()} Einträge im Suchindex.")
