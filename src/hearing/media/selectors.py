"""Read-side helpers for the media pages."""

import time

from django.conf import settings
from django.db.models import QuerySet

from hearing.core.permissions import has_permission
from hearing.core.publication import Publication
from hearing.hearings.models import Hearing
from hearing.media.domain.nginx import SIGN_APP, StreamServer
from hearing.media.models import Recording, Stream, Track

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


def sign_hls_url(hearing: Hearing) -> str:
    """The sign-language interpreter's playlist: the hearing's slug in the folder "sign"."""
    return f"{settings.STREAM_HLS_URL}/{SIGN_APP}/{StreamServer.playlist_name(hearing.slug)}"


def streams_of(hearing: Hearing) -> dict[str, Stream]:
    """The hearing's streams by track (Track.PROGRAMME, Track.SIGN); a track never set up is
    missing. One query."""
    return {stream.track: stream for stream in Stream.objects.filter(hearing=hearing)}


def stream_of(hearing: Hearing) -> Stream | None:
    return streams_of(hearing).get(Track.PROGRAMME)


def recordings(hearing: Hearing, user, track: str | None = Track.PROGRAMME) -> QuerySet[Recording]:
    """The hearing's recordings of ``track`` (None: of every track) that ``user`` may see (the
    non-public ones only for those who manage the hearing), oldest first."""
    queryset = (
        Recording.objects.filter(hearing=hearing)
        .select_related("hearing")
        .order_by("started_at", "pk")
    )
    if track is not None:
        queryset = queryset.filter(track=track)
    if not has_permission(user, "hearing.manage", hearing):
        queryset = queryset.filter(state=Publication.PUBLISHED)
    return queryset


def signs_beside(recording: Recording, queryset=None) -> list[tuple[Recording, float]]:
    """The sign-language recordings that overlap ``recording`` (a programme's), each with its
    overlap in seconds, longest first; ``queryset`` limits where they are looked for (default:
    all of the hearing's). Empty for a recording that is not the programme's."""
    if recording.track != Track.PROGRAMME:
        return []
    if queryset is None:
        queryset = Recording.objects.filter(hearing_id=recording.hearing_id, track=Track.SIGN)
    found = []
    for sign in queryset.filter(started_at__lt=recording.ended_at):
        overlap = (
            min(sign.ended_at, recording.ended_at) - max(sign.started_at, recording.started_at)
        ).total_seconds()
        if overlap > 0:
            found.append((sign, overlap))
    return sorted(found, key=lambda pair: -pair[1])


def sign_recording_for(recording: Recording, user) -> Recording | None:
    """The sign-language recording that ran beside ``recording`` (the one that overlaps it
    longest) and ``user`` may see, or None. Its ``offset`` attribute is set to where it starts
    on the programme's timeline, in seconds (negative when the interpreter's camera started
    first)."""
    beside = signs_beside(recording, recordings(recording.hearing, user, Track.SIGN))
    if not beside:
        return None
    best = beside[0][0]
    best.offset = round((best.started_at - recording.started_at).total_seconds(), 3)
    return best


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


def sign_playable(hearing: Hearing, since) -> bool:
    """Whether the interpreter's playlist was written in this broadcast (since ``since``)."""
    path = StreamServer.default().sign_hls_dir / StreamServer.playlist_name(hearing.slug)
    try:
        return path.stat().st_mtime >= since.timestamp()
    except FileNotFoundError:
        return False


def stream_status(hearing: Hearing) -> dict:
    """What players and the console need to know, as JSON: the programme's state and, under
    "sign", the interpreter's (live, playable, since, hls_url; "configured" False when the
    hearing has no interpreter's stream)."""
    streams = streams_of(hearing)
    stream = streams.get(Track.PROGRAMME)
    live = bool(stream and stream.is_live)
    fresh = fresh_renditions(hearing, stream.live_since) if live else []
    sign = streams.get(Track.SIGN)
    sign_live = bool(sign and sign.is_live)
    return {
        "configured": stream is not None,
        "live": live,
        "playable": live and playable(hearing, stream.live_since, fresh),
        # What the player may offer now (a rendition without a playlist of this broadcast not).
        "renditions": fresh,
        "since": stream.live_since.isoformat() if live else None,
        "hls_url": hls_url(hearing),
        "sign": {
            "configured": sign is not None,
            "live": sign_live,
            "playable": sign_live and sign_playable(hearing, sign.live_since),
            "since": sign.live_since.isoformat() if sign_live else None,
            "hls_url": sign_hls_url(hearing),
        },
    }
