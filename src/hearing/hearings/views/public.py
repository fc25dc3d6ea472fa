"""Pages anyone may see: the hearings, their agenda, the live current item, calendar files."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hearing.core import pagecache
from hearing.core.files import serve_file
from hearing.core.pagecache import public_page
from hearing.core.permissions import has_permission
from hearing.events.bus import last_seq
from hearing.hearings import selectors
from hearing.hearings.domain.calendar import hearing_calendar
from hearing.hearings.models import Attachment


@public_page
@require_safe
def index(request):
    hearings = selectors.visible_hearings(request.user).order_by("-date", "planned_start")
    return render(request, "hearings/public/index.html", {"hearings": hearings})


@public_page
@require_safe
def hearing_detail(request, slug):
    hearing = selectors.hearing_for(request.user, slug)
    last_event = last_seq(hearing.pk)
    context = {
        "hearing": hearing,
        "last_event": last_event,
        # The version of the fragments the template keeps (hearing.core.pagecache): read before
        # the data, so a fragment is never older than the version it is kept under.
        "fragments": f"{pagecache.generation(pagecache.SITE)}.{last_event}",
        "items": selectors.agenda(hearing),
        "papers": selectors.papers(hearing),
        "statements": selectors.statements(hearing),
        "groups": hearing.groups.order_by("position"),
        "can_moderate": has_permission(request.user, "hearing.moderate", hearing),
    }
    return render(request, "hearings/public/hearing.html", context)


@public_page
@require_safe
def item_detail(request, slug, position):
    hearing = selectors.hearing_for(request.user, slug)
    items = list(selectors.agenda(hearing))
    index = next((i for i, item in enumerate(items) if item.position == position), None)
    if index is None:
        raise Http404("item")
    context = {
        "hearing": hearing,
        "item": items[index],
        "previous": items[index - 1] if index > 0 else None,
        "next": items[index + 1] if index + 1 < len(items) else None,
    }
    return render(request, "hearings/public/item.html", context)


@require_safe
def hearing_ics(request, slug):
    hearing = selectors.hearing_for(request.user, slug)
    body = hearing_calendar(hearing, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{hearing.slug}.ics"'
    return response


@never_cache
@require_safe
def live_state(request, slug):
    hearing = selectors.hearing_for(request.user, slug)
    return JsonResponse(selectors.live_state(hearing))


@require_safe
def attachment(request, slug, pk):
    hearing = selectors.hearing_for(request.user, slug)
    try:
        item = Attachment.objects.select_related("item").get(
            pk=pk, item__hearing=hearing, deleted=False, item__deleted=False
        )
    except Attachment.DoesNotExist:
        raise Http404("attachment") from None
    # Always a download: an uploaded SVG or HTML file must never run in our origin.
    return serve_file(
        request,
        item.file.path,
        content_type=item.mime_type or "application/octet-stream",
        filename=item.file.name.rsplit("/", 1)[-1],
        as_attachment=True,
    )
