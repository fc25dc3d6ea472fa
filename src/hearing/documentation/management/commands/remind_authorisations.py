from django.core.management.base import BaseCommand

from hearing.documentation.domain.authorisation import remind_due


class Command(BaseCommand):
    help = (
        "Erinnert Redende, deren Frist zur Autorisierung in weniger als zwei Tagen endet "
        "(jede*n einmal; der Worker tut das jede Minute von selbst)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{remind_due()} Erinnerung(en) gesendet.")
