"""Organisers write the mandatory pages and read the reported barriers."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from hearing.core.actions import form_error
from hearing.core.errors import UserError
from hearing.core.permissions import permission_required
from hearing.legal.domain import pages
from hearing.legal.enums import PageKind
from hearing.legal.forms import PageForm
from hearing.legal.models import Feedback


@permission_required("legal.edit", via="global")
@require_safe
def index(request):
    rows = [
        (kind, code, name, pages.shown(kind, code))
        for kind in PageKind
        for code, name in settings.LANGUAGES
    ]
    feedback = Feedback.objects.all()[:100]
    context = {
        "rows": rows,
        "feedback": feedback,
        # Reports reach nobody by mail without an address: say so where they are read.
        "no_address": not pages.organiser_addresses(),
    }
    return render(request, "legal/backoffice/index.html", context)


@permission_required("legal.edit", via="global")
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, kind, language):
    if kind not in PageKind.values or language not in dict(settings.LANGUAGES):
        raise Http404("page")
    current = pages.shown(kind, language)
    status = 200
    if request.method == "POST":
        form = PageForm(request.POST)
        if form.is_valid():
            try:
                pages.save_page(kind, language, actor=request.user, **form.cleaned_data)
            except UserError as exc:
                status = form_error(form, exc)
            else:
                messages.success(request, _("Gespeichert."))
                return redirect("legal:backoffice")
        else:
            status = 400
    else:
        form = PageForm(
            initial={
                "text": current.text if current.written else "",
                "conformance": current.conformance,
                "prepared": current.prepared if current.written else None,
                "enforcement": current.enforcement
                if current.enforcement != str(pages.DEFAULT_ENFORCEMENT)
                else "",
            }
        )
    context = {
        "form": form,
        "kind": PageKind(kind),
        "language": dict(settings.LANGUAGES)[language],
        "current": current,
    }
    return render(request, "legal/backoffice/edit.html", context, status=status)


@permission_required("legal.edit", via="global")
@require_http_methods(["POST"])
def delete_feedback(request, pk):
    pages.delete_feedback(get_object_or_404(Feedback, pk=pk), actor=request.user)
    messages.success(request, _("Meldung gelöscht."))
    return redirect("legal:backoffice")
