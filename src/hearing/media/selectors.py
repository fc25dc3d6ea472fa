"""Read-side helpers for the media pages."""

import time

from django.conf import settings
from django.db.models import QuerySet

from hearing.core.permissions import has_permission
from hearing.hearings.models import Hearing
from hearing.media.domain.nginx import StreamServer
from hearing.media.models import Recording, Stream

RENDITION_GRACE = 10.0  # seconds; the smaller renditions follow within 1 s (docs/performance.md)


def hls_url(hearing: Hearing, rendition=None) -> str:
    """The stream's address for players: the master playlist under the hearing's slug, or with a
    ``rendition`` (hearing.media.renditions) that rendition's own playlist."""
    return f"{settings.STREAM_HLS_URL}/{StreamServer.playlist_name(hearing.slug, rendition)}"


def renditions(hearing: Hearing) -> list[dict]:
    """The player's choices: name, whether it is sound only, and its playlist's address."""
    return [
        {"name": r.name, "is_audio": r.is_audio, "url": hls_url(hearing, r)}
        for r in settings.STREAM_RENDITIONS
    ]


def stream_of(hearing: Hearing) -> Stream | None:
    return Stream.objects.filter(hearing=hearing).first()


def recordings(hearing: Hearing, user) -> QuerySet[Recording]:
    queryset = (
        Recording.objects.filter(hearing=hearing)
        .select_related("hearing")
        .order_by("started_at", "pk")
    )
    if not has_permission(user, "hearing.manage", hearing):
        queryset = queryset.filter(is_public=True)
    return queryset


def playable(hearing: Hearing, since=None) -> bool:
    """Whether nginx has written this broadcast's playlists yet (a few seconds after the publish).

    A playlist older than the broadcast (``since``, the stream's ``live_since``) is the last
    broadcast's: nginx leaves it behind when an encoder stops, and a player attached to it would
    ask for fragments that are gone. Only playlists written since the publish count.

    Every picture rendition counts: the smaller ones come from ffmpeg a moment after the
    encoder's own, and a player that starts before them asks for a playlist that is not there yet
    (hls.js may step down at once on a slow first fragment). A rendition that is still missing
    ``RENDITION_GRACE`` seconds after the publish (its ffmpeg failing) holds nobody up.
    """
    folder = StreamServer.default().hls_dir
    pictures = [r for r in settings.STREAM_RENDITIONS if not r.is_audio]
    written = []
    for rendition in pictures:
        try:
            stamp = (folder / StreamServer.playlist_name(hearing.slug, rendition)).stat().st_mtime
        except FileNotFoundError:
            stamp = None
        written.append(stamp is not None and (since is None or stamp >= since.timestamp()))
    if not written[0]:
        return False
    return all(written) or since is None or time.time() - since.timestamp() > RENDITION_GRACE


def stream_status(hearing: Hearing) -> dict:
    stream = stream_of(hearing)
    live = bool(stream and stream.is_live)
    return {
        "configured": stream is not None,
        "live": live,
        "playable": live and playable(hearing, stream.live_since),
        "since": stream.live_since.isoformat() if stream and stream.is_live else None,
        "hls_url": hls_url(hearing),
    }
