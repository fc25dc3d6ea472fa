from hearing.register.enums import Source
from hearing.register.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Importiert die Algorithmic Transparency Records des Vereinigten Königreichs (JSON)."
    source = Source.UK
