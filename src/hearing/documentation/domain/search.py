"""Search across hearings: transcripts, questions, agenda and register, with German stemming.

``search(query, user=...)`` hides the backend: SQLite FTS5 over CISTEM stems (see stemming.py) in
the embedded default, PostgreSQL full-text search with the ``german`` configuration in production.
The index (``SearchEntry``) is rebuilt per hearing after a transcription, a correction or a
change to the agenda; ``hearing search_index`` rebuilds everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse

from hearing.core.stemming import stem, stems, words
from hearing.documentation.models import PUBLIC_SEGMENTS, SearchEntry, Segment
from hearing.hearings.models import Hearing

MAX_QUERY_WORDS = 12
REGISTER_STAMP = "documentation:register-index"


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


def register_entries() -> list[SearchEntry]:
    try:
        model = apps.get_model("register", "Record")
    except LookupError:
        return []
    fields = {f.name for f in model._meta.get_fields()}
    rows = model.objects.all()
    if "deleted" in fields:
        rows = rows.filter(deleted=False)
    if "is_public" in fields:
        rows = rows.filter(is_public=True)
    if "withdrawn_at" in fields:
        rows = rows.filter(withdrawn_at__isnull=True)
    text_fields = [n for n in ("short_description", "description", "organisation") if n in fields]
    title_field = next((n for n in ("name", "title") if n in fields), None)
    entries = []
    for row in rows:
        title = str(getattr(row, title_field) if title_field else row)
        text = " ".join(str(getattr(row, n) or "") for n in text_fields)
        url = row.get_absolute_url() if hasattr(row, "get_absolute_url") else ""
        entries.append(_entry(None, "record", row.pk, title, text, url))
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


def reindex_register() -> int:
    entries = register_entries()
    with transaction.atomic():
        SearchEntry.objects.filter(hearing__isnull=True).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def ensure_register_index() -> None:
    """Rebuild the register's entries when its records changed (checked cheaply per search), so
    that bulk imports in the register app do not pay for the index record by record."""
    try:
        model = apps.get_model("register", "Record")
    except LookupError:
        return
    stamp = model.objects.aggregate(n=Count("pk"), m=Max("modified"))
    key = f"{stamp['n']}:{stamp['m']}:{SearchEntry.objects.filter(hearing__isnull=True).count()}"
    if cache.get(REGISTER_STAMP) == key:
        return
    reindex_register()
    stamp = model.objects.aggregate(n=Count("pk"), m=Max("modified"))
    count = SearchEntry.objects.filter(hearing__isnull=True).count()
    cache.set(REGISTER_STAMP, f"{stamp['n']}:{stamp['m']}:{count}", None)


def reindex_all() -> int:
    count = 0
    for hearing in Hearing.objects.filter(deleted=False):
        count += reindex_hearing(hearing)
    return count + reindex_register()


def _ids_sqlite(terms: list[str], limit: int) -> list[int]:
    match = " AND ".join(f'"{stem(t)}"*' for t in terms if stem(t))
    if not match:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM documentation_search_fts WHERE documentation_search_fts MATCH %s "
            "ORDER BY rank LIMIT %s",
            [match, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _ids_postgres(terms: list[str], limit: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM documentation_searchentry "
            "WHERE to_tsvector('german', title || ' ' || text) @@ plainto_tsquery('german', %s) "
            "ORDER BY ts_rank(to_tsvector('german', title || ' ' || text), "
            "plainto_tsquery('german', %s)) DESC, id LIMIT %s",
            [" ".join(terms), " ".join(terms), limit],
        )
        return [row[0] for row in cursor.fetchall()]


def search(
    query: str, *, visible_hearings, hearing: Hearing | None = None, limit: int = 50
) -> list[Hit]:
    """Entries matching every word of ``query`` in the hearings the caller may see, best first.

    ``visible_hearings`` is a queryset of hearings the user may see (register entries belong to no
    hearing and are public). Never raises for odd input: punctuation and FTS syntax are dropped.
    """
    terms = words(query)[:MAX_QUERY_WORDS]
    if not terms:
        return []
    ensure_register_index()
    finder = _ids_postgres if connection.vendor == "postgresql" else _ids_sqlite
    ids = finder(terms, limit * 4)
    scope = Q(hearing__isnull=True) | Q(hearing__in=visible_hearings)
    if hearing is not None:
        scope = Q(hearing=hearing)
    found = {
        e.pk: e for e in SearchEntry.objects.filter(scope, pk__in=ids).select_related("hearing")
    }
    wanted = {stem(t) for t in terms}
    return [
        Hit(
            entry=found[pk],
            snippet=snippet(found[pk].text or found[pk].title, wanted),
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
