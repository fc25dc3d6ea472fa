"""The protocol of a hearing: one context for the HTML page and the PDF, and the PDF job."""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation

from hearing.core.publication import Publication
from hearing.documentation.domain import authorisation, summary
from hearing.documentation.domain.attribution import speaking_turns
from hearing.documentation.domain.jobs import JobContext, handler
from hearing.documentation.enums import JobKind, ResultKind
from hearing.documentation.models import (
    PUBLIC_SEGMENTS,
    PUBLIC_TRANSCRIPTS,
    Job,
    Protocol,
    Result,
    Segment,
    Transcript,
)
from hearing.hearings import selectors


def _model(label: str, name: str):
    try:
        return apps.get_model(label, name)
    except LookupError:
        return None


def questions(hearing) -> list[dict]:
    """The questions the public saw (approved, being answered, answered) with status and votes.

    Pending, rejected and merged questions stay out of the published protocol; askers appear by
    name only where they chose so.
    """
    from hearing.live.models import Question, QuestionStatus

    rows = (
        Question.objects.filter(hearing=hearing, status__in=QuestionStatus.public())
        .select_related("item")
        .order_by("item__position", "created", "pk")
    )
    return [
        {
            "pk": q.pk,
            "text": q.text,
            "state": q.get_status_display(),
            "votes": q.votes_count,
            "item": q.item,
            "author": q.public_asker,
        }
        for q in rows
    ]


def attendance(hearing) -> list[tuple[str, int]]:
    model = _model("participants", "Participant")
    if model is None:
        return []
    fields = {f.name for f in model._meta.get_fields()}
    rows = model.objects.filter(hearing=hearing)
    figures = []
    if "status" in fields:
        choices = dict(model._meta.get_field("status").choices or [])
        for row in rows.values("status").annotate(n=Count("pk")).order_by("status"):
            figures.append((str(choices.get(row["status"], row["status"])), row["n"]))
    if "attendance" in fields:
        choices = dict(model._meta.get_field("attendance").choices or [])
        for row in rows.exclude(attendance="").values("attendance").annotate(n=Count("pk")):
            figures.append((str(choices.get(row["attendance"], row["attendance"])), row["n"]))
    if "checked_in_at" in fields:
        from django.utils.translation import gettext

        figures.append((gettext("eingecheckt"), rows.filter(checked_in_at__isnull=False).count()))
    return figures


def results_by_topic(hearing) -> OrderedDict:
    """The hearing's results by topic and kind. A result whose quoted passage is no longer public
    (its transcript withdrawn, back in review, the passage doubted) shows no quote: the label
    was taken when it was public (editing.add_result) and would otherwise outlive it."""
    from django.contrib.contenttypes.models import ContentType

    results = list(Result.objects.filter(hearing=hearing).order_by("topic", "kind", "pk"))
    segment_type = ContentType.objects.get_for_model(Segment)
    quoted = {r.object_id for r in results if r.content_type_id == segment_type.pk}
    public = {
        str(pk)
        for pk in Segment.objects.filter(PUBLIC_SEGMENTS, pk__in=quoted).values_list(
            "pk", flat=True
        )
    }
    for result in results:
        if result.content_type_id == segment_type.pk and result.object_id not in public:
            result.source_label = ""
    grouped: OrderedDict = OrderedDict()
    for result in results:
        grouped.setdefault(result.topic, {k: [] for k in ResultKind.values})
        grouped[result.topic][result.kind].append(result)
    return grouped


def context(hearing, *, with_abstractive: bool = False) -> dict:
    items = list(selectors.agenda(hearing))
    segments = list(
        Segment.objects.filter(PUBLIC_SEGMENTS, hearing=hearing)
        .select_related("transcript__recording")
        .order_by("transcript__recording__started_at", "start")
    )
    # Each passage authorised by its speaker or not (True/False; None: never put to them).
    marks = authorisation.authorised_segments(segments)
    by_item: dict[int | None, list[Segment]] = {}
    for segment in segments:
        segment.authorised = marks.get(segment.pk)
        by_item.setdefault(segment.item_id, []).append(segment)
    all_questions = questions(hearing)
    sections = []
    for item in items:
        spoken = by_item.get(item.pk, [])
        texts = [s.text for s in spoken]
        sections.append(
            {
                "item": item,
                "segments": spoken,
                "summary": summary.extractive(texts),
                "abstract": summary.abstractive(" ".join(texts), title=item.title)
                if with_abstractive
                else None,
                "questions": [q for q in all_questions if q["item"] == item],
            }
        )
    turns = speaking_turns(hearing)
    return {
        "hearing": hearing,
        "papers": hearing.papers.filter(deleted=False).order_by("date")
        if hasattr(hearing.papers.model, "deleted")
        else hearing.papers.order_by("date"),
        "statements": selectors.statements(hearing),
        "sections": sections,
        "unassigned": by_item.get(None, []),
        "questions": all_questions,
        "turns": turns,
        "attendance": attendance(hearing),
        "results": results_by_topic(hearing),
        "result_kinds": ResultKind.choices,
        "transcripts": Transcript.objects.filter(PUBLIC_TRANSCRIPTS, hearing=hearing)
        .select_related("recording")
        .order_by("recording__started_at"),
    }


def pdf_path(hearing, language: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "protocols" / f"{hearing.slug}-{language}.pdf"


def render_pdf(hearing, *, language: str = "de") -> bytes:
    """The protocol as a tagged PDF (PDF/UA-1 where WeasyPrint can)."""
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "documentation/protocol_pdf.html", {**context(hearing), "LANGUAGE_CODE": language}
        )
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)


@handler(JobKind.PROTOCOL)
def protocol_job(job: Job, context_: JobContext) -> None:
    languages = [code for code, _name in settings.LANGUAGES]
    for index, language in enumerate(languages):
        data = render_pdf(job.hearing, language=language)
        path = pdf_path(job.hearing, language)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".tmp-{os.getpid()}")
        temp.write_bytes(data)
        os.replace(temp, path)
        context_.checkpoint({language: True}, done=index + 1, total=len(languages))


def is_published(hearing) -> bool:
    """Whether the hearing's protocol is published (a hearing without a row: a draft)."""
    return Protocol.objects.filter(hearing=hearing, state=Publication.PUBLISHED).exists()
