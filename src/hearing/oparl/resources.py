"""Which records OParl shows and how each becomes an OParl object.

Every resource knows its records with deleted ones included (shown as ``deleted: true``); a list
includes them only when the client asks what changed (``modified_since``, OParl 1.1 chapter 2-05),
never anything a public page would not show: non-public hearings and persons are left out
entirely. Querysets fetch what ``serialize`` reads, so a list costs the same number of queries
whatever its length; ``prepare`` may add one query per file provider for a whole page.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from hearing.council.models import (
    Body,
    LegislativeTerm,
    Location,
    Membership,
    Organization,
    Paper,
    Person,
)
from hearing.hearings.models import AgendaItem, Hearing, ItemPeriod
from hearing.oparl import files
from hearing.oparl.schema import required, type_url

ALWAYS_KEPT = ("id", "type", "created", "modified", "deleted")
ConsultationLink = Hearing.papers.through

# OParl's suggested organizationType values for the free-text classification the city uses.
ORGANIZATION_TYPES = {
    "gremium": "Gremium",
    "ausschuss": "Gremium",
    "fraktion": "Fraktion",
    "partei": "Partei",
    "referat": "Verwaltungsbereich",
    "dienststelle": "Verwaltungsbereich",
    "organisationseinheit": "Verwaltungsbereich",
    "personalvertretung": "Institution",
}


class Context:
    """Absolute URLs on the host the client asked, and data a page's ``prepare`` fetched."""

    def __init__(self, request):
        self.request = request
        self.item_files: dict[int, list] = defaultdict(list)
        self.meeting_files: dict[int, list] = defaultdict(list)
        self.consultations: dict[int, list] = defaultdict(list)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def url(self, kind: str, pk) -> str:
        return self.absolute(reverse("oparl:object", args=[kind, pk]))

    def list_url(self, body_pk: int, kind: str) -> str:
        return self.absolute(reverse("oparl:body_list", args=[body_pk, kind]))

    def file_url(self, key: str, pk) -> str:
        return self.absolute(reverse("oparl:file", args=[key, pk]))

    def download_url(self, key: str, pk) -> str:
        return self.absolute(reverse("oparl:file_download", args=[key, pk]))


def moment(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def compact(data: dict) -> dict:
    """Leave out what the record does not know rather than sending empty strings or nulls."""
    return {key: value for key, value in data.items() if value not in (None, "")}


def envelope(name: str, url: str, obj, deleted: bool, created=None, modified=None) -> dict:
    return {
        "id": url,
        "type": type_url(name),
        "created": moment(created or obj.created),
        "modified": moment(modified or obj.modified),
        "deleted": deleted,
    }


def finish(name: str, data: dict) -> dict:
    """A deleted object keeps only what identifies it (and what its schema insists on)."""
    data = compact(data)
    if data["deleted"]:
        keep = set(ALWAYS_KEPT) | set(required(name))
        data = {key: value for key, value in data.items() if key in keep}
    return data


@dataclass(frozen=True)
class Resource:
    """One OParl object type served from one model. ``kind`` is its URL segment."""

    kind: str
    name: str
    queryset: Callable[[], QuerySet]
    body_lookup: str
    serialize: Callable[[object, Context], dict]
    prepare: Callable[[list, Context], None] = lambda objects, ctx: None
    # Meetings and agenda items change when their items or actual times do; an annotation says when.
    modified_field: str = "modified"
    # The records ``serialize`` shows as ``deleted: true``, as a filter for lists.
    deleted: Q = Q(deleted=True)


# --- Body, LegislativeTerm ------------------------------------------------------------------

BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "membership",
)


def legislative_term(term: LegislativeTerm, ctx: Context) -> dict:
    return finish(
        "LegislativeTerm",
        {
            **envelope("LegislativeTerm", ctx.url("legislativeTerm", term.pk), term, term.deleted),
            "body": ctx.url("body", term.body_id),
            "name": term.name,
            "startDate": day(term.start_date),
            "endDate": day(term.end_date),
        },
    )


