"""Public pages: transcript with player, subtitles, protocol (HTML, PDF), results, search."""

from __future__ import annotations

import os

from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from hearing.core.errors import UserError
from hearing.core.files import serve_file
from hearing.core.pagecache import public_page
from hearing.core.permissions import has_permission
from hearing.documentation.asr.audio import clock
from hearing.documentation.domain import authorisation, protocol, subtitles
from hearing.documentation.domain.jobs import enqueue
from hearing.documentation.domain.search import search
from hearing.documentation.enums import JobKind, JobState
from hearing.documentation.models import PUBLIC_TRANSCRIPTS, Job, Segment, Transcript
from hearing.hearings import selectors
from hearing.media.models import Recording
from hearing.register.domain import search as register_search

MACHINE_NOTE = (
    "Maschinell erstellt (automatische Spracherkennung), von Menschen ggf. korrigiert "
    "/ machine-generated (speech recognition), possibly corrected by people."
)


def _recording(request, slug, pk) -> Recording:
    """The recording whose transcript is asked for: for the public only a published transcript
    of a published recording (issue 14), for organisers any."""
    hearing = selectors.hearing_for(request.user, slug)
    recording = get_object_or_404(Recording, pk=pk, hearing=hearing)
    if not has_permission(request.user, "hearing.manage", hearing) and not (
        Transcript.objects.filter(PUBLIC_TRANSCRIPTS, recording=recording).exists()
    ):
        raise Http404("recording")
    return recording


def _parse_seconds(raw: str | None) -> float:
    try:
        value = float(raw or 0)
    except ValueError:
        return 0.0
    return value if 0 <= value < 10**6 else 0.0


@public_page
@require_safe
def transcript(request, slug):
    hearing = selectors.hearing_for(request.user, slug)
    may_manage = has_permission(request.user, "hearing.manage", hearing)
    transcripts = Transcript.objects.filter(hearing=hearing).select_related("recording")
    if not may_manage:
        transcripts = transcripts.filter(PUBLIC_TRANSCRIPTS)
    transcripts = list(transcripts.order_by("recording__started_at"))
    chosen = None
    wanted = request.GET.get("recording", "")
    for candidate in transcripts:
        if str(candidate.recording_id) == wanted:
            chosen = candidate
    chosen = chosen or (transcripts[0] if transcripts else None)
    segments = (
        chosen.segments.select_related("item").order_by("start") if chosen is not None else []
    )
    held_back = 0
    if chosen is not None and not may_manage:
        # What the machine doubted stays out until a person has checked it (PUBLIC_SEGMENTS).
        held_back = segments.filter(uncertain=True).count()
        segments = segments.filter(uncertain=False)
    failed = None
    if chosen is not None and chosen.finished_at is None:
        # Unfinished and its latest job failed: say so, with the reason, never "still running".
        latest = (
            Job.objects.filter(recording_id=chosen.recording_id, kind=JobKind.TRANSCRIBE)
            .order_by("-created", "-id")
            .first()
        )
        if latest is not None and latest.state == JobState.FAILED:
            failed = latest
    damaged = [
        (clock(start), clock(end))
        for start, end in (chosen.parameters.get("damaged", []) if chosen else [])
    ]
    context = {
        "hearing": hearing,
        "transcripts": transcripts,
        "transcript": chosen,
        "failed_job": failed,
        "damaged": damaged,
        "segments": segments,
        "held_back": held_back,
        "start": _parse_seconds(request.GET.get("t")),
        "may_manage": may_manage,
    }
    return render(request, "documentation/transcript.html", context)


@require_safe
def recording_file(request, slug, pk):
    """The recording, with HTTP range requests so the player can jump to a moment."""
    recording = _recording(request, slug, pk)
    try:
        path = recording.file.path
    except ValueError:  # no file attached
        raise Http404("file") from None
    # A player may hold the stream open for the length of a hearing; the database connection is
    # not needed for that and is given back now rather than when the stream ends.
    if not connection.in_atomic_block:
        connection.close()
    return serve_file(
        request,
        path,
        content_type=recording.mime_type or "application/octet-stream",
        filename=os.path.basename(path),
    )


def _segments(recording):
    # Subtitles are the public record: nothing the machine doubted until a person checked it.
    return Segment.objects.filter(transcript__recording=recording, uncertain=False).order_by(
        "start"
    )


@require_safe
def subtitles_vtt(request, slug, pk):
    recording = _recording(request, slug, pk)
    body = subtitles.webvtt(_segments(recording), note=MACHINE_NOTE)
    return HttpResponse(body, content_type="text/vtt; charset=utf-8")


