"""Public marketplace pages: the stands, one page per stand with its QR code, messages, exhibitors."""

from django.conf import settings
from django.contrib import messages as flash
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from hearing.core.actions import form_error
from hearing.core.errors import UserError
from hearing.core.pagecache import public_page
from hearing.core.ratelimit import client_address, visitor_session
from hearing.hearings import selectors
from hearing.marketplace import qr
from hearing.marketplace.domain import messages as domain
from hearing.marketplace.enums import MessageStatus
from hearing.marketplace.forms import MessageForm
from hearing.marketplace.models import Message, Stand
from hearing.register.models import Record


def public_url(stand) -> str:
    """The stand page's address as phones reach it: HEARING_SITE_URL, not the request's host."""
    return settings.SITE_URL + stand.get_absolute_url()


def visible_stands(user):
    return Stand.objects.filter(hearing__in=selectors.visible_hearings(user)).select_related(
        "hearing"
    )


def _plan(stands):
    columns = max((s.plan_column for s in stands), default=1)
    rows = max((s.plan_row for s in stands), default=1)
    cell_w, cell_h = 120, 80
    return {
        "width": columns * cell_w + 20,
        "height": rows * cell_h + 20,
        "cells": [
            {
                "stand": s,
                "x": 10 + (s.plan_column - 1) * cell_w,
                "y": 10 + (s.plan_row - 1) * cell_h,
                "w": cell_w - 10,
                "h": cell_h - 10,
                "cx": 10 + (s.plan_column - 1) * cell_w + (cell_w - 10) // 2,
                "cy": 10 + (s.plan_row - 1) * cell_h + (cell_h - 10) // 2 + 8,
            }
            for s in stands
        ],
    }


@public_page
@require_safe
def stand_list(request):
    stands = list(
        visible_stands(request.user)
        .annotate(
            public_messages=Count("messages", filter=Q(messages__status=MessageStatus.APPROVED))
        )
        .order_by("hearing__date", "number")
    )
    return render(request, "marketplace/list.html", {"stands": stands, "plan": _plan(stands)})


@require_http_methods(["GET", "HEAD", "POST"])
def stand_detail(request, pk):
    stand = get_object_or_404(
        visible_stands(request.user).prefetch_related(
            Prefetch("records", queryset=Record.objects.only("name", "short_description"))
        ),
        pk=pk,
    )
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                domain.check_rate(visitor_session(request), client_address(request))
                domain.submit_message(stand, actor=request.user, **form.cleaned_data)
            except UserError as exc:
                status = form_error(form, exc)
            else:
                flash.success(
                    request,
                    _("Danke! Ihre Nachricht erscheint, sobald die Moderation sie freigibt."),
                )
                return redirect(stand)
    elif domain.count_visit(stand, request.session):
        stand.visits += 1
    context = {
        "stand": stand,
        "form": form,
        "public_messages": stand.messages.filter(status=MessageStatus.APPROVED),
        "qr_alt": qr.qr_alt(stand),
    }
    if form.errors and status == 200:
        status = 400
    return render(request, "marketplace/stand.html", context, status=status)


@require_safe
def stand_qr(request, pk):
    stand = get_object_or_404(visible_stands(request.user), pk=pk)
    url = public_url(stand)
    response = HttpResponse(
        qr.stand_qr_svg(url, qr.qr_alt(stand)), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require_safe
def qr_sheet(request):
    stands = visible_stands(request.user).order_by("hearing__date", "number")
    return render(request, "marketplace/qr_sheet.html", {"stands": stands})


@require_safe
def qr_sheet_pdf(request):
    """The same sheet as a PDF (WeasyPrint), QR codes embedded as data URIs."""
    from weasyprint import HTML

    stands = visible_stands(request.user).order_by("hearing__date", "number")
    cards = [
        {
            "stand": stand,
            "qr": qr.stand_qr_data_uri(public_url(stand)),
        }
        for stand in stands
    ]
    html = render_to_string("marketplace/qr_sheet_pdf.html", {"cards": cards}, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="marktplatz-qr-codes.pdf"'
    return response


@require_safe
def exhibitor(request, token):
    """The exhibitor's view: every message to the stand, with its moderation status.

    Access is by the secret link the organisers hand to the exhibitor (``Stand.exhibitor_token``).
    """
    stand = Stand.objects.filter(exhibitor_token=token).select_related("hearing").first()
    if stand is None or len(token) < 20:
        raise Http404("stand")
    context = {
        "stand": stand,
        "stand_messages": Message.objects.filter(stand=stand).exclude(
            status=MessageStatus.REJECTED
        ),
    }
    response = render(request, "marketplace/exhibitor.html", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