def body(obj: Body, ctx: Context) -> dict:
    lists = {name: ctx.list_url(obj.pk, name) for name in BODY_LISTS}
    return finish(
        "Body",
        {
            **envelope("Body", ctx.url("body", obj.pk), obj, obj.deleted),
            "system": ctx.absolute(reverse("oparl:system")),
            "name": obj.name,
            "shortName": obj.short_name,
            "website": obj.website,
            "ags": obj.ags,
            "classification": obj.classification,
            **lists,
            "legislativeTerm": [legislative_term(term, ctx) for term in obj.oparl_terms],
            "legislativeTermList": ctx.list_url(obj.pk, "legislativeTerm"),
            "locationList": ctx.list_url(obj.pk, "location"),
            "web": ctx.absolute(reverse("public:index")),
        },
    )


# --- Organization, Person, Membership ---------------------------------------------------------


def public_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(
        deleted=False, person__is_public=True, person__deleted=False
    ).order_by("pk")


def organization(org: Organization, ctx: Context) -> dict:
    return finish(
        "Organization",
        {
            **envelope("Organization", ctx.url("organization", org.pk), org, org.deleted),
            "body": ctx.url("body", org.body_id),
            "name": org.name,
            "shortName": org.short_name,
            "classification": org.classification,
            "organizationType": ORGANIZATION_TYPES.get(org.classification.lower(), "Sonstiges"),
            "subOrganizationOf": ctx.url("organization", org.parent_id) if org.parent_id else None,
            "website": org.website,
            "membership": [ctx.url("membership", m.pk) for m in org.oparl_memberships],
        },
    )


def membership(obj: Membership, ctx: Context) -> dict:
    deleted = obj.deleted or obj.person.deleted
    return finish(
        "Membership",
        {
            **envelope("Membership", ctx.url("membership", obj.pk), obj, deleted),
            "person": ctx.url("person", obj.person_id),
            "organization": ctx.url("organization", obj.organization_id),
            "role": obj.role,
            "startDate": day(obj.start_date),
            "endDate": day(obj.end_date),
        },
    )


def person(obj: Person, ctx: Context) -> dict:
    return finish(
        "Person",
        {
            **envelope("Person", ctx.url("person", obj.pk), obj, obj.deleted),
            "body": ctx.url("body", obj.body_id),
            "name": obj.name,
            "familyName": obj.family_name,
            "givenName": obj.given_name,
            "title": [obj.title] if obj.title else None,
            "status": [obj.role] if obj.role else None,
            "membership": [membership(m, ctx) for m in obj.oparl_memberships],
        },
    )


# --- Location ---------------------------------------------------------------------------------


def location(obj: Location, ctx: Context, embedded: bool = False) -> dict:
    data = {
        **envelope("Location", ctx.url("location", obj.pk), obj, obj.deleted),
        "description": obj.description,
        "streetAddress": obj.street_address,
        "postalCode": obj.postal_code,
        "locality": obj.locality,
        "room": obj.room,
    }
    if not embedded:
        data["bodies"] = [ctx.url("body", obj.body_id)]
        data["meetings"] = [ctx.url("meeting", h.pk) for h in obj.oparl_meetings]
    return finish("Location", data)


# --- Files ------------------------------------------------------------------------------------


def file(provider: files.FileProvider, record, ctx: Context) -> dict:
    facts = provider.describe(record)
    access = ctx.absolute(facts["access_path"])
    item_id = provider.item_id(record)
    return finish(
        "File",
        {
            **envelope(
                "File", ctx.file_url(provider.key, record.pk), record, provider.is_deleted(record)
            ),
            "name": facts["name"],
            "fileName": facts["fileName"],
            "mimeType": facts["mimeType"],
            "size": facts["size"],
            "date": day(facts["date"]),
            "accessUrl": access,
            # The same content as an attachment (OParl 1.1, File: downloadUrl).
            "downloadUrl": ctx.download_url(provider.key, record.pk),
            "meeting": [ctx.url("meeting", provider.hearing_id(record))],
            "agendaItem": [ctx.url("agendaItem", item_id)] if item_id else None,
            "web": ctx.absolute(facts["web_path"]) if facts.get("web_path") else None,
        },
    )


