"""The register's search, one for every place that searches it (issue 14, Deliver 6): the
register list's search field and the cross-hearing search both call :func:`find`, so they find
the same records in the same order.

A record matches when every word of the query is in its search text (models.search_text): as
written, also inside a longer word ("daten" in "Verwaltungsdaten"), or in another form through
its German Snowball stem (core.stemming: "Verwaltungen" finds "Verwaltung"). Order: records
with every word in their name first (the more relevant), and at equal relevance the city's own
(the Munich system cards and what organisers entered here) before foreign ones, then by name.
"""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from hearing.core.stemming import stems
from hearing.register.enums import Source
from hearing.register.models import Record

MAX_WORDS = 10  # words of a query that count; the rest is left out
OWN = [Source.MUNICH, Source.MANUAL]


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` narrowed to the records that match every word of ``query``."""
    for term in (query or "").split()[:MAX_WORDS]:
        match = Q(search_text__contains=term.casefold())
        if stemmed := stems(term):
            # Long stems also inside compounds ("Verwaltungen" → "Stadtverwaltung"); short ones
            # only as whole words, or "dat" would match "update".
            match |= Q(search_text__contains=stemmed if len(stemmed) >= 5 else f" {stemmed} ")
        queryset = queryset.filter(match)
    return queryset


def ranked(queryset: QuerySet, query: str) -> QuerySet:
    """``queryset`` in the search's order for ``query``: name matches first, own records before
    foreign ones at equal relevance, then by name (a stable order: the id breaks ties)."""
    in_name = Q()
    for term in (query or "").split()[:MAX_WORDS]:
        in_name &= Q(name__icontains=term)
    return queryset.annotate(
        _own=Case(
            When(source__in=OWN, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        _in_name=Case(When(in_name, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("_in_name", "_own", "name", "id")


def find(query: str, *, withdrawn: bool = False) -> QuerySet:
    """The public records matching ``query``, in the search's order (withdrawn ones only with
    ``withdrawn``)."""
    records = Record.objects.all()
    if not withdrawn:
        records = records.filter(withdrawn_at__isnull=True)
    return ranked(matching(records, query), query)
