"""Organisers switch live captions on and off (the stream page's panel)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hearing.captions import domain
from hearing.core.actions import perform
from hearing.core.permissions import permission_required


@permission_required("hearing.manage")
@require_POST
def switch(request, hearing):
    enabled = request.POST.get("enabled") == "1"
    return perform(
        request,
        lambda: domain.set_enabled(hearing, enabled, actor=request.user),
        back=reverse("media:stream", kwargs={"slug": hearing.slug}),
        success=_("Live-Untertitel eingeschaltet.")
        if enabled
        else _("Live-Untertitel ausgeschaltet."),
    )
