"""``hearing oparl_check [URL]``: crawl a running OParl API and validate it against the schemas."""

import json
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.core.management.base import BaseCommand, CommandError

from hearing.oparl.crawler import crawl

TIMEOUT = 30


def fetch(url: str):
    if urlsplit(url).scheme not in ("http", "https"):
        return 0, None
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310 (http(s) only)
    try:
        with urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only)
            body = response.read()
            if response.headers.get_content_type() == "application/json":
                return response.status, json.loads(body)
            return response.status, None
    except HTTPError as error:
        return error.code, None


class Command(BaseCommand):
    help = "Folgt jedem Link einer OParl-Schnittstelle und prüft jedes Objekt gegen die Schemas."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", default="http://127.0.0.1:8000/oparl/v1.1/")

    def handle(self, *args, url, **options):
        result = crawl(fetch, url)
        for name, count in sorted(result.counts().items()):
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"lists: {len(result.lists)}, other pages: {len(result.pages)}")
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(result.problems)} problems")
        self.stdout.write(self.style.SUCCESS("OK: every link resolves, every object is valid."))
