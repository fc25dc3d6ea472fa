"""Organisers' corrections and results. Each is one named, audit-logged state change."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import InputError
from hearing.core.permissions import require
from hearing.core.text import limited
from hearing.documentation.enums import ResultKind, SpeakerSource
from hearing.documentation.models import Result, Segment

MAX_TEXT = 10_000
MAX_TOPIC = 200
MAX_NAME = 200


def correct_segment(segment: Segment, *, actor, text: str, speaker_name: str) -> Segment:
    """Correct a segment's text and/or speaker; a later re-run keeps the correction.

    Raises PermissionDenied unless ``actor`` may manage the hearing, InputError for an empty
    or overlong text (the message names the limit; nothing is cut).
    """
    require(actor, "hearing.manage", segment.hearing)
    text = limited(text, max_length=MAX_TEXT, label=_("Der Text"), required=True)
    speaker_name = limited(speaker_name, max_length=MAX_NAME, label=_("Der Name"), multiline=False)
    with transaction.atomic():
        segment = Segment.objects.select_for_update(no_key=True).get(pk=segment.pk)
        before = {"text": segment.text, "speaker_name": segment.speaker_name}
        changed = []
        if text != segment.text:
            segment.text, segment.text_corrected = text, True
            changed += ["text", "text_corrected"]
        if speaker_name != segment.speaker_name:
            segment.speaker_name, segment.speaker_corrected = speaker_name, True
            segment.speaker_person, segment.speaker_source = None, SpeakerSource.MANUAL
            changed += ["speaker_name", "speaker_corrected", "speaker_person", "speaker_source"]
        if not changed:
            return segment
        segment.corrected_by, segment.corrected_at = actor, timezone.now()
        segment.save(update_fields=[*changed, "corrected_by", "corrected_at"])
        log_action(
            "documentation.segment.corrected",
            actor,
            segment,
            {"before": before, "after": {"text": segment.text, "speaker_name": speaker_name}},
        )
        hearing = segment.hearing
        transaction.on_commit(lambda: _reindex(hearing))
    return segment


def _reindex(hearing) -> None:
    from hearing.documentation.domain.search import reindex_hearing

    reindex_hearing(hearing)
    rebuild_pdf(hearing)


def rebuild_pdf(hearing) -> None:
    """The PDF shows corrections and results: queue its rebuild (joins a queued one)."""
    from hearing.documentation.domain.jobs import enqueue
    from hearing.documentation.enums import JobKind

    enqueue(JobKind.PROTOCOL, hearing)


def add_result(
    hearing, *, actor, kind: str, topic: str, text: str, source=None, record_ids=()
) -> Result:
    """Tag a finding. ``source`` is a question, statement or segment of this hearing (or None).

    Raises PermissionDenied, or InputError for an unknown kind, empty text or a source
    from another hearing.
    """
    require(actor, "hearing.manage", hearing)
    if kind not in ResultKind.values:
        raise InputError(_("Unbekannte Art."))
    topic = limited(topic, max_length=MAX_TOPIC, label=_("Das Thema"), multiline=False)
    text = limited(text, max_length=MAX_TEXT, label=_("Die Erkenntnis"))
    if not topic or not text:
        raise InputError(_("Bitte Thema und Erkenntnis angeben."))
    if source is not None and getattr(source, "hearing_id", hearing.pk) != hearing.pk:
        raise InputError(_("Die Quelle gehört zu einem anderen Hearing."))
    with transaction.atomic():
        result = Result.objects.create(
            hearing=hearing,
            kind=kind,
            topic=topic,
            text=text,
            content_type=ContentType.objects.get_for_model(source) if source is not None else None,
            object_id=str(source.pk) if source is not None else "",
            source_label=str(source)[:300] if source is not None else "",
            record_ids=sorted({int(r) for r in record_ids}),
            created_by=actor,
        )
        log_action(
            "documentation.result.added",
            actor,
            result,
            {"kind": kind, "topic": result.topic, "source": result.source_label},
        )
        transaction.on_commit(lambda: rebuild_pdf(hearing))
    return result


def delete_result(result: Result, *, actor) -> None:
    require(actor, "hearing.manage", result.hearing)
    with transaction.atomic():
        log_action("documentation.result.deleted", actor, result, {"text": result.text})
        hearing = result.hearing
        result.delete()
        transaction.on_commit(lambda: rebuild_pdf(hearing))
