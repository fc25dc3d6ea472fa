"""The caption page: a second screen, and a page for screen readers (final lines only)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from hearing.captions import domain
from hearing.hearings import selectors as hearing_selectors
from hearing.live import selectors as live_selectors


@require_safe
def page(request, slug):
    hearing = hearing_selectors.hearing_for(request.user, slug)
    context = {
        **live_selectors.public_context(hearing),
        "lines": domain.recent(hearing),
        "enabled": domain.is_enabled(hearing),
    }
    return render(request, "captions/page.html", context)