@require_safe
def subtitles_srt(request, slug, pk):
    recording = _recording(request, slug, pk)
    response = HttpResponse(
        subtitles.srt(_segments(recording)), content_type="application/x-subrip; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slug}-{recording.pk}.srt"'
    return response


def _protocol_hearing(request, slug):
    """The hearing whose protocol is asked for: the public sees a published protocol only."""
    hearing = selectors.hearing_for(request.user, slug)
    if not has_permission(request.user, "hearing.manage", hearing) and not (
        protocol.is_published(hearing)
    ):
        raise Http404("protocol")
    return hearing


@public_page
@require_safe
def protocol_html(request, slug):
    hearing = _protocol_hearing(request, slug)
    context = protocol.context(hearing)
    context["may_manage"] = has_permission(request.user, "hearing.manage", hearing)
    return render(request, "documentation/protocol.html", context)


@require_safe
def protocol_pdf(request, slug):
    hearing = _protocol_hearing(request, slug)
    language = get_language() if get_language() in ("de", "en") else "de"
    path = protocol.pdf_path(hearing, language)
    if path.exists():
        return serve_file(
            request, path, content_type="application/pdf", filename=f"protokoll-{hearing.slug}.pdf"
        )
    job = enqueue(JobKind.PROTOCOL, hearing, actor=request.user)
    return render(
        request,
        "documentation/pdf_pending.html",
        {"hearing": hearing, "job": job, "message": _("Das PDF wird gerade erstellt.")},
        status=202,
    )


@public_page
@require_safe
def results(request, slug):
    hearing = selectors.hearing_for(request.user, slug)
    return results_page(request, hearing)


def results_page(
    request, hearing, *, typed=None, candidates=(), searched=False, error=None, status=200
):
    """The results page; for organisers with the form to add one, filled with ``typed`` (what
    they sent), the sources found (``candidates``: (value, label)) and a refused save's
    ``error`` beside its field."""
    return render(
        request,
        "documentation/results.html",
        {
            "hearing": hearing,
            "results": protocol.results_by_topic(hearing),
            "result_kinds": protocol.ResultKind.choices,
            "may_manage": has_permission(request.user, "hearing.manage", hearing),
            "typed": typed or {},
            "candidates": candidates,
            "searched": searched,
            "error": error,
            # Where the message goes: beside "source", beside the text fields, or on top.
            "error_at": (
                "source"
                if error is not None and error.field == "source"
                else "fields"
                if error is not None and error.field in ("kind", "topic", "text")
                else "top"
            ),
        },
        status=status,
    )


REGISTER_SHOWN = 10  # records on the search page; the register list has all of them


@require_safe
def search_page(request):
    query = request.GET.get("q", "").strip()[:200]
    hits, records, record_count = [], [], 0
    if query:
        hits = search(query, visible_hearings=selectors.visible_hearings(request.user))
        # The register's own search: the same records, count and order as its list.
        found = register_search.find(query).only(
            "name", "short_description", "organisation", "country", "source"
        )
        record_count = found.count()
        records = list(found[:REGISTER_SHOWN])
    context = {"query": query, "hits": hits, "records": records, "record_count": record_count}
    return render(request, "documentation/search.html", context)


def _private(response):
    """A page reached by a personal link: the link goes on as a referrer only to this site (not
    "no-referrer": browsers then send ``Origin: null`` with the page's own form, which CSRF
    protection refuses), and the page is not indexed (never_cache keeps it out of every cache)."""
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def authorise(request, slug, token):
    """A speaker's own passages, by their personal link: propose corrections, then approve.
    Nobody else's passages, no e-mail address, no login: the link is the key."""
    hearing = selectors.hearing_for(request.user, slug)
    try:
        row = authorisation.read_token(token, hearing)
    except authorisation.LinkError as exc:
        context = {"hearing": hearing, "message": exc.message}
        return _private(
            render(request, "documentation/authorise_invalid.html", context, status=exc.status)
        )
    status, error, typed = 200, "", {}
    if request.method == "POST":
        approve = "approve" in request.POST
        typed = authorisation.typed_texts(request.POST)
        try:
            authorisation.submit(row, typed, approve=approve)
        except UserError as exc:
            status, error = exc.status, exc.message  # what was typed stays on the page
        else:
            messages.success(
                request,
                _("Danke! Ihre Freigabe ist gespeichert.")
                if approve
                else _("Ihre Vorschläge sind gespeichert; Sie können bis zur Frist freigeben."),
            )
            return redirect(request.path)
    now = timezone.now()
    context = {
        "hearing": hearing,
        "row": row,
        "segments": authorisation.passages(row, typed),
        "error": error,
        "status": row.status(now),
        "editable": authorisation.is_open(row, now),
    }
    return _private(render(request, "documentation/authorise.html", context, status=status))
