"""Organisers' corrections and results. Each is one named, audit-logged state change."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import InputError, StateError
from hearing.core.permissions import require
from hearing.core.text import clean, limited, number_or
from hearing.documentation.enums import ResultKind, SpeakerSource
from hearing.documentation.models import PUBLIC_SEGMENTS, Result, Segment

MAX_TEXT = 10_000
MAX_TOPIC = 200
MAX_NAME = 200


def correct_segment(
    segment: Segment,
    *,
    actor,
    text: str,
    speaker_name: str,
    expected: str | None = None,
    confirm: bool = False,
) -> Segment:
    """Correct a segment's text and/or speaker; a later re-run keeps the correction. A segment
    the machine doubted (``uncertain``) joins the public record once its text is corrected or
    ``confirm`` says a person checked it as it is.

    ``expected``: the text the editor was showing; when the stored text is another (someone
    changed, split or merged it since), nothing is saved and StateError asks to reload: a
    second click on "split" would otherwise put the whole text back and split it again.
    Raises PermissionDenied unless ``actor`` may manage the hearing, InputError for an empty
    or overlong text (the message names the limit; nothing is cut).
    """
    require(actor, "hearing.manage", segment.hearing)
    text = limited(text, max_length=MAX_TEXT, label=_("Der Text"), required=True)
    speaker_name = limited(speaker_name, max_length=MAX_NAME, label=_("Der Name"), multiline=False)
    with transaction.atomic():
        segment = Segment.objects.select_for_update(no_key=True).filter(pk=segment.pk).first()
        if segment is None or (expected is not None and clean(expected) != segment.text):
            # What was typed goes back in the message: the reloaded page shows the other text.
            raise StateError(
                _(
                    "Der Abschnitt wurde inzwischen geändert; bitte die Seite neu laden. "
                    "Ihre Fassung (nicht gespeichert): „%(text)s“"
                )
                % {"text": text}
            )
        before = {"text": segment.text, "speaker_name": segment.speaker_name}
        changed = []
        if text != segment.text:
            segment.text, segment.text_corrected = text, True
            changed += ["text", "text_corrected"]
        if speaker_name != segment.speaker_name:
            segment.speaker_name, segment.speaker_corrected = speaker_name, True
            segment.speaker_person, segment.speaker_source = None, SpeakerSource.MANUAL
            changed += ["speaker_name", "speaker_corrected", "speaker_person", "speaker_source"]
        confirmed = segment.uncertain and (confirm or "text" in changed)
        if confirmed:
            segment.uncertain = False
            changed.append("uncertain")
        if not changed:
            return segment
        segment.corrected_by, segment.corrected_at = actor, timezone.now()
        segment.save(update_fields=[*changed, "corrected_by", "corrected_at"])
        log_action(
            "documentation.segment.corrected",
            actor,
            segment,
            {
                "before": before,
                "after": {"text": segment.text, "speaker_name": speaker_name},
                **({"confirmed": segment.uncertain_reasons.split()} if confirmed else {}),
            },
        )
        if "speaker_name" in changed:
            # Named during the review: that speaker authorises their passages too.
            from hearing.documentation.domain.authorisation import include_speaker

            include_speaker(segment.transcript, speaker_name)
        hearing = segment.hearing
        transaction.on_commit(lambda: _reindex(hearing))
    return segment


# Words recognised with less probability than this are marked for a person to check (the
# editor highlights them). faster-whisper's word probabilities of the shipped model: most
# correct words lie above 0.7, misheard ones mostly below 0.5 (tests/documentation, real speech).
UNCERTAIN_BELOW = 0.5


def for_editor(segments: list[Segment]) -> list[Segment]:
    """``segments`` with what the editor shows: ``rows`` (a textarea tall enough for the whole
    text, 2–30 lines of about 80 characters) and ``marked`` ((word, probability, uncertain)
    triples while the text is still the machine's, else empty) and ``unsure_words`` (how many)."""
    for segment in segments:
        lines = sum(1 + len(line) // 80 for line in segment.text.splitlines() or [""])
        segment.rows = min(max(lines + 1, 2), 30)
        if segment.words and segment.text == segment.machine_text:
            segment.marked = [
                (w["text"], w.get("probability", 1.0), w.get("probability", 1.0) < UNCERTAIN_BELOW)
                for w in segment.words
            ]
        else:
            segment.marked = []
        segment.unsure_words = sum(1 for _w, _p, unsure in segment.marked if unsure)
    # The last has none after it (the list of followers is one longer: zip stops at segments).
    for segment, following in zip(segments, [*segments[1:], None], strict=False):
        segment.next_pk = following.pk if following else None
    return segments


def speaker_suggestions(transcript, segments: list[Segment]) -> list[str]:
    """Names the speaker field suggests: the speakers of the transcript's agenda items, then all
    the agenda names, the registered participants, those on the hearing's speakers list and
    names already used; each once."""
    from django.apps import apps

    from hearing.council.models import Person

    items = {s.item_id for s in segments if s.item_id}
    names = list(
        Person.objects.filter(agenda_items__in=items)
        .order_by("name")
        .values_list("name", flat=True)
    )
    # Then everyone the agenda names (a recording uploaded afterwards has no items yet) and the
    # registered participants (their e-mail addresses get the authorisation links).
    names += (
        Person.objects.filter(
            agenda_items__hearing_id=transcript.hearing_id, agenda_items__deleted=False
        )
        .order_by("name")
        .values_list("name", flat=True)
    )
    try:
        participants = apps.get_model("participants", "Participant")
        names += (
            participants.objects.filter(
                hearing_id=transcript.hearing_id, anonymised_at__isnull=True
            )
            .exclude(name="")
            .order_by("name")
            .values_list("name", flat=True)
        )
    except LookupError:
        pass
    try:
        turns = apps.get_model("live", "SpeakingTurn")
        names += (
            turns.objects.filter(hearing_id=transcript.hearing_id)
            .order_by("speaker_name")
            .values_list("speaker_name", flat=True)
        )
    except LookupError:
        pass
    names += [s.speaker_name for s in segments]
    return list(dict.fromkeys(name for name in names if name))


def _split_words(words: list[dict], at_time: float) -> tuple[list[dict], list[dict]]:
    return [w for w in words if w["start"] < at_time], [w for w in words if w["start"] >= at_time]


def _time_at(segment: Segment, at: int) -> float:
    """Where in the audio character ``at`` of the segment's text is (seconds): the start of the
    word it falls in where the text is still the machine's (word times), else in proportion."""
    if segment.words and segment.text == segment.machine_text:
        offset = 0
        for word in segment.words:
            offset += len(word["text"])
            if offset > at:
                return float(word["start"])
    share = at / max(len(segment.text), 1)
    return round(segment.start + (segment.end - segment.start) * share, 3)


def split_segment(segment: Segment, *, actor, at: int) -> tuple[Segment, Segment]:
    """Split ``segment`` before character ``at`` of its text into two segments of the same
    speaker and item; the audio is divided where that character is spoken (word times) or in
    proportion. Returns (first, second).

    Raises PermissionDenied; InputError when ``at`` leaves one side empty; StateError when a
    speaker's proposal for the segment is open (it would lose its passage).
    """
    require(actor, "hearing.manage", segment.hearing)
    with transaction.atomic():
        first = Segment.objects.select_for_update().get(pk=segment.pk)
        head, tail = first.text[:at].strip(), first.text[at:].strip()
        if not 0 < at < len(first.text) or not head or not tail:
            raise InputError(
                _("Bitte die Stelle zum Teilen im Text setzen (nicht am Anfang oder Ende).")
            )
        _no_open_proposal(first)
        when = min(max(_time_at(first, at), first.start), first.end)
        words_first, words_second = _split_words(first.words, when)
        machine = first.text == first.machine_text
        second = Segment.objects.create(
            transcript_id=first.transcript_id,
            hearing_id=first.hearing_id,
            start=when,
            end=first.end,
            text=tail,
            machine_text="".join(w["text"] for w in words_second).strip() if machine else tail,
            words=words_second,
            confidence=first.confidence,
            item_id=first.item_id,
            speaker_name=first.speaker_name,
            speaker_person_id=first.speaker_person_id,
            speaker_source=first.speaker_source,
            speaker_corrected=first.speaker_corrected,
            text_corrected=True,
            corrected_by=actor,
            corrected_at=timezone.now(),
        )
        first.end, first.text, first.words = when, head, words_first
        if machine:
            first.machine_text = "".join(w["text"] for w in words_first).strip() or head
        first.text_corrected, first.corrected_by, first.corrected_at = True, actor, timezone.now()
        first.save()
        log_action(
            "documentation.segment.split",
            actor,
            first,
            {"at": at, "seconds": when, "new": second.pk, "texts": [head, tail]},
        )
        hearing = first.hearing
        transaction.on_commit(lambda: _reindex(hearing))
    return first, second


def merge_with_next(segment: Segment, *, actor, expected_next: int | None = None) -> Segment:
    """Join ``segment`` and the one after it in the same transcript into one (its text, its end,
    its words); returns the joined segment. ``expected_next``: the id of the segment the editor
    showed after it (a second click, once the first joined them, would join the one after
    that too: StateError instead). Raises PermissionDenied; InputError when there is no
    next segment or the two have different speakers; StateError when a speaker's proposal for
    either is open."""
    require(actor, "hearing.manage", segment.hearing)
    with transaction.atomic():
        following = (
            Segment.objects.filter(transcript_id=segment.transcript_id)
            .filter(
                models.Q(start__gt=segment.start) | models.Q(start=segment.start, pk__gt=segment.pk)
            )
            .order_by("start", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if following is None:
            raise InputError(_("Nach diesem Abschnitt kommt keiner mehr."))
        if expected_next is not None and following != expected_next:
            raise StateError(
                _("Der Abschnitt wurde inzwischen geändert; bitte die Seite neu laden.")
            )
        # Both rows locked, in the order of their ids (two merges at once cannot deadlock).
        rows = {
            s.pk: s
            for s in Segment.objects.select_for_update()
            .filter(pk__in=[segment.pk, following])
            .order_by("pk")
        }
        if len(rows) < 2:
            raise StateError(
                _("Der Abschnitt wurde inzwischen geändert; bitte die Seite neu laden.")
            )
        first, second = rows[segment.pk], rows[following]
        if first.speaker_name != second.speaker_name:
            raise InputError(
                _(
                    "Die Abschnitte haben verschiedene Redende; bitte erst die Sprecher*in angleichen."
                )
            )
        _no_open_proposal(first)
        _no_open_proposal(second)
        first.text = f"{first.text} {second.text}".strip()
        first.machine_text = f"{first.machine_text} {second.machine_text}".strip()
        first.words = [*first.words, *second.words]
        first.end = max(first.end, second.end)
        first.confidence = min(first.confidence, second.confidence)
        first.text_corrected, first.corrected_by, first.corrected_at = True, actor, timezone.now()
        first.save()
        log_action(
            "documentation.segment.merged",
            actor,
            first,
            {"merged": second.pk, "text": second.text},
        )
        second.delete()
        hearing = first.hearing
        transaction.on_commit(lambda: _reindex(hearing))
    return first


def _no_open_proposal(segment: Segment) -> None:
    from hearing.documentation.models import Proposal

    if Proposal.objects.filter(segment=segment, state="open").exists():
        raise StateError(
            _(
                "Zu diesem Abschnitt liegt ein offener Vorschlag der Redenden vor; bitte erst entscheiden."
            )
        )


MAX_FIND = 200


def find_in(transcript, find: str, replace: str) -> list[tuple[Segment, str]]:
    """The segments of ``transcript`` whose text contains ``find`` (exactly, case-sensitive),
    each with its text after replacing every occurrence by ``replace``. Raises InputError for an
    empty or overlong search text."""
    # Not stripped: a space before or after is part of what is searched ("KI " is not "KIT").
    find = limited(find, max_length=MAX_FIND, label=_("Der Suchtext"), multiline=False, strip=False)
    replace = limited(
        replace, max_length=MAX_FIND, label=_("Der Ersatz"), multiline=False, strip=False
    )
    if not find.strip():
        raise InputError(_("Bitte einen Suchtext angeben."), field="find")
    segments = Segment.objects.filter(transcript=transcript, text__contains=find).order_by(
        "start", "pk"
    )
    # text__contains is case-insensitive on SQLite: the exact test is Python's.
    return [(s, s.text.replace(find, replace)) for s in segments if find in s.text]


def replace_all(
    transcript, *, actor, find: str, replace: str, expected: int, shown: list[int] | None = None
) -> int:
    """Replace ``find`` by ``replace`` in every segment of ``transcript`` (each a correction by
    ``actor``; one audit entry). ``expected``: how many segments the preview showed, ``shown``
    which (ids); when the transcript changed since (another count, other segments), nothing is
    replaced and StateError says so.
    Returns the number of segments changed. Raises PermissionDenied, InputError (find_in; a
    segment that would be left empty)."""
    require(actor, "hearing.manage", transcript.hearing)
    with transaction.atomic():
        list(Segment.objects.select_for_update().filter(transcript=transcript).values_list("pk"))
        matches = find_in(transcript, find, replace)
        if len(matches) != expected or (
            shown is not None and sorted(shown) != sorted(s.pk for s, _after in matches)
        ):
            raise StateError(
                _(
                    "Das Transkript hat sich seit der Vorschau geändert; bitte die Vorschau neu laden."
                )
            )
        if any(not after.strip() for _segment, after in matches):
            raise InputError(
                _("Ein Abschnitt wäre danach leer; bitte einen anderen Ersatz wählen.")
            )
        now = timezone.now()
        for segment, after in matches:
            segment.text, segment.text_corrected = after.strip(), True
            segment.corrected_by, segment.corrected_at = actor, now
            segment.save(update_fields=["text", "text_corrected", "corrected_by", "corrected_at"])
        log_action(
            "documentation.segment.replaced",
            actor,
            transcript,
            {"find": find, "replace": replace, "segments": [s.pk for s, _a in matches]},
        )
        hearing = transcript.hearing
        transaction.on_commit(lambda: _reindex(hearing))
    return len(matches)


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
    if source is not None and not _public_source(source):
        # The results page is public and quotes its source: nothing from a draft, a transcript
        # in review, a doubted passage or a question the public never saw.
        raise InputError(
            _("Diese Quelle ist noch nicht öffentlich; zitiert wird nur Veröffentlichtes."),
            field="source",
        )
    # Numbers as typed ("12", "#12"); anything else is named back, never dropped unseen.
    words = [str(r).strip().lstrip("#") for r in record_ids]
    if wrong := [w for w in words if number_or(w) is None]:
        raise InputError(
            _("Keine Nummer eines Eintrags im KI-Register: %(words)s.")
            % {"words": ", ".join(f"„{w}“" for w in wrong)},
            field="records",
        )
    record_ids = sorted({int(w) for w in words})
    if record_ids:
        from hearing.register.models import Record

        known = set(Record.objects.filter(pk__in=record_ids).values_list("pk", flat=True))
        if unknown := [r for r in record_ids if r not in known]:
            raise InputError(
                _("Im KI-Register gibt es keinen Eintrag %(numbers)s.")
                % {"numbers": ", ".join(f"#{r}" for r in unknown)},
                field="records",
            )
    with transaction.atomic():
        result = Result.objects.create(
            hearing=hearing,
            kind=kind,
            topic=topic,
            text=text,
            content_type=ContentType.objects.get_for_model(source) if source is not None else None,
            object_id=str(source.pk) if source is not None else "",
            source_label=source_label(source)[:300] if source is not None else "",
            record_ids=record_ids,
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


SOURCE_HITS = 12  # candidates of each kind the source picker lists


def source_label(source) -> str:
    """How a result's source is named to people (never an internal id)."""
    from hearing.council.models import Statement

    if isinstance(source, Segment):
        minutes, seconds = divmod(int(source.start), 60)
        who = f"{source.speaker_name}: " if source.speaker_name else ""
        return _("Transkript %(at)s – %(who)s„%(text)s“") % {
            "at": f"{minutes}:{seconds:02d}",
            "who": who,
            "text": source.text[:140],
        }
    if isinstance(source, Statement):
        return _("Stellungnahme %(number)s (%(organisation)s): %(text)s") % {
            "number": source.number,
            "organisation": source.organization.short_name or source.organization.name,
            "text": source.comment[:140],
        }
    return _("Frage: %(text)s") % {"text": str(getattr(source, "text", source))[:140]}


def _public_source(source) -> bool:
    """Whether the public may read ``source`` (a segment, a question; statements are public)."""
    from hearing.live.models import Question, QuestionStatus

    if isinstance(source, Segment):
        return Segment.objects.filter(PUBLIC_SEGMENTS, pk=source.pk).exists()
    if isinstance(source, Question):
        return source.status in QuestionStatus.public()
    return True


def source_candidates(hearing, query: str) -> list[tuple[str, str]]:
    """What the results form offers as a source for ``query`` (words in any case): passages of
    the hearing's transcripts, its questions and the statements on its papers, as (value, label)
    pairs; value is what the form sends back (``segment:12``). Empty for an empty query."""
    from django.apps import apps

    from hearing.council.models import Statement

    query = " ".join(str(query or "").split())[:100]
    if not query:
        return []
    # Only what the public may read: the results page quotes it (_public_source).
    found: list = list(
        Segment.objects.filter(PUBLIC_SEGMENTS, hearing=hearing, text__icontains=query).order_by(
            "transcript__recording__started_at", "start"
        )[:SOURCE_HITS]
    )
    try:
        questions = apps.get_model("live", "Question")
        from hearing.live.models import QuestionStatus

        found += list(
            questions.objects.filter(
                hearing=hearing, text__icontains=query, status__in=QuestionStatus.public()
            ).order_by("pk")[:SOURCE_HITS]
        )
    except LookupError:
        pass
    found += list(
        Statement.objects.filter(paper__hearings=hearing, comment__icontains=query)
        .select_related("organization")
        .distinct()
        .order_by("number")[:SOURCE_HITS]
    )
    kinds = {"Segment": "segment", "Statement": "statement", "Question": "question"}
    return [(f"{kinds[type(obj).__name__]}:{obj.pk}", source_label(obj)) for obj in found]


def delete_result(result: Result, *, actor) -> None:
    require(actor, "hearing.manage", result.hearing)
    with transaction.atomic():
        log_action("documentation.result.deleted", actor, result, {"text": result.text})
        hearing = result.hearing
        result.delete()
        transaction.on_commit(lambda: rebuild_pdf(hearing))
