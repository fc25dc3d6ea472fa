"""Pages for organisers and moderators. Every view declares its permission; the domain checks again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hearing.core.actions import form_error, perform
from hearing.core.errors import UserError
from hearing.core.permissions import has_permission, permission_required, permissions_for_roles
from hearing.core.text import number_or
from hearing.hearings import selectors
from hearing.hearings.domain import agenda, live
from hearing.hearings.forms import AgendaItemForm, AttachmentForm
from hearing.hearings.models import AgendaItem, Hearing, HearingRole
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
        hearing.may_manage = request.user.is_superuser or "hearing.manage" in granted
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


# --- the agenda editor (issue 14, Deliver 4) ------------------------------------------------------
def _agenda_url(hearing, item=None) -> str:
    url = reverse("backoffice:agenda", kwargs={"slug": hearing.slug})
    return f"{url}#item-{item.pk}" if item else url


def _item_form_page(request, hearing, form, item=None, status=200, attachment_form=None):
    """The agenda page (``item`` None) or an item's page, with ``form`` (and on an item's page
    ``attachment_form``) as the person left them."""
    listed = agenda.items(hearing)
    context = {
        "hearing": hearing,
        "form": form,
        "item": item,
        "items": listed,
        # The order as shown goes with each arrow click (agenda.move refuses a stale one).
        "shown_order": ",".join(str(i.pk) for i in listed),
    }
    if item is not None:
        context["attachment_form"] = attachment_form or AttachmentForm()
    template = "hearings/backoffice/agenda_item.html" if item else "hearings/backoffice/agenda.html"
    return render(request, template, context, status=status)


@permission_required("hearing.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_page(request, hearing):
    """The agenda in its order (move by button, keyboard or dragging) and a form to add an item.
    A refused form comes back filled in, with the reason beside the field."""
    form = AgendaItemForm(request.POST or None, hearing=hearing)
    if request.method == "POST":
        if form.is_valid():
            try:
                item = agenda.save_item(
                    form.save(commit=False),
                    actor=request.user,
                    speakers=form.cleaned_data["speakers"],
                )
            except UserError as exc:
                return _item_form_page(request, hearing, form, status=form_error(form, exc))
            messages.success(request, _("Punkt „%(title)s“ hinzugefügt.") % {"title": item.title})
            return redirect(_agenda_url(hearing, item))
        return _item_form_page(request, hearing, form, status=400)
    return _item_form_page(request, hearing, form)


@permission_required("hearing.manage")
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_item(request, hearing, pk):
    item = get_object_or_404(AgendaItem, pk=pk, hearing=hearing, deleted=False)
    form = AgendaItemForm(request.POST or None, instance=item, hearing=hearing)
    if request.method == "POST":
        if form.is_valid():
            try:
                agenda.save_item(
                    form.save(commit=False),
                    actor=request.user,
                    speakers=form.cleaned_data["speakers"],
                )
            except UserError as exc:
                return _item_form_page(request, hearing, form, item, status=form_error(form, exc))
            messages.success(request, _("Gespeichert."))
            return redirect(_agenda_url(hearing, item))
        return _item_form_page(request, hearing, form, item, status=400)
    return _item_form_page(request, hearing, form, item)


def _shown_order(request) -> list[int] | None:
    """The order the page showed (``shown``: ids, comma-separated); None when not sent."""
    raw = request.POST.get("shown")
    if raw is None:
        return None
    return [number_or(part, -1) for part in raw.split(",") if part]


@permission_required("hearing.manage")
@require_POST
def agenda_move(request, hearing, pk):
    """One place up or down (``step`` -1 or 1), or a whole new order (``order``: the items' ids,
    comma-separated, as dragging leaves them)."""
    back = _agenda_url(hearing)
    raw_order = request.POST.get("order")
    if raw_order is not None:
        ids = [number_or(part) for part in raw_order.split(",") if part]
        if None in ids:
            raise Http404("order")
        return perform(
            request,
            lambda: agenda.reorder(hearing, ids, actor=request.user),
            back=back,
            success=_("Neue Reihenfolge gespeichert; die Zeiten folgen ihr."),
        )
    item = get_object_or_404(AgendaItem, pk=pk, hearing=hearing, deleted=False)
    step = {"-1": -1, "1": 1}.get(request.POST.get("step", ""), 0)
    return perform(
        request,
        lambda: agenda.move(item, step, actor=request.user, shown=_shown_order(request)),
        back=_agenda_url(hearing, item),
        success=_("Neue Reihenfolge gespeichert; die Zeiten folgen ihr."),
    )


@permission_required("hearing.manage")
@require_POST
def agenda_remove(request, hearing, pk):
    item = get_object_or_404(AgendaItem, pk=pk, hearing=hearing, deleted=False)
    return perform(
        request,
        lambda: agenda.remove(item, actor=request.user),
        back=_agenda_url(hearing),
        success=_("Punkt „%(title)s“ entfernt.") % {"title": item.title},
    )


@permission_required("hearing.manage")
@require_POST
def agenda_attach(request, hearing, pk):
    item = get_object_or_404(AgendaItem, pk=pk, hearing=hearing, deleted=False)
    form = AttachmentForm(request.POST, request.FILES)
    item_form = AgendaItemForm(instance=item, hearing=hearing)
    if not form.is_valid():
        return _item_form_page(request, hearing, item_form, item, 400, attachment_form=form)
    try:
        agenda.attach(
            item,
            actor=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except UserError as exc:
        form.add_error("file", exc.message)
        return _item_form_page(request, hearing, item_form, item, exc.status, attachment_form=form)
    messages.success(request, _("Datei angehängt."))
    return redirect(reverse("backoffice:agenda_item", kwargs={"slug": hearing.slug, "pk": item.pk}))
