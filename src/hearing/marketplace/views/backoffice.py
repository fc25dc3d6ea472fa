"""Moderation of stand messages; needs ``marketplace.moderate`` on the stand's hearing."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hearing.core.permissions import has_permission
from hearing.hearings.views.backoffice import hearing_permission
from hearing.marketplace.domain import messages as domain
from hearing.marketplace.enums import MessageStatus
from hearing.marketplace.models import Message


@hearing_permission("marketplace.moderate")
@require_safe
def moderation(request, hearing):
    pending = Message.objects.filter(
        stand__hearing=hearing, status=MessageStatus.PENDING
    ).select_related("stand")
    done = (
        Message.objects.filter(stand__hearing=hearing)
        .exclude(status=MessageStatus.PENDING)
        .select_related("stand")
        .order_by("-moderated_at")[:50]
    )
    return render(
        request,
        "marketplace/moderation.html",
        {"hearing": hearing, "pending": pending, "done": done},
    )


@login_required
@require_POST
def moderate(request, pk, decision):
    message = get_object_or_404(Message.objects.select_related("stand__hearing"), pk=pk)
    hearing = message.stand.hearing
    if not has_permission(request.user, "marketplace.moderate", hearing):
        raise PermissionDenied("marketplace.moderate")
    action = {"approve": domain.approve_message, "reject": domain.reject_message}.get(decision)
    if action is None:
        raise Http404("decision")
    try:
        action(message, actor=request.user)
    except domain.MessageError as exc:
        flash.error(request, str(exc))
    else:
        flash.success(request, _("Freigegeben.") if decision == "approve" else _("Abgelehnt."))
    return redirect("marketplace:moderation", slug=hearing.slug)
