"""Pages for organisers and moderators. Every view declares its permission; the domain checks again."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from hearing.core.actions import perform
from hearing.core.permissions import has_permission, permission_required, permissions_for_roles
from hearing.hearings import selectors
from hearing.hearings.domain import live
from hearing.hearings.models import Hearing, HearingRole
from hearing.hearings.phrases import ENDED, STARTED


@login_required
@require_safe
def index(request):
    hearings = Hearing.objects.select_related("current_item").order_by("-date")
    if not request.user.is_superuser:
        hearings = hearings.filter(
            Exists(HearingRole.objects.filter(hearing=OuterRef("pk"), user=request.user))
        )
    roles: dict[int, list[str]] = {}
    for hearing_id, role in HearingRole.objects.filter(user=request.user).values_list(
        "hearing_id", "role"
    ):
        roles.setdefault(hearing_id, []).append(role)
    hearings = list(hearings)
    for hearing in hearings:
        # Which consoles this person may open (superusers all): the links the card shows.
        granted = permissions_for_roles(roles.get(hearing.pk, []))
        hearing.may_moderate = request.user.is_superuser or "hearing.moderate" in granted
        hearing.may_caption = request.user.is_superuser or "captions.edit" in granted
    context = {
        "hearings": hearings,
        "may_edit_pages": has_permission(request.user, "legal.edit"),
    }
    return render(request, "hearings/backoffice/index.html", context)


@permission_required("hearing.moderate")
@require_safe
def console(request, hearing):
    items = list(selectors.agenda(hearing))
    current = next((item for item in items if item.pk == hearing.current_item_id), None)
    context = {
        "hearing": hearing,
        "items": items,
        "current": current,
        "elapsed": live.elapsed_seconds(current) if current else 0,
        "planned": current.planned_duration * 60 if current else 0,
        "now": timezone.now(),
    }
    return render(request, "hearings/backoffice/console.html", context)


def _run(request, hearing, action, success: str):
    """:func:`perform`, back to the console; ``%(title)s`` is the item's title."""
    return perform(
        request,
        action,
        back=reverse("backoffice:console", kwargs={"slug": hearing.slug}),
        success=lambda item: success % {"title": item.title},
    )


@permission_required("hearing.moderate")
@require_POST
def start_next(request, hearing):
    return _run(
        request, hearing, lambda: live.start_next_item(hearing, actor=request.user), STARTED
    )


@permission_required("hearing.moderate")
@require_POST
def start_previous(request, hearing):
    return _run(
        request, hearing, lambda: live.start_previous_item(hearing, actor=request.user), STARTED
    )


@permission_required("hearing.moderate")
@require_POST
def start(request, hearing, item_id):
    item = hearing.items.filter(pk=item_id).first()
    if item is None:
        raise Http404("item")
    return _run(request, hearing, lambda: live.start_item(item, actor=request.user), STARTED)


@permission_required("hearing.moderate")
@require_POST
def end(request, hearing):
    return _run(request, hearing, lambda: live.end_current_item(hearing, actor=request.user), ENDED)
