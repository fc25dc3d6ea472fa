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


def fresh_renditions(hearing: Hearing, since=None) -> list[str]:
    """The renditions whose playlist nginx has written in this broadcast (since ``since``, the
    stream's ``live_since``). A playlist older than the broadcast is the last one's: nginx leaves
    it behind when an encoder stops, and one that is not renewed (an encoder without sound has no
    "audio") must not be offered, or a player would play the last broadcast's end."""
    folder = StreamServer.default().hls_dir
    fresh = []
    for rendition in settings.STREAM_RENDITIONS:
        try:
            stamp = (folder / StreamServer.playlist_name(hearing.slug, rendition)).stat().st_mtime
        except FileNotFoundError:
            continue
        if since is None or stamp >= since.timestamp():
            fresh.append(rendition.name)
    return fresh


def playable(hearing: Hearing, since=None, fresh: list[str] | None = None) -> bool:
    """Whether a player may start: the encoder's picture (the first rendition) has a playlist of
    this broadcast, and so has every other picture rendition, or ``RENDITION_GRACE`` seconds have
    passed since the publish (a rendition whose ffmpeg fails holds nobody up). The smaller ones
    come from ffmpeg a moment after the encoder's own, and a player that starts before them asks
    for a playlist that is not there yet (hls.js may step down at once on a slow first fragment).
    """
    fresh = fresh_renditions(hearing, since) if fresh is None else fresh
    pictures = [r.name for r in settings.STREAM_RENDITIONS if not r.is_audio]
    if pictures[0] not in fresh:
        return False
    if all(name in fresh for name in pictures) or since is None:
        return True
    return time.time() - since.timestamp() > RENDITION_GRACE


def stream_status(hearing: Hearing) -> dict:
    stream = stream_of(hearing)
    live = bool(stream and stream.is_live)
    fresh = fresh_renditions(hearing, stream.live_since) if live else []
    return {
        "configured": stream is not None,
        "live": live,
        "playable": live and playable(hearing, stream.live_since, fresh),
        # What the player may offer now (a rendition without a playlist of this broadcast not).
        "renditions": fresh,
        "since": stream.live_since.isoformat() if stream and stream.is_live else None,
        "hls_url": hls_url(hearing),
    }
