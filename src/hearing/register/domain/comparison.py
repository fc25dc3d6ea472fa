"""Munich compared with Dutch municipalities and UK councils: counts per dimension, and charts.

Which organisations count as municipalities is derived from the data when importing (see
``is_nl_municipality`` and ``is_uk_council`` in ``domain/importers.py``): a Dutch organisation whose
name starts with "Gemeente ", a UK body whose name ends in "Council" or starts with "London
Borough of". Munich's group is the city's own records. Shares are per group, because the groups
differ in size by two orders of magnitude.
"""

import hashlib
import io
import json

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils.translation import (
    get_language,  # noqa: E402
    gettext_lazy,  # noqa: E402
)
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from hearing.register.enums import Country, Source, Status, Technique, Ternary, Theme  # noqa: E402
from hearing.register.models import Record  # noqa: E402

GROUPS = [
    ("munich", gettext_lazy("München"), Q(source__in=[Source.MUNICH, Source.MANUAL])),
    (
        "nl",
        gettext_lazy("Niederländische Gemeinden"),
        Q(country=Country.NL, is_municipality=True),
    ),
    ("uk", gettext_lazy("Britische Councils"), Q(country=Country.GB, is_municipality=True)),
]
DIMENSIONS = {
    "status": (gettext_lazy("Status"), Status.choices),
    "theme": (gettext_lazy("Thema"), Theme.choices),
    "impact_assessment": (
        gettext_lazy("Folgenabschätzung durchgeführt"),
        Ternary.choices,
    ),
    "technique": (gettext_lazy("Technik"), Technique.choices),
}
COLOURS = ["#00457c", "#a4001d", "#1b5e20"]
HATCHES = ["", "//", ".."]


def _group_case():
    from django.db.models import Case, CharField, Value, When

    return Case(
        *[When(condition, then=Value(key)) for key, _label, condition in GROUPS],
        default=Value(""),
        output_field=CharField(),
    )


def counts(dimension: str) -> dict:
    """``{"rows": [(label, [count per group])], "totals": [...]}`` for one dimension."""
    if dimension not in DIMENSIONS:
        raise KeyError(dimension)
    _label, choices = DIMENSIONS[dimension]
    found: dict[tuple[str, str], int] = {}
    query = (
        Record.objects.filter(withdrawn_at__isnull=True)
        .annotate(group=_group_case())
        .exclude(group="")
        .values_list("group", dimension)
        .annotate(n=Count("id"))
        .order_by()
    )
    for group, value, n in query:
        found[(group, value)] = found.get((group, value), 0) + n
    keys = [key for key, _l, _c in GROUPS]
    totals = [sum(n for (g, _v), n in found.items() if g == key) for key in keys]
    rows = []
    for value, label in [*choices, ("", _("nicht angegeben"))]:
        row = [found.get((key, value), 0) for key in keys]
        if any(row):
            rows.append((str(label), row))
    return {"rows": rows, "totals": totals}


def table(dimension: str) -> dict:
    """The counts with shares, as the page's data table shows them."""
    data = counts(dimension)
    rows = [
        {
            "label": label,
            "cells": [
                {"n": n, "share": round(100 * n / total) if total else 0}
                for n, total in zip(row, data["totals"], strict=True)
            ],
        }
        for label, row in data["rows"]
    ]
    return {"rows": rows, "totals": data["totals"]}


def render_svg(dimension: str, data: dict, title: str) -> str:
    labels = [label for label, _row in data["rows"]][::-1]
    group_labels = [str(label) for _key, label, _c in GROUPS]
    height = 1.2 + 0.55 * len(labels)
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "hearing", "font.size": 12}
    ):
        figure = Figure(figsize=(8, height + 0.4), dpi=100)
        axes = figure.add_subplot()
        bar = 0.8 / len(GROUPS)
        for index, group in enumerate(group_labels):
            total = data["totals"][index] or 1
            shares = [100 * row[index] / total for _label, row in data["rows"]][::-1]
            positions = [
                y + (len(GROUPS) - 1 - index) * bar - 0.4 + bar / 2 for y in range(len(labels))
            ]
            axes.barh(
                positions,
                shares,
                height=bar,
                label=group,
                color=COLOURS[index],
                hatch=HATCHES[index],
                edgecolor="#ffffff",
                linewidth=0.5,
            )
        axes.set_yticks(range(len(labels)), labels)
        axes.set_xlabel(_("Anteil an den Einträgen der Gruppe (%)"))
        axes.set_xlim(0, 100)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = out.getvalue()
    # Screen readers read the chart's name from <title>; the data table beside it has the numbers.
    start = svg.index("<svg")
    head_end = svg.index(">", start) + 1
    title_xml = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        svg[start : head_end - 1]
        + ' role="img" aria-labelledby="chart-title">'
        + f'<title id="chart-title">{title_xml}</title>'
        + svg[head_end:]
    )


def chart(dimension: str) -> str:
    """The dimension's chart as SVG, cached until the counts or the language change."""
    data = counts(dimension)
    title = _("Vergleich nach %(dimension)s") % {"dimension": DIMENSIONS[dimension][0]}
    digest = hashlib.sha256(json.dumps([data, title]).encode()).hexdigest()[:20]
    key = f"register:chart:{dimension}:{get_language()}:{digest}"
    svg = cache.get(key)
    if svg is None:
        svg = render_svg(dimension, data, title)
        cache.set(key, svg, 24 * 3600)
    return svg