def prepare_files(ctx: Context, hearing_ids=(), item_ids=()) -> None:
    """One query per provider for a whole page of meetings or agenda items."""
    for provider in files.providers():
        if provider.meeting_slot and hearing_ids:
            for hearing_id, records in provider.for_hearings(hearing_ids).items():
                ctx.meeting_files[hearing_id] += [(provider, r) for r in records]
        if provider.item_slot and item_ids:
            for item_id, records in provider.for_items(item_ids).items():
                ctx.item_files[item_id] += [(provider, r) for r in records]


def meeting_file_slots(hearing_id: int, ctx: Context) -> dict:
    found = ctx.meeting_files.get(hearing_id, [])
    slots: dict[str, object] = {}
    for provider, record in found:
        slot = provider.meeting_slot
        # resultsProtocol / verbatimProtocol hold one file (the first); more go to auxiliaryFile.
        if slot == "auxiliaryFile" or slot in slots:
            slots.setdefault("auxiliaryFile", []).append(file(provider, record, ctx))
        else:
            slots[slot] = file(provider, record, ctx)
    return slots


# --- Meeting, AgendaItem, Consultation ----------------------------------------------------------


def public_speakers() -> QuerySet[Person]:
    return Person.objects.filter(is_public=True, deleted=False).order_by("family_name", "name")


def agenda_item(item: AgendaItem, ctx: Context, order: int) -> dict:
    # Planned times until the item has run; then the actual ones.
    start = item.actual_start or item.planned_start_at
    end = item.actual_end or start + timedelta(minutes=item.planned_duration)
    deleted = item.deleted or item.hearing.deleted
    return finish(
        "AgendaItem",
        {
            **envelope(
                "AgendaItem",
                ctx.url("agendaItem", item.pk),
                item,
                deleted,
                modified=getattr(item, "oparl_modified", None) or item_changed(item),
            ),
            "meeting": ctx.url("meeting", item.hearing_id),
            "number": item.number,
            "order": order,
            "name": item.title,
            "public": True,
            "start": moment(start),
            "end": moment(end),
            "auxiliaryFile": [file(p, r, ctx) for p, r in ctx.item_files.get(item.pk, [])],
            "web": ctx.absolute(item.get_absolute_url()),
        },
    )


def item_changed(item: AgendaItem) -> datetime:
    """``modified`` of an item embedded in a meeting, from the prefetched periods."""
    periods = item.periods.all()
    moments = [p.started_at for p in periods] + [p.ended_at for p in periods if p.ended_at]
    return max([item.modified, *moments])


def meeting(hearing: Hearing, ctx: Context) -> dict:
    items = hearing.oparl_items
    starts = [item.actual_start for item in items if item.actual_start]
    ends = [item.actual_end for item in items if item.actual_end]
    happened = bool(starts) and not hearing.is_live
    state = "läuft" if hearing.is_live else ("durchgeführt" if happened else "terminiert")
    participants = []
    for item in items:
        participants += [p for p in item.speakers.all() if p not in participants]
    place = hearing.location
    return finish(
        "Meeting",
        {
            **envelope(
                "Meeting",
                ctx.url("meeting", hearing.pk),
                hearing,
                hearing.deleted,
                modified=hearing.oparl_modified,
            ),
            "name": hearing.title,
            "meetingState": state,
            "cancelled": False,
            "start": moment(min(starts) if starts else hearing.planned_start_at),
            "end": moment(max(ends) if happened and ends else hearing.planned_end_at),
            "location": location(place, ctx, embedded=True)
            if place and not place.deleted
            else None,
            "participant": [ctx.url("person", p.pk) for p in participants],
            **meeting_file_slots(hearing.pk, ctx),
            "agendaItem": [agenda_item(item, ctx, order) for order, item in enumerate(items)],
            "keyword": [hearing.occasion] if hearing.occasion else None,
            "web": ctx.absolute(hearing.get_absolute_url()),
        },
    )


