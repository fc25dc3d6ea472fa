from django import template

from hearing.core.permissions import has_permission
from hearing.media import selectors
from hearing.media.models import Track

register = template.Library()

HLS_JS = "media/vendor/hls.js-1.7.4/hls.min.js"


@register.simple_tag(takes_context=True)
def media_for(context, hearing):
    """What the media panels show for ``hearing``: the stream, its address, the recordings."""
    user = context.get("user")
    streams = selectors.streams_of(hearing)
    stream = streams.get(Track.PROGRAMME)
    return {
        "stream": stream,
        # The interpreter's picture is offered where the hearing has a programme to go beside.
        "sign": streams.get(Track.SIGN) if stream else None,
        # Shown while both are on air: the interpreter beside a programme that is not sent is
        # a picture without its hearing (sign.js follows both from the status checks).
        "sign_live": bool(
            stream and stream.is_live and streams.get(Track.SIGN) and streams[Track.SIGN].is_live
        ),
        "sign_hls_url": selectors.sign_hls_url(hearing),
        "hls_url": selectors.hls_url(hearing),
        "renditions": selectors.renditions(hearing),
        "hls_js": HLS_JS,
        "recordings": list(selectors.recordings(hearing, user)),
        "can_manage": has_permission(user, "hearing.manage", hearing),
    }


@register.filter
def duration(seconds) -> str:
    """Seconds as H:MM:SS (or M:SS under an hour)."""
    total = round(float(seconds or 0))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.simple_tag
def conference_for(participant):
    """Whether ``participant`` joins by video conference, and through which provider."""
    from hearing.media.domain.conference import may_join_remotely, provider

    return {"may_join": may_join_remotely(participant), "provider": provider()}
