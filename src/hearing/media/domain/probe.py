"""ffmpeg and ffprobe for files: what a file holds, remuxing without re-encoding, checksums."""

import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hearing.core.errors import InputError

CHUNK = 1024 * 1024


class MediaFileError(InputError):
    """The file is not a readable audio or video file; the message says so for a person."""


@dataclass(frozen=True)
class Probe:
    format_names: tuple[str, ...]
    duration: float
    has_video: bool
    has_audio: bool


def probe(path: Path) -> Probe:
    """Read a media file's container and streams with ffprobe. Raises MediaFileError."""
    try:
        result = subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MediaFileError(f"ffprobe: {exc}") from exc
    if result.returncode != 0:
        raise MediaFileError(result.stderr.strip()[:300] or "ffprobe failed")
    try:
        data = json.loads(result.stdout)
        fmt = data["format"]
        streams = data.get("streams", [])
        duration = float(fmt.get("duration") or 0)
    except (ValueError, KeyError, TypeError) as exc:
        raise MediaFileError("ffprobe: unreadable answer") from exc
    kinds = {s.get("codec_type") for s in streams}
    # Cover art is a "video" stream in MP3 files; it is not a picture to watch.
    has_video = any(
        s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
        for s in streams
    )
    return Probe(
        format_names=tuple(fmt.get("format_name", "").split(",")),
        duration=duration,
        has_video=has_video,
        has_audio="audio" in kinds,
    )


def remux_to_mp4(source: Path, target: Path) -> None:
    """Copy the streams of ``source`` into an MP4 with the index at the front (no re-encoding)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(source),
            "-map",
            "0",
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=6 * 3600,
        check=False,
    )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise MediaFileError(result.stderr.strip()[:300] or "ffmpeg failed")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
