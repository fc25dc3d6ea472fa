from django.core.management.base import BaseCommand

from hearing import demo


class Command(BaseCommand):
    help = "Lädt das Demo-Hearing „KI in der Stadtverwaltung“ (7. Juni 2024). Mehrfach ausführbar."

    def handle(self, *args, **options):
        context = demo.load(stdout=self.stdout)
        hearing = context["hearing"]
        self.stdout.write(
            self.style.SUCCESS(f"Demo-Hearing bereit: {hearing.title} ({hearing.slug})")
        )
        for username, password, role in context.get("demo_users", []):
            self.stdout.write(f"  Demo-Zugang {role}: {username} / {password}")
