"""Paging and the OParl list filters (``created_since`` ... ``limit``), checked before any query."""

from dataclasses import dataclass, field
from datetime import datetime, time
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from hearing.core.text import is_number

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}


class BadRequest(Exception):
    """The query string is not usable; the message says why, for the 400 response."""


class PageNotFound(Exception):
    pass


@dataclass
class ListParams:
    limit: int = DEFAULT_LIMIT
    page: int = 1
    filters: dict[str, datetime] = field(default_factory=dict)
    # The filter values as given, so the paging links repeat them unchanged.
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def asks_for_changes(self) -> bool:
        """Whether the client syncs by ``modified_since``: only then do lists show deleted
        objects (OParl 1.1, chapter 2-05 "Gelöschte Objekte")."""
        return "modified_since" in self.raw

    def leave_out_deleted(self, queryset: QuerySet, deleted) -> QuerySet:
        """``queryset`` without the records matching ``deleted`` (a Q), unless the client asks
        for changes, where deleted objects are how it learns of deletions."""
        return queryset if self.asks_for_changes else queryset.exclude(deleted)

    def apply(self, queryset: QuerySet, modified: str = "modified") -> QuerySet:
        """``modified`` names the field or annotation that holds the object's "modified"."""
        return queryset.filter(
            **{key.replace("modified__", f"{modified}__"): v for key, v in self.filters.items()}
        )


def _positive_int(name: str, value: str, upper: int | None = None) -> int:
    if not is_number(value) or int(value) < 1 or len(value) > 9:
        raise BadRequest(
            _("„%(name)s“ muss eine ganze Zahl ab 1 sein, nicht „%(value)s“.")
            % {"name": name, "value": value}
        )
    number = int(value)
    if upper is not None and number > upper:
        raise BadRequest(
            _("„%(name)s“ darf höchstens %(upper)s sein.") % {"name": name, "upper": upper}
        )
    return number


def _moment(name: str, value: str) -> datetime:
    text = value.strip()
    # An unencoded "+01:00" in a query string arrives as " 01:00".
    if len(text) > 19 and text[-6] == " ":
        text = text[:-6] + "+" + text[-5:]
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest(
            _(
                "„%(name)s“ muss ein Zeitpunkt nach ISO 8601 sein, z. B. 2024-06-07T09:30:00+02:00, "
                "nicht „%(value)s“."
            )
            % {"name": name, "value": value}
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse(query) -> ListParams:
    params = ListParams()
    if "limit" in query:
        params.limit = _positive_int("limit", query["limit"], MAX_LIMIT)
        params.raw["limit"] = query["limit"]
    if "page" in query:
        params.page = _positive_int("page", query["page"])
    for name, (field_name, lookup) in FILTERS.items():
        if name in query:
            params.filters[f"{field_name}__{lookup}"] = _moment(name, query[name])
            params.raw[name] = query[name]
    return params


def pagination(total: int, params: ListParams) -> dict:
    pages = max(1, -(-total // params.limit))
    if params.page > pages:
        raise PageNotFound
    return {
        "totalElements": total,
        "elementsPerPage": params.limit,
        "currentPage": params.page,
        "totalPages": pages,
    }


def links(base_url: str, params: ListParams, pages: int) -> dict:
    def at(page: int) -> str:
        query = {**params.raw, **({"page": str(page)} if page > 1 else {})}
        return f"{base_url}?{urlencode(query)}" if query else base_url

    found = {"first": at(1), "self": at(params.page), "last": at(pages)}
    if params.page > 1:
        found["prev"] = at(params.page - 1)
    if params.page < pages:
        found["next"] = at(params.page + 1)
    return found


def offset(params: ListParams) -> int:
    return (params.page - 1) * params.limit
