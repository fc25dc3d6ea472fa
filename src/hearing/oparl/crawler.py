"""Walks an OParl API from its System object like a harvester and checks everything it reads.

Used by the tests (through Django's test client) and by ``hearing oparl_check`` (over HTTP).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from hearing.oparl.schema import BASE, problems

# fetch(url) -> (HTTP status, JSON document or None for pages that are not OParl)
Fetch = Callable[[str], tuple[int, dict | None]]


@dataclass
class Crawl:
    objects: dict[str, dict] = field(default_factory=dict)  # id -> object as fetched by its id
    lists: dict[str, dict] = field(default_factory=dict)  # list page URL -> page
    pages: set[str] = field(default_factory=set)  # other local pages (web, accessUrl)
    problems: list[str] = field(default_factory=list)

    def of_type(self, name: str) -> dict[str, dict]:
        return {key: obj for key, obj in self.objects.items() if obj["type"] == BASE + name}

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for obj in self.objects.values():
            name = obj["type"].removeprefix(BASE)
            found[name] = found.get(name, 0) + 1
        return found


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def links_in(obj, origin: str) -> list[str]:
    """Every URL on the server in an object and its embedded objects, except in deleted ones."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("deleted"):
                found.append(value["id"])
                return
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)
        elif isinstance(value, str) and value.startswith(origin):
            found.append(value)

    walk(obj)
    return found


def embedded(obj) -> list[dict]:
    """The OParl objects inside an object (embedded Location, AgendaItem, File, ...)."""
    found = []
    for value in obj.values():
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict) and "type" in child:
                found += [child, *embedded(child)]
    return found


def crawl(fetch: Fetch, start: str) -> Crawl:
    """Follow every link on the server from ``start``; ``problems`` lists what is wrong."""
    result = Crawl()
    origin = _origin(start)
    api = urlsplit(start).path
    queue, seen = [start], set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        status, document = fetch(url)
        if status != 200:
            result.problems.append(f"dangling link {url}: HTTP {status}")
            continue
        path = urlsplit(url).path
        # A File's downloadUrl is the file itself, not an OParl object.
        if not path.startswith(api) or path.endswith("/download"):
            result.pages.add(url)
            continue
        if document is None:
            result.problems.append(f"{url} is not JSON")
            continue
        if "data" in document:
            result.lists[url] = document
            for name in ("first", "prev", "next", "last"):
                if name in document.get("links", {}):
                    queue.append(document["links"][name])
                elif name in ("first", "last"):
                    result.problems.append(f"{url} lacks the paging link {name}")
            for obj in document["data"]:
                result.problems += [f"{url} {obj.get('id')}: {p}" for p in problems(obj)]
                queue += links_in(obj, origin)
            continue
        if document.get("id") != url:
            result.problems.append(f"{url} answers with id {document.get('id')}")
        result.problems += [f"{url}: {p}" for p in problems(document)]
        result.objects[url] = document
        queue += links_in(document, origin)
    # What a list holds is the same object its own URL gives.
    for page in result.lists.values():
        for obj in page["data"]:
            if result.objects.get(obj["id"]) != obj:
                result.problems.append(f"{obj['id']} differs between its list and its URL")
    for obj in list(result.objects.values()):
        for child in embedded(obj):
            if child["id"] not in result.objects:
                result.problems.append(f"embedded {child['id']} has no URL of its own")
            for key in ("created", "modified"):
                if key not in child:
                    result.problems.append(f"embedded {child['id']} lacks {key}")
    return result