def consultation(link, ctx: Context) -> dict:
    hearing, paper = link.hearing, link.paper
    return finish(
        "Consultation",
        {
            **envelope(
                "Consultation",
                ctx.url("consultation", link.pk),
                link,
                hearing.deleted or paper.deleted,
                created=max(hearing.created, paper.created),
                modified=max(hearing.modified, paper.modified),
            ),
            "paper": ctx.url("paper", paper.pk),
            "meeting": ctx.url("meeting", hearing.pk),
            # A hearing informs the council; it decides nothing.
            "authoritative": False,
            "role": "Anhörung",
        },
    )


def paper(obj: Paper, ctx: Context) -> dict:
    return finish(
        "Paper",
        {
            **envelope("Paper", ctx.url("paper", obj.pk), obj, obj.deleted),
            "body": ctx.url("body", obj.body_id),
            "name": obj.name,
            "reference": obj.reference,
            "date": day(obj.date),
            "paperType": obj.paper_type,
            "relatedPaper": [ctx.url("paper", p.pk) for p in obj.oparl_related],
            "originatorOrganization": [
                ctx.url("organization", o.pk) for o in obj.oparl_originators
            ],
            "consultation": [
                consultation(link, ctx)
                for link in ctx.consultations.get(obj.pk, [])
                if not (link.hearing.deleted or link.paper.deleted)
            ],
        },
    )


def consultation_links() -> QuerySet:
    return (
        ConsultationLink.objects.filter(hearing__is_public=True)
        .select_related("hearing", "paper")
        .annotate(
            created=Greatest("hearing__created", "paper__created"),
            modified=Greatest("hearing__modified", "paper__modified"),
        )
        .order_by("pk")
    )


def prepare_papers(papers: list, ctx: Context) -> None:
    if papers:
        for link in consultation_links().filter(paper__in=papers):
            ctx.consultations[link.paper_id].append(link)


# --- Querysets --------------------------------------------------------------------------------


def newest(queryset: QuerySet, field: str):
    """The latest ``field`` of the related rows, or the object's own ``modified`` if there is none."""
    latest = queryset.filter(**{f"{field}__isnull": False}).order_by(f"-{field}").values(field)[:1]
    return Coalesce(Subquery(latest), F("modified"))


def changed(items: QuerySet, periods: QuerySet):
    """When the object, one of its agenda items or an actual start or end last changed."""
    return Greatest(
        F("modified"),
        newest(items, "modified"),
        newest(periods, "started_at"),
        newest(periods, "ended_at"),
    )


def public_hearings() -> QuerySet[Hearing]:
    return Hearing.objects.filter(is_public=True)


def agenda_items_with_times() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.order_by("position").prefetch_related(
        "periods", Prefetch("speakers", queryset=public_speakers())
    )


def meetings() -> QuerySet[Hearing]:
    return (
        public_hearings()
        .annotate(
            oparl_modified=changed(
                AgendaItem.objects.filter(hearing=OuterRef("pk")),
                ItemPeriod.objects.filter(item__hearing=OuterRef("pk")),
            )
        )
        .select_related("location", "current_item")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=agenda_items_with_times().filter(deleted=False),
                to_attr="oparl_items",
            )
        )
        .order_by("pk")
    )


