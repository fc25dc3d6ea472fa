from hearing.register.enums import Source
from hearing.register.management.commands._base import ImportCommand


class Command(ImportCommand):
    help = "Importiert die System Cards der Stadt München (Ordner mit .md-Dateien)."
    source = Source.MUNICH
