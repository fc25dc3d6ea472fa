"""Demo step: a stand for each of Munich's AI systems and a few examples from elsewhere."""

from hearing.core.upsert import upsert
from hearing.marketplace.enums import StandKind
from hearing.marketplace.models import Stand
from hearing.register.enums import Source
from hearing.register.models import Record

PER_ROW = 5
KICC = "IT-Referat, KI Competence Center"
# Stands from elsewhere: title, exhibitor, kind, (source, source ids) of their register records
EXTERNAL = [
    (
        "KI in niederländischen Gemeinden: Amsterdam",
        "Gemeente Amsterdam",
        StandKind.COUNTRY,
        Source.NL,
        {"organisation": "Gemeente Amsterdam"},
    ),
    (
        "Algorithmic Transparency Records: Leeds City Council",
        "Leeds City Council",
        StandKind.COUNTRY,
        Source.UK,
        {"organisation": "Leeds City Council"},
    ),
]


def _place(number: int) -> dict:
    return {"plan_column": (number - 1) % PER_ROW + 1, "plan_row": (number - 1) // PER_ROW + 1}


def load(context: dict) -> None:
    hearing = context["hearing"]
    number = 0
    for record in Record.objects.filter(source=Source.MUNICH).order_by("name"):
        number += 1
        links = [
            {"title": title, "url": url}
            for title, url in (
                ("Anwendung", record.website),
                ("Quellcode", record.source_code_url),
            )
            if url
        ]
        stand, _ = upsert(
            Stand,
            {"hearing": hearing, "number": number},
            {
                "title": record.name,
                "exhibitor": KICC,
                "kind": StandKind.INTERNAL,
                "description": record.short_description,
                "contact": "",
                "links": links,
                **_place(number),
            },
        )
        stand.records.set([record])
    for title, exhibitor, kind, source, lookup in EXTERNAL:
        number += 1
        records = list(Record.objects.filter(source=source, **lookup).order_by("name")[:5])
        stand, _ = upsert(
            Stand,
            {"hearing": hearing, "number": number},
            {
                "title": title,
                "exhibitor": exhibitor,
                "kind": kind,
                "description": "",
                "contact": "",
                "links": [{"title": r.name, "url": r.source_url} for r in records if r.source_url],
                **_place(number),
            },
        )
        stand.records.set(records)
    context["stands"] = number
