"""The caption page: a second screen, and a page for screen readers (final lines only)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from hearing.captions import domain
from hearing.core.permissions import has_permission
from hearing.documentation.domain.subtitles import webvtt_cues
from hearing.hearings import selectors as hearing_selectors
from hearing.live import selectors as live_selectors
from hearing.media.models import Recording

LIVE_NOTE = "Live-Untertitel, automatisch erzeugt (Spracherkennung während der Sendung)"


@require_safe
def page(request, slug):
    hearing = hearing_selectors.hearing_for(request.user, slug)
    context = {
        **live_selectors.public_context(hearing),
        "lines": domain.recent(hearing),
        "enabled": domain.is_enabled(hearing),
    }
    return render(request, "captions/page.html", context)


@require_safe
def recording_vtt(request, slug, pk):
    """WebVTT of the live captions said during a recording (its track until a transcript)."""
    hearing = hearing_selectors.hearing_for(request.user, slug)
    recording = get_object_or_404(Recording, pk=pk, hearing=hearing)
    if not recording.is_public and not has_permission(request.user, "hearing.manage", hearing):
        raise Http404("recording")
    body = webvtt_cues(domain.for_recording(recording), note=LIVE_NOTE)
    return HttpResponse(body, content_type="text/vtt; charset=utf-8")
