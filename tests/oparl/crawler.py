"""Walks the OParl API from the System object like a harvester, checking everything it reads."""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from hearing.oparl.schema import BASE, problems

HOST = "http://testserver"


@dataclass
class Crawl:
    objects: dict[str, dict] = field(default_factory=dict)  # id -> object as fetched by its id
    lists: dict[str, dict] = field(default_factory=dict)  # list page URL -> page
    pages: set[str] = field(default_factory=set)  # other local pages (web, accessUrl)
    problems: list[str] = field(default_factory=list)

    def of_type(self, name: str) -> dict[str, dict]:
        return {key: obj for key, obj in self.objects.items() if obj["type"] == BASE + name}


def links_in(obj) -> list[str]:
    """Every local URL in an object and its embedded objects, except in deleted ones."""
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
        elif isinstance(value, str) and value.startswith(HOST + "/"):
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


def crawl(client, start: str = HOST + "/oparl/v1.1/") -> Crawl:
    result = Crawl()
    queue, seen = [start], set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url)
        local = path.path + (f"?{path.query}" if path.query else "")
        response = client.get(local)
        if response.status_code != 200:
            result.problems.append(f"dangling link {url}: HTTP {response.status_code}")
            continue
        if not path.path.startswith("/oparl/"):
            result.pages.add(url)
            # Read downloads to the end: the test client then closes them without closing the
            # database connection, as response.close() would.
            if response.streaming:
                b"".join(response.streaming_content)
            continue
        document = response.json()
        if "data" in document:
            result.lists[url] = document
            for name in ("first", "prev", "next", "last"):
                if name in document["links"]:
                    queue.append(document["links"][name])
            for obj in document["data"]:
                result.problems += [f"{url} {obj.get('id')}: {p}" for p in problems(obj)]
                queue += links_in(obj)
            continue
        if document.get("id") != url:
            result.problems.append(f"{url} answers with id {document.get('id')}")
        result.problems += [f"{url}: {p}" for p in problems(document)]
        result.objects[url] = document
        queue += links_in(document)
    # What a list or a parent embeds is the same object its own URL gives.
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
