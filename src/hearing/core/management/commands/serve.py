import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Startet Hearing mit dem ASGI-Server uvicorn (statische Dateien liefert die App selbst)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args, host, port, workers, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Hearing läuft auf http://{host}:{port}/ (Daten: {settings.DATA_DIR})")
        # Behind a reverse proxy: uvicorn takes the visitor's address and scheme from the
        # X-Forwarded-* headers of the proxies HEARING_TRUSTED_PROXIES names (else of 127.0.0.1).
        trusted = ",".join(str(network) for network in settings.TRUSTED_PROXIES)
        uvicorn.run(
            "hearing.asgi:application",
            host=host,
            port=port,
            workers=workers,
            proxy_headers=settings.HTTPS or bool(trusted),
            forwarded_allow_ips=trusted or "127.0.0.1",
            log_level="info",
            lifespan="off",
        )
