"""Moderation of stand messages (``marketplace.moderate``) and the exhibitors' secret links
(``hearing.manage``), per hearing."""

from django.contrib import messages as flash
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hearing.core.actions import perform
from hearing.core.permissions import has_permission, permission_required
from hearing.marketplace.domain import messages as domain
from hearing.marketplace.domain.stands import renew_exhibitor_link
from hearing.marketplace.enums import MessageStatus
from hearing.marketplace.models import Message, Stand


@permission_required("marketplace.moderate")
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
    may_manage = has_permission(request.user, "hearing.manage", hearing)
    stands = hearing.stands.order_by("number") if may_manage else Stand.objects.none()
    return render(
        request,
        "marketplace/moderation.html",
        {"hearing": hearing, "pending": pending, "done": done, "stands": stands},
    )


def _message(pk, **kwargs) -> Message:
    return get_object_or_404(Message.objects.select_related("stand__hearing"), pk=pk)


def _stand(pk, **kwargs) -> Stand:
    return get_object_or_404(Stand.objects.select_related("hearing"), pk=pk)


@permission_required("marketplace.moderate", via=_message)
@require_POST
def moderate(request, message, pk, decision):
    action = {"approve": domain.approve_message, "reject": domain.reject_message}.get(decision)
    if action is None:
        raise Http404("decision")
    return perform(
        request,
        lambda: action(message, actor=request.user),
        back=reverse("marketplace:moderation", kwargs={"slug": message.hearing.slug}),
        success=_("Freigegeben.") if decision == "approve" else _("Abgelehnt."),
    )


@permission_required("hearing.manage", via=_stand)
@require_POST
def renew_link(request, stand, pk):
    renew_exhibitor_link(stand, actor=request.user)
    flash.success(
        request,
        _("Neuer Link für Stand %(number)s. Der alte Link funktioniert nicht mehr.")
        % {"number": stand.number},
    )
    return redirect("marketplace:moderation", slug=stand.hearing.slug)
