"""The harvester walk of ``hearing.oparl.crawler`` through Django's test client."""

from urllib.parse import urlsplit

from hearing.oparl.crawler import Crawl
from hearing.oparl.crawler import crawl as walk

START = "http://testserver/oparl/v1.1/"


def crawl(client, start: str = START) -> Crawl:
    def fetch(url: str):
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        if response.streaming:
            # Read downloads to the end: the test client then closes them without closing the
            # database connection, as response.close() would.
            b"".join(response.streaming_content)
            return response.status_code, None
        if response.get("Content-Type", "").startswith("application/json"):
            return response.status_code, response.json()
        return response.status_code, None

    return walk(fetch, start)