def agenda_items() -> QuerySet[AgendaItem]:
    # "order" counts the items before this one in its meeting, from 0, as Meeting.agendaItem does.
    before = (
        AgendaItem.objects.filter(
            hearing=OuterRef("hearing"), deleted=False, position__lt=OuterRef("position")
        )
        .values("hearing")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        agenda_items_with_times()
        .filter(hearing__is_public=True)
        .select_related("hearing")
        .annotate(
            order=Coalesce(Subquery(before), Value(0)),
            oparl_modified=changed(
                AgendaItem.objects.filter(pk=OuterRef("pk")),
                ItemPeriod.objects.filter(item=OuterRef("pk")),
            ),
        )
        .order_by("pk")
    )


def prepare_meetings(hearings: list, ctx: Context) -> None:
    item_ids = [item.pk for hearing in hearings for item in hearing.oparl_items]
    prepare_files(ctx, hearing_ids=[h.pk for h in hearings], item_ids=item_ids)


RESOURCES = {
    resource.kind: resource
    for resource in [
        Resource(
            "body",
            "Body",
            lambda: Body.objects.prefetch_related(
                Prefetch(
                    "legislative_terms",
                    queryset=LegislativeTerm.objects.filter(deleted=False).order_by("start_date"),
                    to_attr="oparl_terms",
                )
            ).order_by("pk"),
            "pk",
            body,
        ),
        Resource(
            "legislativeTerm",
            "LegislativeTerm",
            lambda: LegislativeTerm.objects.order_by("pk"),
            "body",
            legislative_term,
        ),
        Resource(
            "organization",
            "Organization",
            lambda: Organization.objects.prefetch_related(
                Prefetch("memberships", queryset=public_memberships(), to_attr="oparl_memberships")
            ).order_by("pk"),
            "body",
            organization,
        ),
        Resource(
            "person",
            "Person",
            lambda: (
                Person.objects.filter(is_public=True)
                .prefetch_related(
                    Prefetch(
                        "memberships",
                        queryset=Membership.objects.filter(deleted=False).order_by("pk"),
                        to_attr="oparl_memberships",
                    )
                )
                .order_by("pk")
            ),
            "body",
            person,
        ),
        Resource(
            "membership",
            "Membership",
            lambda: (
                Membership.objects.filter(person__is_public=True)
                .select_related("person")
                .order_by("pk")
            ),
            "person__body",
            membership,
            deleted=Q(deleted=True) | Q(person__deleted=True),
        ),
        Resource(
            "location",
            "Location",
            lambda: Location.objects.prefetch_related(
                Prefetch(
                    "hearing_set",
                    queryset=public_hearings().filter(deleted=False).order_by("pk"),
                    to_attr="oparl_meetings",
                )
            ).order_by("pk"),
            "body",
            location,
        ),
        Resource(
            "meeting", "Meeting", meetings, "body", meeting, prepare_meetings, "oparl_modified"
        ),
        Resource(
            "agendaItem",
            "AgendaItem",
            agenda_items,
            "hearing__body",
            lambda item, ctx: agenda_item(item, ctx, item.order),
            lambda items, ctx: prepare_files(ctx, item_ids=[i.pk for i in items]),
            "oparl_modified",
            deleted=Q(deleted=True) | Q(hearing__deleted=True),
        ),
        Resource(
            "paper",
            "Paper",
            lambda: Paper.objects.prefetch_related(
                Prefetch(
                    "originators",
                    queryset=Organization.objects.filter(deleted=False).order_by("pk"),
                    to_attr="oparl_originators",
                ),
                Prefetch(
                    "related_papers",
                    queryset=Paper.objects.filter(deleted=False).order_by("pk"),
                    to_attr="oparl_related",
                ),
            ).order_by("pk"),
            "body",
            paper,
            prepare_papers,
        ),
        Resource(
            "consultation",
            "Consultation",
            consultation_links,
            "hearing__body",
            consultation,
            deleted=Q(hearing__deleted=True) | Q(paper__deleted=True),
        ),
    ]
}


def body_filter(resource: Resource, body_pk: int) -> Q:
    return Q(**{resource.body_lookup: body_pk})
