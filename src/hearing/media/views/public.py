"""Pages anyone who may see the hearing may see: stream status, recordings, chapters."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hearing.core.files import serve_file
from hearing.core.permissions import has_permission
from hearing.hearings import selectors as hearing_selectors
from hearing.media import selectors
from hearing.media.domain.chapters import chapters, webvtt


@never_cache
@require_safe
def status(request, slug):
    hearing = hearing_selectors.hearing_for(request.user, slug)
    return JsonResponse(selectors.stream_status(hearing))


def _recording(request, slug, pk):
    hearing = hearing_selectors.hearing_for(request.user, slug)
    recording = selectors.recordings(hearing, request.user, track=None).filter(pk=pk).first()
    if recording is None:
        raise Http404("recording")
    recording.hearing = hearing
    return recording


@require_safe
def recording(request, slug, pk):
    item = _recording(request, slug, pk)
    context = {
        "hearing": item.hearing,
        "recording": item,
        "chapters": chapters(item),
        "sign": selectors.sign_recording_for(item, request.user),
        "can_manage": has_permission(request.user, "hearing.manage", item.hearing),
    }
    return render(request, "media/public/recording.html", context)


@require_safe
def recording_file(request, slug, pk):
    item = _recording(request, slug, pk)
    path = Path(settings.MEDIA_ROOT) / item.file.name
    if not path.is_file():
        raise Http404("file")
    return serve_file(request, path, content_type=item.mime_type, filename=path.name)


@require_safe
def recording_chapters(request, slug, pk):
    item = _recording(request, slug, pk)
    return HttpResponse(webvtt(chapters(item)), content_type="text/vtt; charset=utf-8")
