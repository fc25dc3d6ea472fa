"""Organisers' pages: recordings and jobs, the transcript editor, results. Permission:
``hearing.manage`` (the organiser role); the domain checks again."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hearing.core.actions import perform
from hearing.core.errors import InputError, UserError
from hearing.core.permissions import permission_required, require
from hearing.core.publication import Publication
from hearing.core.text import is_number, number_or
from hearing.council.models import Statement
from hearing.documentation.domain import authorisation, editing, release
from hearing.documentation.domain.jobs import enqueue
from hearing.documentation.enums import JobKind, JobState, ResultKind
from hearing.documentation.models import Authorisation, Job, Proposal, Result, Segment, Transcript
from hearing.documentation.views.public import results_page
from hearing.media.models import Recording, Track


def job_rows(hearing) -> list[dict]:
    jobs = Job.objects.filter(hearing=hearing).select_related("recording").order_by("-created")[:20]
    return [
        {
            "id": job.pk,
            "kind": job.get_kind_display(),
            "state": job.state,
            "state_label": job.get_state_display(),
            "percent": job.percent,
            "eta_seconds": job.eta_seconds,
            "error": job.error,
            "recording": str(job.recording) if job.recording else "",
        }
        for job in jobs
    ]


@permission_required("hearing.manage")
@require_safe
def manage(request, hearing):
    # The interpreter's recordings are pictures beside the programme's: nothing to transcribe.
    recordings = Recording.objects.filter(hearing=hearing, track=Track.PROGRAMME).select_related(
        "transcript"
    )
    reviewed = Transcript.objects.filter(hearing=hearing, authorisations__isnull=False).distinct()
    context = {
        "hearing": hearing,
        "recordings": recordings,
        "authorisations": [
            (transcript, authorisation.overview(transcript))
            for transcript in reviewed.select_related("recording")
        ],
        "default_deadline": authorisation.default_deadline().date(),
        "decisions": [("accept", _("Übernehmen")), ("refuse", _("Ablehnen"))],
        "jobs": job_rows(hearing),
        "record": release.record_rows(hearing),
        "result_kinds": ResultKind.choices,
        "statements": Statement.objects.filter(paper__hearings=hearing).select_related("paper"),
    }
    return render(request, "documentation/manage.html", context)


@never_cache
@permission_required("hearing.manage")
@require_safe
def jobs_json(request, hearing):
    jobs = job_rows(hearing)
    html = render_to_string("documentation/_jobs.html", {"jobs": jobs}, request=request)
    return JsonResponse({"jobs": jobs, "html": html})


@permission_required("hearing.manage")
@require_POST
def transcribe(request, hearing, pk):
    recording = get_object_or_404(Recording, pk=pk, hearing=hearing)
    require(request.user, "hearing.manage", hearing)
    job = enqueue(JobKind.TRANSCRIBE, hearing, recording=recording, actor=request.user)
    if job.state == JobState.QUEUED and job.created_by_id == request.user.pk:
        messages.success(request, _("Die Transkription ist eingeplant."))
    else:
        messages.info(request, _("Für diese Aufzeichnung läuft bereits eine Transkription."))
    return redirect("documentation:manage", slug=hearing.slug)


@permission_required("hearing.manage")
@require_POST
def build_protocol(request, hearing):
    enqueue(JobKind.PROTOCOL, hearing, actor=request.user)
    messages.success(request, _("Das Protokoll-PDF wird erstellt."))
    return redirect("documentation:manage", slug=hearing.slug)


@permission_required("hearing.manage")
@require_POST
def set_state(request, hearing, kind):
    """Publish, send to review, withdraw or take back a recording, transcript or the protocol."""
    pk = number_or(request.POST.get("pk") or "0")
    if pk is None:
        raise Http404("pk")
    obj = release.target_of(hearing, kind, pk)
    if obj is None:
        raise Http404(kind)
    target = request.POST.get("state", "")
    return perform(
        request,
        lambda: release.set_state(
            obj, target, actor=request.user, kind=kind, deadline=request.POST.get("deadline", "")
        ),
        back=reverse("documentation:manage", kwargs={"slug": hearing.slug}) + "#record",
        success=_state_message,
    )


def _state_message(changed) -> str:
    """The state reached, and why the public does not see a published transcript yet."""
    message = _("Zustand geändert: %(state)s.") % {"state": Publication(changed.state).label}
    recording = getattr(changed, "recording", None)
    if (
        changed.state == Publication.PUBLISHED
        and recording is not None
        and recording.state != Publication.PUBLISHED
    ):
        message += " " + _(
            "Öffentlich erscheint das Transkript erst, wenn auch seine Aufzeichnung "
            "veröffentlicht ist."
        )
    return message


@permission_required("hearing.manage")
@require_safe
def editor(request, hearing, pk):
    """The transcript editor: every segment with its audio, speaker and text; find and replace
    with a preview (``?find=…&replace=…``)."""
    transcript = get_object_or_404(
        Transcript.objects.select_related("recording"), pk=pk, hearing=hearing
    )
    find, replace = request.GET.get("find", ""), request.GET.get("replace", "")
    preview, error = None, ""
    if "find" in request.GET:
        try:
            preview = editing.find_in(transcript, find, replace)
        except InputError as exc:
            error = exc.message
    segments = list(
        Segment.objects.filter(transcript=transcript).select_related("item").order_by("start", "pk")
    )
    context = {
        "hearing": hearing,
        "transcript": transcript,
        "segments": editing.for_editor(segments),
        "speaker_names": editing.speaker_suggestions(transcript, segments),
        "find": find,
        "replace": replace,
        "preview": preview,
        "error": error,
    }
    return render(request, "documentation/editor.html", context, status=400 if error else 200)


def _segment_action(request, hearing, pk, then=None, success=None):
    """A segment's form: its text and speaker saved (when changed), then ``then(segment)`` (split
    or merge): what was typed before pressing the button is not lost."""
    segment = get_object_or_404(Segment.objects.select_related("hearing"), pk=pk, hearing=hearing)
    back = reverse("documentation:editor", args=[hearing.slug, segment.transcript_id])

    def action():
        # Two steps, each its own transaction: a split refused (a cursor at the end) keeps
        # the text that was saved before it.
        saved = editing.correct_segment(
            segment,
            actor=request.user,
            text=request.POST.get("text", segment.text),
            speaker_name=request.POST.get("speaker_name", segment.speaker_name),
            expected=request.POST.get("original"),
            confirm=request.POST.get("confirm") == "1",
        )
        return then(saved) if then else saved

    return perform(request, action, back=f"{back}#s{segment.pk}", success=success)


@permission_required("hearing.manage")
@require_POST
def edit_segment(request, hearing, pk):
    confirmed = request.POST.get("confirm") == "1"
    success = _("Als geprüft gespeichert.") if confirmed else _("Korrektur gespeichert.")
    return _segment_action(request, hearing, pk, success=success)


@permission_required("hearing.manage")
@require_POST
def split_segment(request, hearing, pk):
    """Split at the cursor (``at``: a character offset in the text as typed)."""
    at = number_or(request.POST.get("at"), -1, digits=6)
    return _segment_action(
        request,
        hearing,
        pk,
        lambda s: editing.split_segment(s, actor=request.user, at=at),
        _("Abschnitt geteilt."),
    )


@permission_required("hearing.manage")
@require_POST
def merge_segment(request, hearing, pk):
    following = number_or(request.POST.get("next"))
    return _segment_action(
        request,
        hearing,
        pk,
        lambda s: editing.merge_with_next(s, actor=request.user, expected_next=following),
        _("Abschnitte verbunden."),
    )


@permission_required("hearing.manage")
@require_POST
def replace_all(request, hearing, pk):
    """Apply a find-and-replace the organiser saw in the preview (``expected`` segments)."""
    transcript = get_object_or_404(Transcript, pk=pk, hearing=hearing)
    expected = number_or(request.POST.get("expected"), -1, digits=6)
    # The segments the preview showed (ids, comma-separated): the same number of others is not
    # what the organiser saw.
    shown = [number_or(part, -1) for part in request.POST.get("segments", "").split(",") if part]
    return perform(
        request,
        lambda: editing.replace_all(
            transcript,
            actor=request.user,
            find=request.POST.get("find", ""),
            replace=request.POST.get("replace", ""),
            expected=expected,
            shown=shown if "segments" in request.POST else None,
        ),
        back=reverse("documentation:editor", args=[hearing.slug, transcript.pk]),
        success=lambda count: (
            ngettext("In %(count)s Abschnitt ersetzt.", "In %(count)s Abschnitten ersetzt.", count)
            % {"count": count}
        ),
    )


def _source(hearing, raw: str):
    """``segment:12``, ``statement:3`` or ``question:7`` of this hearing, else None."""
    kind, _sep, pk = raw.partition(":")
    if not is_number(pk):
        return None
    if kind == "segment":
        return Segment.objects.filter(pk=pk, hearing=hearing).first()
    if kind == "statement":
        return Statement.objects.filter(pk=pk, paper__hearings=hearing).first()
    if kind == "question":
        from hearing.live.models import Question

        return Question.objects.filter(pk=pk, hearing=hearing).first()
    return None


RESULT_FIELDS = ("kind", "topic", "text", "source", "records", "find")


@permission_required("hearing.manage")
@require_POST
def add_result(request, hearing):
    """Save a result; or, with the button "Quelle suchen", find sources for the words in
    ``find``. Either way a page that is not a success shows the form as it was sent (nothing
    typed is lost) with the reason beside the field."""
    typed = {name: request.POST.get(name, "") for name in RESULT_FIELDS}
    if "search" in request.POST:
        candidates = editing.source_candidates(hearing, typed["find"])
        return results_page(request, hearing, typed=typed, candidates=candidates, searched=True)
    raw_source = typed["source"].strip()
    records = typed["records"].replace(",", " ").split()  # checked by editing.add_result
    source = None
    try:
        source = _source(hearing, raw_source) if raw_source else None
        if raw_source and source is None:
            raise InputError(_("Die Quelle wurde nicht gefunden."), field="source")
        editing.add_result(
            hearing,
            actor=request.user,
            kind=typed["kind"],
            topic=typed["topic"],
            text=typed["text"],
            source=source,
            record_ids=records,
        )
    except UserError as exc:
        candidates = editing.source_candidates(hearing, typed["find"])
        if source is not None:
            candidates = [(raw_source, editing.source_label(source)), *candidates]
        return results_page(
            request, hearing, typed=typed, candidates=candidates, error=exc, status=exc.status
        )
    messages.success(request, _("Ergebnis gespeichert."))
    return redirect("documentation:results", slug=hearing.slug)


@permission_required("hearing.manage")
@require_POST
def delete_result(request, hearing, pk):
    result = get_object_or_404(Result, pk=pk, hearing=hearing)
    editing.delete_result(result, actor=request.user)
    messages.success(request, _("Ergebnis gelöscht."))
    return redirect("documentation:results", slug=hearing.slug)


def _back_to_authorisations(hearing) -> str:
    return reverse("documentation:manage", kwargs={"slug": hearing.slug}) + "#authorisation"


@permission_required("hearing.manage")
@require_POST
def authorisation_email(request, hearing, pk):
    """An organiser gives a speaker's e-mail address; the personal link goes out to it."""
    row = get_object_or_404(
        Authorisation.objects.select_related("transcript__hearing"), pk=pk, hearing=hearing
    )
    return perform(
        request,
        lambda: authorisation.set_email(row, request.POST.get("email", ""), actor=request.user),
        back=_back_to_authorisations(hearing),
        success=_("Der Link zur Autorisierung geht an %(email)s.")
        % {"email": request.POST.get("email", "")[:254]},
    )


@permission_required("hearing.manage")
@require_POST
def decide_proposal(request, hearing, pk, decision):
    """Accept or refuse a speaker's proposed wording (``decision``: accept, refuse)."""
    if decision not in ("accept", "refuse"):
        raise Http404("decision")
    proposal = get_object_or_404(
        Proposal.objects.select_related("segment__hearing"), pk=pk, segment__hearing=hearing
    )
    return perform(
        request,
        lambda: authorisation.decide(proposal, accept=decision == "accept", actor=request.user),
        back=_back_to_authorisations(hearing),
        success=_("Vorschlag übernommen.") if decision == "accept" else _("Vorschlag abgelehnt."),
    )
