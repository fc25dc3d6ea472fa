"""Named actions on a hearing's live stream: the key, publish and the end of a publish.

nginx asks the platform before it accepts a publish (``on_publish``); these functions answer.
They take the acting user where a person acts; nginx's callbacks act without one.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import StateError
from hearing.core.permissions import require
from hearing.events.bus import publish
from hearing.hearings.models import Hearing
from hearing.media.models import Stream, Track, new_stream_key

STREAM = "stream"  # the event topic of the stream's state: live or not, since when
RECORDINGS = "recordings"  # the event topic of the newest recording


def stream_for(hearing: Hearing, track: str = Track.PROGRAMME) -> Stream:
    """The hearing's stream of ``track``, made with a new key the first time it is asked for.

    Two requests at once make one: the (hearing, track) constraint refuses the second insert and
    get_or_create reads the first one's row instead.
    """
    stream, _ = Stream.objects.get_or_create(hearing=hearing, track=track)
    stream.hearing = hearing
    return stream


def _track(track: str) -> str:
    if track not in Track.values:
        raise ValueError(f"unknown track {track!r}")
    return track


def rotate_key(hearing: Hearing, *, actor, track: str = Track.PROGRAMME) -> Stream:
    """Give the hearing's ``track`` a new stream key; the old one is refused from now on.

    Raises PermissionDenied unless ``actor`` manages the hearing, ValueError for an unknown
    track. A publish already running with the old key goes on until the encoder stops.
    """
    require(actor, "hearing.manage", hearing)
    with transaction.atomic():
        stream = stream_for(hearing, _track(track))
        stream.key = new_stream_key()
        stream.key_revoked = False
        stream.save(update_fields=["key", "key_revoked", "modified"])
        data = {"hearing": hearing.pk, "track": track}
        log_action("media.stream.key_rotated", actor, stream, data)
    return stream


def revoke_key(hearing: Hearing, *, actor, track: str = Track.PROGRAMME) -> Stream:
    """Refuse every publish of the hearing's ``track`` until a new key is made.

    Raises PermissionDenied unless ``actor`` manages the hearing, ValueError for an unknown track,
    StateError when the track has no stream yet.
    """
    require(actor, "hearing.manage", hearing)
    with transaction.atomic():
        stream = Stream.objects.filter(hearing=hearing, track=_track(track)).first()
        if stream is None:  # nothing to revoke; revoking must not set a stream up
            raise StateError(_("Für diesen Stream gibt es noch keinen Schlüssel."))
        stream.hearing = hearing
        stream.key_revoked = True
        stream.save(update_fields=["key_revoked", "modified"])
        data = {"hearing": hearing.pk, "track": track}
        log_action("media.stream.key_revoked", actor, stream, data)
    return stream


def authorize_publish(key: str, *, addr: str = "", client: str = "") -> Stream | None:
    """The stream an encoder may publish with ``key`` from nginx connection ``client``, now
    marked live; None if refused.

    Unknown and revoked keys are refused (and logged without the key). Hearings that were
    deleted are refused too, and so is a second encoder while the key is live (an OBS that
    reconnects before its old connection timed out): nginx would refuse it after the relay
    anyway, and the broadcast that runs keeps its start and its viewers.
    """
    with transaction.atomic():
        stream = (
            Stream.objects.select_for_update(no_key=True)
            .select_related("hearing")
            .filter(key=key, key_revoked=False)
            .first()
            if key
            else None
        )
        if stream is None or getattr(stream.hearing, "deleted", False):
            log_action("media.stream.refused", None, None, {"addr": addr[:100]})
            return None
        if stream.is_live:
            data = {"addr": addr[:100], "reason": "already live", "track": stream.track}
            log_action("media.stream.refused", None, stream, data)
            return None
        now = timezone.now()
        stream.is_live = True
        stream.live_since = now
        stream.client_addr = addr[:100]
        stream.client_id = client[:40]
        stream.save(update_fields=["is_live", "live_since", "client_addr", "client_id", "modified"])
        data = {"live": True, "since": now.isoformat(), "track": stream.track}
        log_action("media.stream.started", None, stream, {**data, "addr": addr[:100]})
        publish(stream.hearing, "media.stream.started", data, topic=STREAM)
    return stream


def find_stream(name: str, track: str = Track.PROGRAMME):
    """The stream nginx calls ``name``: the key it was published with, or the hearing's slug in
    the application of ``track``."""
    from django.db.models import Q

    return Stream.objects.select_related("hearing").filter(
        Q(hearing__slug=name, track=track) | Q(key=name)
    )


def end_publish(name: str, client: str = "") -> Stream | None:
    """The encoder on nginx connection ``client`` stopped publishing the stream called ``name``
    (slug or key). The end of another connection (a second encoder that was refused) changes
    nothing; without a ``client`` (older callers) any end counts."""
    with transaction.atomic():
        stream = find_stream(name).select_for_update(no_key=True).first() if name else None
        if stream is None or not stream.is_live:
            return None
        if client and stream.client_id and client[:40] != stream.client_id:
            return None
        now = timezone.now()
        stream.is_live = False
        stream.last_ended = now
        stream.save(update_fields=["is_live", "last_ended", "modified"])
        data = {"live": False, "ended": now.isoformat(), "track": stream.track}
        log_action("media.stream.ended", None, stream, data)
        publish(stream.hearing, "media.stream.ended", data, topic=STREAM)
    return stream


def reset_after_server_stop() -> list[Stream]:
    """Mark every stream offline: nginx just (re)started or stopped, so nothing can be publishing.

    nginx cannot call back when it is stopped hard; without this a hearing would stay "live".
    """
    reset = []
    with transaction.atomic():
        for stream in (
            Stream.objects.select_for_update(no_key=True)
            .select_related("hearing")
            .filter(is_live=True)
        ):
            now = timezone.now()
            stream.is_live = False
            stream.last_ended = now
            stream.save(update_fields=["is_live", "last_ended", "modified"])
            data = {
                "live": False,
                "ended": now.isoformat(),
                "reason": "server",
                "track": stream.track,
            }
            log_action("media.stream.ended", None, stream, data)
            publish(stream.hearing, "media.stream.ended", data, topic=STREAM)
            reset.append(stream)
    return reset
