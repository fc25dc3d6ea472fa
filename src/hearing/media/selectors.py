"""Read-side helpers for the media pages."""

from django.conf import settings
from django.db.models import QuerySet

from hearing.core.permissions import has_permission
from hearing.hearings.models import Hearing
from hearing.media.domain.nginx import StreamServer
from hearing.media.models import Recording, Stream


def hls_url(hearing: Hearing) -> str:
    """The stream's address for players: the HLS playlist under the hearing's slug."""
    return f"{settings.STREAM_HLS_URL}/{hearing.slug}.m3u8"


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
    """Whether nginx has written this broadcast's playlist yet (a few seconds after the publish).

    A playlist older than the broadcast (``since``, the stream's ``live_since``) is the last
    broadcast's: nginx leaves it behind when an encoder stops, and a player attached to it would
    ask for fragments that are gone. Only a playlist written since the publish counts.
    """
    path = StreamServer.default().hls_dir / f"{hearing.slug}.m3u8"
    try:
        written = path.stat().st_mtime
    except FileNotFoundError:
        return False
    return since is None or written >= since.timestamp()


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
