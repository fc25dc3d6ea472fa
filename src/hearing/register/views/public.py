"""Public pages of the register: the list with filters and search, one page per record, exports."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from hearing.core.pagecache import public_page
from hearing.core.permissions import has_permission
from hearing.register import ethics, exporters
from hearing.register.completeness import missing_fields
from hearing.register.domain import search
from hearing.register.enums import Source
from hearing.register.forms import RecordFilterForm
from hearing.register.models import AI_ACT_FIELDS, Record

PER_PAGE = 50
LIST_FIELDS = [
    "name",
    "short_description",
    "organisation",
    "country",
    "status",
    "theme",
    "technique",
    "ai_act_risk_class",
    "source",
    "completeness",
    "withdrawn_at",
    "tags",
]

# heading, fields: the eight groups of REGISTER-FIELDS.md (chances and risks get their own box)
SECTIONS = [
    (
        _("Kennung und Herkunft"),
        [
            "tags",
            "language",
            "standard_version",
            "published_on",
            "updated_on",
            "source",
            "source_id",
            "source_url",
        ],
    ),
    (
        _("Verantwortung"),
        [
            "organisation",
            "unit",
            "responsible_role",
            "contact",
            "website",
            "supplier",
            "source_code_url",
            "licence",
        ],
    ),
    (
        _("Lebenszyklus und Einordnung"),
        ["status", "begin_date", "end_date", "theme", "technique", "capability"],
    ),
    (
        _("Zweck und Entscheidungen"),
        [
            "description",
            "goal",
            "proportionality",
            "human_oversight",
            "affected_groups",
            "appeal",
            "lawful_basis",
            "lawful_basis_links",
        ],
    ),
    (
        _("Daten und Modelle"),
        [
            "data_sources",
            "personal_data",
            "special_categories",
            "ai_models",
            "models_text",
            "evaluation",
        ],
    ),
    (_("Folgenabschätzungen"), ["impact_assessment", "impact_assessments"]),
    (
        _("EU AI Act"),
        AI_ACT_FIELDS,
    ),
]
URL_FIELDS = {"source_url", "website", "source_code_url", "eu_database_url"}


def _display(record, name: str):
    field = Record._meta.get_field(name)
    value = getattr(record, name)
    if field.choices and value not in ("", None):
        value = getattr(record, f"get_{name}_display")()
    if isinstance(value, bool):
        value = _("ja") if value else _("nein")
    if isinstance(value, list):
        value = ", ".join(
            str(item)
            if not isinstance(item, dict)
            else " · ".join(f"{k}: {v}" for k, v in item.items() if v)
            for item in value
        )
    return value


def _rows(record, names):
    for name in names:
        value = _display(record, name)
        yield {
            "label": Record._meta.get_field(name).verbose_name,
            "value": value,
            "empty": value in ("", None),
            "url": name in URL_FIELDS and bool(value),
            "derived": name in (record.derived or []),
            "long": isinstance(value, str) and ("\n" in value or len(value) > 200),
        }


def _filter_choices():
    organisations = (
        Record.objects.exclude(organisation="")
        .order_by("organisation")
        .values_list("organisation", flat=True)
        .distinct()
    )
    tags = sorted(
        {
            tag
            for tags in Record.objects.exclude(tag_text="").values_list("tags", flat=True)
            for tag in tags
        }
    )
    return list(organisations), tags


@public_page
@require_safe
def record_list(request):
    organisations, tags = _filter_choices()
    form = RecordFilterForm(request.GET or None, organisations=organisations, tags=tags)
    records = form.apply(Record.objects.only(*LIST_FIELDS))
    # With a search: the search's order (the city's own records first), as on the search page.
    query = form.cleaned_data.get("q") if form.is_bound and form.is_valid() else ""
    records = search.ranked(records, query) if query else records.order_by("name", "id")
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    own = list(exporters.own_records(Record.objects.all()).order_by("name"))
    if has_permission(request.user, "register.manage"):
        for record in own:
            record.missing = [label for _field, label, _standards in missing_fields(record)]
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "own": own,
        "filtered": bool(request.GET.dict().keys() - {"page"}),
    }
    return render(request, "register/list.html", context)


@public_page
@require_safe
def record_detail(request, pk):
    record = get_object_or_404(Record, pk=pk)
    context = {
        "record": record,
        "sections": [(heading, list(_rows(record, names))) for heading, names in SECTIONS],
        "chances": list(_rows(record, ["benefits"])),
        "risks": list(_rows(record, ["risks", "mitigations"])),
        "ethics": ethics.assessment(record.ethics),
        "can_manage": has_permission(request.user, "register.manage"),
        "missing": missing_fields(record),
        "is_own": record.source in (Source.MUNICH, Source.MANUAL),
    }
    return render(request, "register/detail.html", context)


@require_safe
def export(request, standard, fmt):
    if standard not in exporters.STANDARDS or fmt not in ("json", "csv"):
        raise Http404("export")
    records = exporters.own_records(Record.objects.all()).order_by("name", "id")
    if fmt == "json":
        body, content_type = exporters.to_json(records, standard), "application/json"
    else:
        body, content_type = exporters.to_csv(records, standard), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    filename = f"muenchen-ki-register-{standard}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_page
@require_safe
def comparison(request):
    from hearing.register.domain import comparison as domain

    blocks = [
        {"key": key, "label": label, "table": domain.table(key)}
        for key, (label, _choices) in domain.DIMENSIONS.items()
    ]
    context = {
        "blocks": blocks,
        "groups": [label for _key, label, _condition in domain.GROUPS],
        "totals": blocks[0]["table"]["totals"],
    }
    return render(request, "register/comparison.html", context)


@require_safe
def comparison_chart(request, dimension):
    from hearing.register.domain import comparison as domain

    if dimension not in domain.DIMENSIONS:
        raise Http404("chart")
    response = HttpResponse(domain.chart(dimension), content_type="image/svg+xml; charset=utf-8")
    # matplotlib styles its SVG with style attributes; the image may use them, nothing else.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "public, max-age=300"
    return response
