"""The OParl 1.1 endpoints: the System entry point, objects by id, and the Body's lists."""

from django.db.models import Max, Min
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from hearing.council.models import Body
from hearing.oparl import files, lists
from hearing.oparl.http import error, oparl_view, respond
from hearing.oparl.resources import RESOURCES, Context, body_filter, file, moment
from hearing.oparl.schema import type_url

OPARL_VERSION = "https://schema.oparl.org/1.1/"
# Ids are 64-bit; a longer number in the address is an unknown object, not a database error.
MAX_ID = 2**63 - 1


def _checked_id(pk: int) -> int:
    if pk > MAX_ID:
        raise Http404
    return pk


@csrf_exempt
@oparl_view
def system(request):
    ctx = Context(request)
    span = Body.objects.aggregate(created=Min("created"), modified=Max("modified"))
    now = timezone.now()
    return respond(
        request,
        {
            "id": ctx.absolute(reverse("oparl:system")),
            "type": type_url("System"),
            "oparlVersion": OPARL_VERSION,
            "body": ctx.absolute(reverse("oparl:bodies")),
            "name": "Hearing",
            "website": ctx.absolute(reverse("public:index")),
            "created": moment(span["created"] or now),
            "modified": moment(span["modified"] or now),
            "deleted": False,
        },
    )


def _page(request, resource, queryset, base_url: str):
    params = lists.parse(request.GET)
    queryset = params.leave_out_deleted(
        params.apply(queryset, resource.modified_field), resource.deleted
    )
    total = queryset.count()
    pagination = lists.pagination(total, params)
    start = lists.offset(params)
    objects = list(queryset[start : start + params.limit])
    ctx = Context(request)
    resource.prepare(objects, ctx)
    return respond(
        request,
        {
            "data": [resource.serialize(obj, ctx) for obj in objects],
            "pagination": pagination,
            "links": lists.links(base_url, params, pagination["totalPages"]),
        },
    )


@csrf_exempt
@oparl_view
def bodies(request):
    resource = RESOURCES["body"]
    return _page(request, resource, resource.queryset(), request.build_absolute_uri(request.path))


@csrf_exempt
@oparl_view
def body_list(request, body, kind):
    body = Body.objects.filter(pk=_checked_id(body)).values_list("pk", flat=True).first()
    if body is None:
        raise Http404
    base_url = request.build_absolute_uri(request.path)
    if kind == "file":
        return _file_page(request, body, base_url)
    resource = RESOURCES.get(kind)
    if resource is None:
        raise Http404
    return _page(
        request, resource, resource.queryset().filter(body_filter(resource, body)), base_url
    )


def _file_page(request, body: int, base_url: str):
    """All providers' files in one list: provider by provider, each in id order."""
    params = lists.parse(request.GET)
    sets = [
        (
            provider,
            params.leave_out_deleted(
                params.apply(
                    provider.queryset().filter(**{f"{provider.hearing_field}__body": body})
                ),
                provider.deleted,
            ),
        )
        for provider in files.providers()
    ]
    counts = [queryset.count() for _, queryset in sets]
    pagination = lists.pagination(sum(counts), params)
    skip, remaining = lists.offset(params), params.limit
    found = []
    for (provider, queryset), count in zip(sets, counts, strict=True):
        take = max(0, min(remaining, count - skip))
        # Always one query per provider, so the count does not depend on where the page falls.
        rows = list(queryset[skip : skip + max(take, 1)])[:take]
        found += [(provider, row) for row in rows]
        remaining -= take
        skip = max(0, skip - count)
    ctx = Context(request)
    return respond(
        request,
        {
            "data": [file(provider, row, ctx) for provider, row in found],
            "pagination": pagination,
            "links": lists.links(base_url, params, pagination["totalPages"]),
        },
    )


@csrf_exempt
@oparl_view
def detail(request, kind, pk):
    resource = RESOURCES.get(kind)
    if resource is None:
        raise Http404
    obj = resource.queryset().get(pk=_checked_id(pk))
    ctx = Context(request)
    resource.prepare([obj], ctx)
    return respond(request, resource.serialize(obj, ctx))


@csrf_exempt
@oparl_view
def file_detail(request, key, pk):
    provider = files.provider(key)
    if provider is None:
        raise Http404
    record = provider.queryset().get(pk=_checked_id(pk))
    return respond(request, file(provider, record, Context(request)))


@csrf_exempt
@oparl_view
def file_download(request, key, pk):
    """The file as a download (``Content-Disposition: attachment``), served by the view behind
    its ``accessUrl`` (so permissions, ranges and HEAD work the same). A deleted file answers
    410 Gone, as OParl 1.1 recommends for files that existed."""
    provider = files.provider(key)
    if provider is None:
        raise Http404
    record = provider.queryset().get(pk=_checked_id(pk))
    if provider.is_deleted(record):
        return error(410, _("Diese Datei wurde gelöscht."))
    facts = provider.describe(record)
    match = resolve(facts["access_path"].split("?", 1)[0])
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code in (200, 206):
        name = facts["fileName"]
        response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@csrf_exempt
def not_found(request, path=""):
    # Django's APPEND_SLASH never sees these paths, because this view matches them.
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return error(404, _("Diese Adresse gibt es in der OParl-Schnittstelle nicht."))
