"""Organisers switch live captions on and off (the stream page's panel)."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hearing.captions import domain
from hearing.captions.models import CaptionLine
from hearing.core.actions import perform
from hearing.core.permissions import permission_required
from hearing.live import selectors as live_selectors


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


@permission_required("captions.edit")
@require_safe
def console(request, hearing):
    """The captioner's console: the lines as they arrive; correct the newest or write one."""
    context = {
        **live_selectors.public_context(hearing),
        "lines": domain.recent(hearing),
        "enabled": domain.is_enabled(hearing),
    }
    return render(request, "captions/console.html", context)


def _console(hearing) -> str:
    return reverse("captions:console", kwargs={"slug": hearing.slug})


@permission_required("captions.edit")
@require_POST
def correct(request, hearing, pk):
    caption = get_object_or_404(CaptionLine, pk=pk, hearing=hearing)
    text = request.POST.get("text", "")
    return perform(
        request,
        lambda: domain.correct(
            caption, text, actor=request.user, expected=request.POST.get("original")
        ),
        back=_console(hearing),
        success=_("Zeile korrigiert."),
    )


@permission_required("captions.edit")
@require_POST
def write(request, hearing):
    text = request.POST.get("text", "")
    return perform(
        request,
        lambda: domain.write(hearing, text, actor=request.user),
        back=_console(hearing),
        success=_("Zeile gesendet."),
    )
