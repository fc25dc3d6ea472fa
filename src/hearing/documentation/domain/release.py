"""Publishing the record (issue 14, Deliver 1): a hearing's recordings, transcripts and protocol
each go draft → in review → published, or are withdrawn, by organisers. One action for the three
kinds (hearing.core.publication.change_state); each change is audit-logged, pushed
(``<kind>.<state>``, topic ``record``) and renews the search index, whose transcript entries are
only those the public may read; a recording's or transcript's change makes the protocol PDF again.
"""

from django.db import transaction

from hearing.core.publication import STEP_LABELS, STEPS, Publication, change_state
from hearing.documentation.domain import authorisation, search
from hearing.documentation.domain.jobs import enqueue
from hearing.documentation.enums import JobKind
from hearing.documentation.models import Protocol, Transcript
from hearing.events.bus import publish
from hearing.hearings.models import Hearing
from hearing.media.models import Recording
from hearing.media.selectors import signs_beside

RECORD = "record"  # the event topic of the record's publication states

ACTIONS = {
    "recording": "media.recording",
    "transcript": "documentation.transcript",
    "protocol": "documentation.protocol",
}


def target_of(hearing: Hearing, kind: str, pk: int | None):
    """The object ``kind`` ("recording", "transcript", "protocol") with ``pk`` of ``hearing``;
    the protocol needs no pk (one per hearing, made as a draft on first use). None if there is
    no such object in this hearing."""
    if kind == "recording":
        return Recording.objects.filter(hearing=hearing, pk=pk).select_related("hearing").first()
    if kind == "transcript":
        return Transcript.objects.filter(hearing=hearing, pk=pk).select_related("hearing").first()
    if kind == "protocol":
        protocol, _created = Protocol.objects.get_or_create(hearing=hearing)
        return protocol
    return None


def set_state(obj, target: str, *, actor, kind: str, deadline: str = ""):
    """Move a recording, transcript or protocol (``kind``) of a hearing to ``target``.

    A transcript that goes to review is given to its speakers to authorise, by ``deadline``
    (``YYYY-MM-DD``; empty: a week; hearing.documentation.domain.authorisation).

    A programme's recording takes the sign-language recordings that overlap it along (unless
    they were withdrawn or their state does not allow the step). Raises what hearing.core.publication.change_state raises
    (PermissionDenied, UserError, StateError). When a recording or transcript enters or leaves the public record, the search
    index and the protocol PDF (which show only published transcripts) are made again after
    commit; draft ⇄ review and the protocol's own state change neither.
    """
    hearing = obj.hearing
    action = ACTIONS[kind]
    review = kind == "transcript" and target == Publication.REVIEW
    until = authorisation.parse_deadline(deadline) if review else None

    def announce(changed, previous: str) -> None:
        data = {"kind": kind, "id": changed.pk, "state": changed.state, "previous": previous}
        publish(hearing, f"{action}.{changed.state}", data, topic=f"{RECORD}:{kind}:{changed.pk}")
        if kind != "protocol" and Publication.PUBLISHED in (previous, changed.state):
            transaction.on_commit(lambda: search.reindex_hearing(hearing), robust=True)
            transaction.on_commit(lambda: enqueue(JobKind.PROTOCOL, hearing), robust=True)
        if until is not None:
            authorisation.open_review(changed, deadline=until, actor=actor)

    with transaction.atomic():
        changed = change_state(obj, target, actor=actor, action=action, announce=announce)
        if kind == "recording":
            # The interpreter's recording beside a programme's goes with it (each logged and
            # pushed): a published hearing is not published without its sign language. One an
            # organiser withdrew stays withdrawn, one that cannot take the step stays where it is.
            for sign, _overlap in signs_beside(changed):
                if sign.state != Publication.WITHDRAWN and target in STEPS[sign.state]:
                    change_state(sign, target, actor=actor, action=action, announce=announce)
    return changed


def record_rows(hearing: Hearing) -> list[dict]:
    """What the organisers' page lists under "Veröffentlichung": every recording (the
    interpreter's too), every transcript and the protocol, each with its state and the states it
    may go to next (``steps``: (value, label) pairs). Reads only: a hearing without a protocol
    row shows an unsaved draft (target_of makes the row when someone changes it)."""
    protocol = Protocol.objects.filter(hearing=hearing).first() or Protocol(hearing=hearing)
    rows = [
        ("recording", recording)
        for recording in Recording.objects.filter(hearing=hearing).order_by("started_at", "pk")
    ]
    rows += [
        ("transcript", transcript)
        for transcript in Transcript.objects.filter(hearing=hearing)
        .select_related("recording__hearing")
        .order_by("recording__started_at", "pk")
    ]
    rows.append(("protocol", protocol))
    return [
        {
            "kind": kind,
            "object": obj,
            "state": Publication(obj.state),
            "steps": [
                (step, STEP_LABELS[step]) for step in Publication.values if step in STEPS[obj.state]
            ],
        }
        for kind, obj in rows
    ]
