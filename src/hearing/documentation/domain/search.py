"""Search across hearings: transcripts, questions and agenda, with German stemming; and the AI
register through its own search (register.domain.search), so the register list and this page
find the same records (issue 14, Deliver 6).

``search(query, user=...)`` hides the backend. Both index the same German Snowball stems
(core.stemming) of each entry, so they find the same entries: SQLite in an FTS5 table, PostgreSQL
as ``to_tsvector('simple', stems)`` with a GIN index (documentation migration 0006); a query
word matches a stem it begins ("verwalt" finds "verwaltungsdat"). The index (``SearchEntry``) is
rebuilt per hearing after a transcription, a correction or a change to the agenda;
``hearing search_index`` rebuilds everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse

from hearing.core.stemming import stem, stems, words
from hearing.documentation.models import PUBLIC_SEGMENTS, SearchEntry, Segment
from hearing.hearings.models import Hearing

MAX_QUERY_WORDS = 12


@dataclass
class Hit:
    entry: SearchEntry
    snippet: str
    hearing: Hearing | None

    @property
    def kind(self) -> str:
        return self.entry.kind


def _entry(hearing, kind, object_id, title, text, url, seconds=None) -> SearchEntry:
    return SearchEntry(
        hearing=hearing,
        kind=kind,
        object_id=str(object_id),
        title=title[:300],
        text=text,
        url=url[:500],
        seconds=seconds,
        stems=stems(f"{title} {text}"),
    )


def _questions(hearing) -> list[SearchEntry]:
    """Only questions the public saw; pending and rejected ones are never searchable."""
    from hearing.live.models import Question, QuestionStatus

    rows = Question.objects.filter(hearing=hearing, status__in=QuestionStatus.public())
    url = reverse("documentation:protocol", kwargs={"slug": hearing.slug})
    return [_entry(hearing, "question", q.pk, str(hearing), q.text, f"{url}#q{q.pk}") for q in rows]


def hearing_entries(hearing: Hearing) -> list[SearchEntry]:
    entries = []
    for item in hearing.items.filter(deleted=False).order_by("position"):
        entries.append(
            _entry(
                hearing,
                "item",
                item.pk,
                f"{item} – {hearing}",
                item.description,
                item.get_absolute_url(),
            )
        )
    transcript_url = reverse("documentation:transcript", kwargs={"slug": hearing.slug})
    segments = (
        Segment.objects.filter(PUBLIC_SEGMENTS, hearing=hearing)
        .select_related("item", "transcript__recording")
        .order_by("transcript_id", "start")
    )
    for segment in segments:
        title = " – ".join(
            part
            for part in (segment.item.title if segment.item else "", segment.speaker_name)
            if part
        )
        recording = segment.transcript.recording_id
        url = f"{transcript_url}?recording={recording}&t={segment.start:.1f}#s{segment.pk}"
        entries.append(
            _entry(
                hearing,
                "segment",
                segment.pk,
                title or str(hearing),
                segment.text,
                url,
                segment.start,
            )
        )
    entries.extend(_questions(hearing))
    return entries


def _one_rebuild_at_a_time(hearing: Hearing) -> None:
    # Two rebuilds at once (two processes) would each delete what was there before and each
    # insert their own rows, listing everything twice: the hearing's row lock takes turns.
    Hearing.objects.select_for_update(no_key=True).filter(pk=hearing.pk).values_list("pk").first()


def reindex_hearing(hearing: Hearing) -> int:
    with transaction.atomic():
        _one_rebuild_at_a_time(hearing)
        entries = hearing_entries(hearing)
        SearchEntry.objects.filter(hearing=hearing).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def reindex_questions(hearing: Hearing) -> int:
    """Replace only the hearing's question entries: a question approved, corrected or rejected
    changes what the public may find, and the rest of the hearing's index stays as it is."""
    with transaction.atomic():
        _one_rebuild_at_a_time(hearing)
        entries = _questions(hearing)
        SearchEntry.objects.filter(hearing=hearing, kind="question").delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def reindex_all() -> int:
    count = 0
    for hearing in Hearing.objects.filter(deleted=False):
        count += reindex_hearing(hearing)
    # Entries of no hearing: the register's, from before it had its own search.
    SearchEntry.objects.filter(hearing__isnull=True).delete()
    return count


def _query_stems(terms: list[str]) -> list[str]:
    """The stems to look for, each a run of letters and digits (what both indexes' tokenizers
    keep: FTS5's unicode61 and PostgreSQL's parser split at "_" as at any other sign)."""
    return [part for term in terms for part in re.split(r"[\W_]+", stem(term)) if part]


def _ids_sqlite(wanted: list[str], limit: int) -> list[int]:
    match = " AND ".join(f'"{part}"*' for part in wanted)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM documentation_search_fts WHERE documentation_search_fts MATCH %s "
            "ORDER BY rank LIMIT %s",
            [match, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _ids_postgres(wanted: list[str], limit: int) -> list[int]:
    match = " & ".join(f"{part}:*" for part in wanted)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM documentation_searchentry "
            "WHERE to_tsvector('simple', stems) @@ to_tsquery('simple', %s) "
            "ORDER BY ts_rank(to_tsvector('simple', stems), to_tsquery('simple', %s)) DESC, id "
            "LIMIT %s",
            [match, match, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def search(
    query: str, *, visible_hearings, hearing: Hearing | None = None, limit: int = 50
) -> list[Hit]:
    """Entries matching every word of ``query`` in the hearings the caller may see, best first.

    ``visible_hearings`` is a queryset of hearings the user may see. Never raises for odd input:
    punctuation and FTS syntax are dropped. The register's records: register.domain.search.find.
    """
    terms = words(query)[:MAX_QUERY_WORDS]
    wanted = _query_stems(terms)
    if not wanted:
        return []
    finder = _ids_postgres if connection.vendor == "postgresql" else _ids_sqlite
    ids = finder(wanted, limit * 4)
    scope = Q(hearing__in=visible_hearings) if hearing is None else Q(hearing=hearing)
    found = {
        e.pk: e for e in SearchEntry.objects.filter(scope, pk__in=ids).select_related("hearing")
    }
    return [
        Hit(
            entry=found[pk],
            snippet=snippet(found[pk].text or found[pk].title, set(wanted)),
            hearing=found[pk].hearing,
        )
        for pk in ids
        if pk in found
    ][:limit]


def snippet(text: str, wanted: set[str], width: int = 12) -> str:
    tokens = text.split()
    for index, token in enumerate(tokens):
        if any(stem(w).startswith(s) for w in words(token) for s in wanted):
            start = max(index - width, 0)
            prefix = "… " if start else ""
            suffix = " …" if index + width + 1 < len(tokens) else ""
            return prefix + " ".join(tokens[start : index + width + 1]) + suffix
    return " ".join(tokens[: 2 * width]) + (" …" if len(tokens) > 2 * width else "")
