"""The live stream's renditions: what the players may choose between.

The venue's encoder sends one picture (docs/operations.md asks for H.264 1280×720, 25 fps,
2.5–3 Mbit/s, a keyframe every 2 s, AAC 128 kbit/s). The first video rendition of
``HEARING_STREAM_RENDITIONS`` is that picture passed through unchanged, so its name says what the
encoder is asked to send; every further video rendition is scaled down by ffmpeg, and ``audio`` is
the encoder's sound alone, for listeners on a weak connection. nginx-rtmp lists them all in one
master playlist (RFC 8216, 4.3.4.2 EXT-X-STREAM-INF).

This module has no Django models: the settings module parses the setting with it.
"""

from dataclasses import dataclass

AUDIO = "audio"


@dataclass(frozen=True)
class Rendition:
    """One variant stream. ``height`` in pixels (0 for sound only); bitrates in kbit/s."""

    name: str
    height: int
    video_kbit: int
    audio_kbit: int

    @property
    def is_audio(self) -> bool:
        return self.height == 0

    @property
    def suffix(self) -> str:
        """What nginx-rtmp's ``hls_variant`` matches at the end of a stream name."""
        return f"_{self.name}"

    @property
    def bandwidth(self) -> int:
        """EXT-X-STREAM-INF BANDWIDTH in bits/s: the peak the player must be able to fetch; 10 %
        over the nominal bitrate for the container's overhead (MPEG-TS, measured 6–9 % here)."""
        return (self.video_kbit + self.audio_kbit) * 1100

    def attributes(self) -> str:
        """The EXT-X-STREAM-INF attributes nginx-rtmp writes for this variant."""
        if self.is_audio:
            # CODECS lets players know there is no picture (hls.js then leaves the variant to the
            # page's own "sound only" choice instead of switching to it by bandwidth).
            return f'BANDWIDTH={self.bandwidth},CODECS="mp4a.40.2"'
        width = self.height * 16 // 9
        return f"BANDWIDTH={self.bandwidth},RESOLUTION={width}x{self.height}"


# Bitrates after common streaming ladders for talking heads and slides (Apple's HLS authoring
# specification suggests 0.4–0.8 Mbit/s at 360p, 2–3 Mbit/s at 720p, 4.5–6 Mbit/s at 1080p).
KNOWN = {
    r.name: r
    for r in (
        Rendition("1080p", 1080, 5000, 128),
        Rendition("720p", 720, 2800, 128),
        Rendition("480p", 480, 1200, 96),
        Rendition("360p", 360, 700, 96),
        Rendition("240p", 240, 350, 64),
        Rendition(AUDIO, 0, 0, 128),
    )
}
DEFAULT = ["720p", "360p", AUDIO]


def parse(names: list[str]) -> tuple[Rendition, ...]:
    """The renditions named in ``names``, in that order.

    Raises ValueError (with a German message for the settings' error) for an unknown name, a
    repeated one, an empty list, a list whose first entry is not a picture (the encoder's
    picture is passed through first), or video renditions not in falling height.
    """
    unknown = [name for name in names if name not in KNOWN]
    if unknown:
        raise ValueError(f"unbekannt: {', '.join(unknown)}; bekannt sind {', '.join(KNOWN)}.")
    if len(set(names)) != len(names):
        raise ValueError("jede Stufe nur einmal.")
    chosen = tuple(KNOWN[name] for name in names)
    if not chosen or chosen[0].is_audio:
        raise ValueError("die erste Stufe ist das Bild des Encoders, z. B. 720p.")
    heights = [r.height for r in chosen if not r.is_audio]
    if heights != sorted(heights, reverse=True):
        raise ValueError("Bildstufen absteigend angeben, z. B. 720p,360p,audio.")
    return chosen
