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
# The file speaks to whoever opens it, whatever the page's language: German and English.
PERSON_NOTE = (
    "Live-Untertitel, automatisch erzeugt (Spracherkennung während der Sendung); von einer "
    "Person (Schriftdolmetschen) korrigiert oder geschrieben: {count}, markiert mit „von einer "
    "Person“ hinter der Nummer / live captions, generated automatically; corrected or written "
    "by a person (captioner): {count}, marked „von einer Person“ after the number"
)
PERSON_LABEL = "von einer Person"


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
    lines = domain.for_recording(recording)
    by_person = [person for *_, person in lines]
    count = sum(by_person)
    body = webvtt_cues(
        [line[:3] for line in lines],
        note=PERSON_NOTE.format(count=count) if count else LIVE_NOTE,
        labels=[PERSON_LABEL if person else "" for person in by_person],
    )
    return HttpResponse(body, content_type="text/vtt; charset=utf-8")
