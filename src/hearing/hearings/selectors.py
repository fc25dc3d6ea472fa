"""Read-side queries shared by the pages, so each list is fetched with a fixed number of queries."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from hearing.council.models import Organization, Paper, Person, Statement
from hearing.hearings.models import AgendaItem, Attachment, Hearing, HearingRole


def visible_hearings(user) -> QuerySet[Hearing]:
    """Public hearings; a non-public one only for people with a role on that very hearing, and
    for superusers (a moderator of another hearing does not see it). Deleted hearings stay in
    the database for OParl only; no page shows them."""
    hearings = Hearing.objects.filter(deleted=False).select_related("location", "current_item")
    if user is not None and user.is_active and user.is_superuser:
        return hearings
    if user is None or not user.is_authenticated:
        return hearings.filter(is_public=True)
    has_role = Exists(HearingRole.objects.filter(hearing=OuterRef("pk"), user=user))
    return hearings.filter(Q(is_public=True) | has_role)


def hearing_for(user, slug: str) -> Hearing:
    try:
        hearing = visible_hearings(user).select_related("body").get(slug=slug)
    except Hearing.DoesNotExist:
        raise Http404("hearing") from None
    if hearing.current_item is not None:
        hearing.current_item.hearing = hearing  # its links need the slug: no second query
    return hearing


def agenda(hearing: Hearing) -> QuerySet[AgendaItem]:
    return (
        hearing.items.filter(deleted=False)
        .order_by("position")
        .prefetch_related(
            "periods",
            Prefetch("attachments", queryset=Attachment.objects.filter(deleted=False)),
            Prefetch(
                "speakers",
                queryset=Person.objects.filter(is_public=True, deleted=False).select_related(
                    "affiliation"
                ),
            ),
        )
    )


def papers(hearing: Hearing) -> QuerySet[Paper]:
    return (
        hearing.papers.filter(deleted=False)
        .prefetch_related(
            Prefetch("originators", queryset=Organization.objects.filter(deleted=False))
        )
        .order_by("date")
    )


def statements(hearing: Hearing) -> QuerySet[Statement]:
    return (
        Statement.objects.filter(paper__hearings=hearing, paper__deleted=False)
        .select_related("paper", "organization", "responded_by")
        .order_by("paper__date", "number")
    )


def live_state(hearing: Hearing) -> dict:
    """What a viewer's page needs to mark the current item, as plain data."""
    items = list(agenda(hearing))
    current = next((item for item in items if item.pk == hearing.current_item_id), None)
    return {
        "live": current is not None,
        "current": None
        if current is None
        else {
            "id": current.pk,
            "position": current.position,
            "number": current.number,
            "title": current.title,
            "url": current.get_absolute_url(),
            # Whether it has a Q&A round or a discussion: the question boxes follow it.
            "interactive": current.is_interactive,
        },
        "items": [
            {
                "id": item.pk,
                "actual_start": item.actual_start.isoformat() if item.actual_start else None,
                "actual_end": item.actual_end.isoformat() if item.actual_end else None,
            }
            for item in items
        ],
    }
