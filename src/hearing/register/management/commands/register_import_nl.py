from hearing.register.enums import Source
from hearing.register.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Importiert einen Export des niederländischen Algoritmeregisters (JSON)."
    source = Source.NL
