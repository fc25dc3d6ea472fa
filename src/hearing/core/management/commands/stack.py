import os
import shutil
import subprocess

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hearing.core.management.commands.serve import collect_static_once
from hearing.core.stack import ROLES, Stack

RTMP_MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so"


class Command(BaseCommand):
    help = (
        "Startet die Produktionsaufstellung im Vordergrund: nginx vorn, App-Prozesse (einer je "
        "Kern), Hintergrund-Worker und Streaming-Server unter supervisord. Braucht PostgreSQL "
        "(HEARING_DATABASE_URL) und Redis (HEARING_REDIS_URL). Beenden mit Strg+C."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--role",
            choices=ROLES,
            default="all",
            help="all: alles (Voreinstellung); app: nur App-Prozesse und Worker (weitere Hosts)",
        )
        parser.add_argument(
            "--config-only", action="store_true", help="nur die Konfiguration schreiben"
        )

    def handle(self, *args, role, config_only, **options):
        problems = []
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            problems.append(
                "HEARING_DATABASE_URL muss auf PostgreSQL zeigen (postgres://…): SQLite lässt "
                "mehrere Prozesse nur nacheinander schreiben."
            )
        if not settings.REDIS_URL:
            problems.append(
                "HEARING_REDIS_URL fehlt (redis://…): über Redis erreichen Ereignisse, Cache und "
                "Rate-Limits alle Prozesse."
            )
        if problems:
            raise CommandError("\n".join(problems))
        stack = Stack.from_settings(role=role)
        for path in stack.write():
            self.stdout.write(f"Konfiguration: {path}")
        if config_only:
            return
        if role == "all":
            self._check_nginx(stack)
        collect_static_once()
        entry = f"http://{stack.host}:{stack.port}/" if role == "all" else "(hinter dem nginx vorn)"
        self.stdout.write(
            f"Hearing: {entry}  –  {stack.processes} App-Prozess(e) auf "
            f"{stack.app_host}:{stack.app_ports[0]}–{stack.app_ports[-1]}, "
            f"{stack.workers} Worker" + (", Streaming-Server, nginx" if role == "all" else "")
        )
        self.stdout.write(
            f"Status: {' '.join(stack.supervisorctl_command('status'))}\nBeenden mit Strg+C."
        )
        self.stdout.flush()
        # supervisord takes this process's place: Ctrl+C reaches it, it stops every program.
        command = stack.supervisord_command()
        os.execv(command[0], command)  # noqa: S606 - our own binary, no shell

    def _check_nginx(self, stack: Stack) -> None:
        if not shutil.which("nginx"):
            raise CommandError("nginx fehlt: scripts/install-system-deps.sh installiert es.")
        if not os.path.exists(RTMP_MODULE):
            raise CommandError(f"{RTMP_MODULE} fehlt: Paket libnginx-mod-rtmp installieren.")
        check = subprocess.run([*stack.nginx_command(), "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise CommandError(f"nginx-Konfiguration {stack.nginx_conf}: {check.stderr.strip()}")
