"""OParl File objects come from several apps: each app's files are one registered provider.

A provider says which records are files, where they hang in a Meeting or AgendaItem, and how a
record maps to the File properties. Adding transcripts or protocols is one ``register()`` call with
a new provider (see ``apps.py``); the views, lists and tests pick it up.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch

from hearing.core.publication import Publication


@dataclass(frozen=True)
class FileProvider:
    """One kind of file. ``key`` appears in the File's URL (``file/<key>/<pk>/``).

    ``queryset()`` returns every record that is public in OParl, deleted ones included, with what
    ``describe`` needs select_related (never prefetch_related: lists must stay at a fixed number of
    queries). ``hearing_field`` is the lookup from the record to its hearing; ``item_field`` to its
    agenda item, if it has one. ``meeting_slot`` / ``item_slot`` name the Meeting / AgendaItem
    property the file is embedded in ("auxiliaryFile", "resultsProtocol", "verbatimProtocol").
    ``describe(record)`` returns the File properties the record knows (name, fileName, mimeType,
    size, date, access_path and, if the file has a page of its own, web_path).
    ``is_deleted(record)`` says whether it is shown as deleted; ``deleted`` is the same as a filter.
    ``available()`` is false while the app cannot serve the files yet (for example no download URL).
    """

    key: str
    queryset: Callable[[], QuerySet]
    hearing_field: str
    describe: Callable[[object], dict]
    is_deleted: Callable[[object], bool]
    deleted: Q
    meeting_slot: str | None = None
    item_field: str | None = None
    item_slot: str | None = None
    available: Callable[[], bool] = lambda: True

    def hearing_id(self, record) -> int:
        return _follow_id(record, self.hearing_field)

    def item_id(self, record) -> int | None:
        return _follow_id(record, self.item_field) if self.item_field else None

    def for_hearings(self, hearing_ids) -> dict[int, list]:
        """Non-deleted records grouped by hearing, one query."""
        grouped = defaultdict(list)
        records = self.queryset().filter(**{f"{self.hearing_field}_id__in": list(hearing_ids)})
        for record in records:
            if not self.is_deleted(record):
                grouped[self.hearing_id(record)].append(record)
        return grouped

    def for_items(self, item_ids) -> dict[int, list]:
        grouped = defaultdict(list)
        if not self.item_field:
            return grouped
        records = self.queryset().filter(**{f"{self.item_field}_id__in": list(item_ids)})
        for record in records:
            if not self.is_deleted(record):
                grouped[self.item_id(record)].append(record)
        return grouped


def _follow_id(record, lookup: str) -> int:
    """``item__hearing`` on an attachment gives ``attachment.item.hearing_id`` (no query)."""
    *path, last = lookup.split("__")
    for name in path:
        record = getattr(record, name)
    return getattr(record, f"{last}_id")


_providers: dict[str, FileProvider] = {}


def register(provider: FileProvider) -> None:
    _providers[provider.key] = provider


def providers() -> list[FileProvider]:
    return [provider for provider in _providers.values() if provider.available()]


def provider(key: str) -> FileProvider | None:
    found = _providers.get(key)
    return found if found is not None and found.available() else None


def route_exists(name: str, **kwargs) -> Callable[[], bool]:
    """``available`` for a provider whose download view another app is still building."""
    from django.urls import reverse

    def check() -> bool:
        try:
            reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            return False
        return True

    return check


def attachment_provider() -> FileProvider:
    from django.utils import timezone

    from hearing.hearings.models import Attachment

    def describe(attachment) -> dict:
        return {
            "name": attachment.title,
            "fileName": attachment.file.name.rsplit("/", 1)[-1],
            "mimeType": attachment.mime_type or "application/octet-stream",
            "size": attachment.size,
            "date": timezone.localdate(attachment.created),
            "access_path": attachment.get_absolute_url(),
        }

    return FileProvider(
        key="attachment",
        queryset=lambda: (
            Attachment.objects.filter(item__hearing__is_public=True)
            .select_related("item__hearing")
            .order_by("pk")
        ),
        hearing_field="item__hearing",
        item_field="item",
        item_slot="auxiliaryFile",
        describe=describe,
        is_deleted=lambda a: a.deleted or a.item.deleted or a.item.hearing.deleted,
        deleted=Q(deleted=True) | Q(item__deleted=True) | Q(item__hearing__deleted=True),
    )


# The publication states (hearing.core.publication) OParl shows: published, or withdrawn as a
# deleted object.
SEEN = (Publication.PUBLISHED, Publication.WITHDRAWN)


def recording_provider() -> FileProvider:
    from django.urls import reverse
    from django.utils import timezone

    from hearing.media.models import Recording

    def describe(recording) -> dict:
        from django.utils import translation

        where = {"slug": recording.hearing.slug, "pk": recording.pk}
        # Fixed German, not the visitor's language: the open data reads the same for everyone.
        with translation.override("de"):
            name = str(recording)
        return {
            "name": name,
            "fileName": recording.file.name.rsplit("/", 1)[-1],
            "mimeType": recording.mime_type,
            "size": recording.size,
            "date": timezone.localdate(recording.started_at),
            "access_path": reverse("media:recording_file", kwargs=where),
            "web_path": reverse("media:recording", kwargs=where),
        }

    return FileProvider(
        key="recording",
        queryset=lambda: (
            # Drafts and records in review are not there at all; a withdrawn one is a deleted
            # stub, so clients that copied it learn that it is gone.
            Recording.objects.filter(hearing__is_public=True, state__in=SEEN)
            .select_related("hearing")
            .order_by("pk")
        ),
        hearing_field="hearing",
        meeting_slot="auxiliaryFile",
        describe=describe,
        # A recording no longer published is announced as deleted, without its content.
        is_deleted=lambda r: not r.is_public or r.hearing.deleted,
        deleted=~Q(state=Publication.PUBLISHED) | Q(hearing__deleted=True),
        available=route_exists("media:recording_file", slug="x", pk=1),
    )


def transcript_provider() -> FileProvider:
    from django.urls import reverse
    from django.utils import timezone

    from hearing.documentation.models import PUBLIC_TRANSCRIPTS, Transcript

    def describe(transcript) -> dict:
        recording, slug = transcript.recording, transcript.hearing.slug
        page = reverse("documentation:transcript", kwargs={"slug": slug})
        return {
            # Fixed German, not the visitor's language: the open data reads the same for everyone.
            "name": "Transkript (maschinell erstellt): "
            + (
                recording.title
                or timezone.localtime(recording.started_at).strftime("%d.%m.%Y %H:%M")
            ),
            "fileName": f"{slug}-{recording.pk}.vtt",
            "mimeType": "text/vtt",
            "size": None,
            "date": timezone.localdate(transcript.finished_at),
            "access_path": reverse("documentation:vtt", kwargs={"slug": slug, "pk": recording.pk}),
            "web_path": f"{page}?recording={recording.pk}",
        }

    return FileProvider(
        key="transcript",
        queryset=lambda: (
            Transcript.objects.filter(
                hearing__is_public=True, finished_at__isnull=False, state__in=SEEN
            )
            .select_related("hearing", "recording")
            .order_by("pk")
        ),
        hearing_field="hearing",
        meeting_slot="verbatimProtocol",
        describe=describe,
        is_deleted=lambda t: not t.is_public or t.hearing.deleted,
        deleted=~PUBLIC_TRANSCRIPTS | Q(hearing__deleted=True),
        available=route_exists("documentation:vtt", slug="x", pk=1),
    )


def protocol_provider() -> FileProvider:
    """The protocol PDF of a hearing, once it has been built (a finished protocol job).

    One File per hearing, named after the hearing's first finished protocol job so its URL stays
    the same when the protocol is built again; its content is always the newest PDF.
    """
    from django.db.models import OuterRef, Subquery
    from django.urls import reverse
    from django.utils import timezone

    from hearing.documentation.domain import protocol
    from hearing.documentation.enums import JobKind, JobState
    from hearing.documentation.models import Job

    def queryset():
        built = Job.objects.filter(kind=JobKind.PROTOCOL, state=JobState.DONE)
        first = built.filter(hearing=OuterRef("hearing")).order_by("pk").values("pk")[:1]
        return (
            # Only a published protocol (issue 14); a draft's PDF is the organisers' alone.
            built.filter(
                hearing__is_public=True,
                hearing__protocol__state=Publication.PUBLISHED,
                pk=Subquery(first),
            )
            .select_related("hearing")
            .order_by("pk")
        )

    def describe(job) -> dict:
        path = protocol.pdf_path(job.hearing, "de")
        slug = job.hearing.slug
        return {
            # Fixed German, like the transcript: the open data reads the same for everyone.
            "name": f"Protokoll: {job.hearing.title}",
            "fileName": f"protokoll-{slug}.pdf",
            "mimeType": "application/pdf",
            "size": path.stat().st_size if path.exists() else None,
            "date": timezone.localdate(job.finished_at or job.modified),
            "access_path": reverse("documentation:protocol_pdf", kwargs={"slug": slug}),
            "web_path": reverse("documentation:protocol", kwargs={"slug": slug}),
        }

    return FileProvider(
        key="protocol",
        queryset=queryset,
        hearing_field="hearing",
        meeting_slot="resultsProtocol",
        describe=describe,
        is_deleted=lambda job: job.hearing.deleted,
        deleted=Q(hearing__deleted=True),
        available=route_exists("documentation:protocol_pdf", slug="x"),
    )
