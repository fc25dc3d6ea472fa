"""Reading recordings with ffmpeg: a probe that fails clearly, and a bounded-memory PCM stream.

The stream is 16 kHz mono 16-bit PCM from an ``ffmpeg`` subprocess on a pipe, cut into windows
of a few minutes; a window ends at the quietest moment near its end, so a word is rarely cut in
two. Only one window (plus the carried tail) is held in memory, whatever the recording's length.
"""

from __future__ import annotations

import json
import math
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hearing.documentation.asr.base import MediaError

SAMPLE_RATE = 16_000
BYTES_PER_SAMPLE = 2
FRAME = SAMPLE_RATE // 10  # 100 ms, the unit in which a quiet cut point is searched


@dataclass
class MediaInfo:
    duration: float
    has_video: bool


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MediaError(f"{name} fehlt auf diesem Rechner / {name} is not installed.")
    return path


def probe(path: Path) -> MediaInfo:
    """Duration and kind of ``path``. Raises MediaError for missing, empty or non-audio files."""
    path = Path(path)
    if not path.exists():
        raise MediaError(f"Datei nicht gefunden / file not found: {path.name}")
    if path.stat().st_size == 0:
        raise MediaError(f"Die Datei ist leer / the file is empty: {path.name}")
    result = subprocess.run(
        [
            _tool("ffprobe"),
            *("-v", "error", "-show_entries", "format=duration:stream=codec_type"),
            *("-of", "json", str(path)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    data = json.loads(result.stdout or "{}") if result.returncode == 0 else {}
    kinds = {s.get("codec_type") for s in data.get("streams", [])}
    if "audio" not in kinds:
        detail = (result.stderr.strip().splitlines() or [""])[-1][:200]
        raise MediaError(
            f"Keine lesbare Tonspur in {path.name} – keine Audio-/Videodatei oder unvollständig "
            f"/ no readable audio track (not a media file, or incomplete). {detail}".strip()
        )
    try:
        duration = float(data.get("format", {}).get("duration", "nan"))
    except ValueError:
        duration = float("nan")
    _check_wav_length(path)
    return MediaInfo(duration=duration, has_video="video" in kinds)


def _check_wav_length(path: Path) -> None:
    """A WAV file declares its data size; a shorter file was cut off (e.g. a crashed recorder)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return
    pos = 12
    while pos + 8 <= len(head):
        chunk, size = head[pos : pos + 4], struct.unpack("<I", head[pos + 4 : pos + 8])[0]
        if chunk == b"data":
            if size in (0, 0xFFFFFFFF, 0x7FFFFFFF) or size >= 0x7FFF0000:
                return  # streamed WAV without a known length
            if pos + 8 + size > path.stat().st_size:
                raise truncated(path)
            return
        pos += 8 + size + (size & 1)


def truncated(path: Path) -> MediaError:
    return MediaError(
        f"{path.name} ist abgeschnitten oder beschädigt (das Ende fehlt) "
        "/ the file is truncated or damaged (its end is missing)."
    )


class DamagedMedia(MediaError):
    """Most of the recording decoded, but stretches of it are damaged (ffmpeg reported decoding
    errors). Raised after the last window, so everything readable has been yielded;
    ``ranges`` are the damaged stretches as ``(start, end)`` seconds, rounded outwards."""

    def __init__(self, path: Path, ranges: list[tuple[float, float]]) -> None:
        self.ranges = ranges
        where = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in ranges) or "?"
        super().__init__(
            f"{path.name}: beschädigte Stellen bei {where} konnten nicht gelesen werden "
            f"/ damaged stretches at {where} could not be read."
        )


def clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def damaged_ranges(path: Path, *, gap: float = 0.05) -> list[tuple[float, float]]:
    """Where decoding failed: the gaps between the audio frames ffmpeg could decode (a frame that
    fails leaves its time uncovered), rounded outwards to whole seconds and merged."""
    result = subprocess.run(
        [
            _tool("ffprobe"),
            *("-v", "quiet", "-select_streams", "a:0"),
            *("-show_entries", "frame=pts_time,duration_time", "-of", "csv=p=0", str(path)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    ranges: list[tuple[float, float]] = []
    previous_end = None
    for line in result.stdout.splitlines():
        fields = line.split(",")
        try:
            start = float(fields[0])
            length = float(fields[1]) if len(fields) > 1 and fields[1] else 0.0
        except ValueError:
            continue
        if previous_end is not None and start - previous_end > gap:
            low, high = float(math.floor(previous_end)), float(math.ceil(start))
            if ranges and low <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], max(high, ranges[-1][1]))
            else:
                ranges.append((low, high))
        previous_end = max(previous_end or 0.0, start + length)
    return ranges


def pcm_windows(
    path: Path, *, start: float = 0.0, window: float = 120.0, search: float = 4.0
) -> Iterator[tuple[float, np.ndarray]]:
    """Yield ``(offset_seconds, samples)`` windows of float32 audio from ``start`` to the end.

    Raises MediaError (after the last window) if ffmpeg fails or the decoded audio is much
    shorter than the container claims (the end is missing); DamagedMedia (after the last
    window) if ffmpeg reported decoding errors in between but the rest could be read.
    """
    path = Path(path)
    info = probe(path)
    window_samples = int(window * SAMPLE_RATE)
    search_samples = int(search * SAMPLE_RATE)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [
                _tool("ffmpeg"),
                *("-nostdin", "-v", "error", "-ss", f"{start:.3f}", "-i", str(path)),
                *("-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-"),
            ],
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        offset = start
        carry = np.zeros(0, dtype=np.float32)
        decoded = 0
        try:
            while True:
                need = window_samples - len(carry)
                raw = _read(process.stdout, need * BYTES_PER_SAMPLE)
                fresh = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2").astype(np.float32)
                fresh /= 32768.0
                decoded += len(fresh)
                samples = np.concatenate([carry, fresh]) if len(carry) else fresh
                if len(raw) < need * BYTES_PER_SAMPLE:  # end of stream
                    if len(samples):
                        yield offset, samples
                    break
                cut = quiet_cut(samples, search_samples)
                yield offset, samples[:cut]
                offset += cut / SAMPLE_RATE
                carry = samples[cut:].copy()
        finally:
            if process.poll() is None:
                process.kill()
            process.stdout.close()
            process.wait()
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace").strip()
    if process.returncode not in (0, -9):
        raise truncated(path)
    expected = info.duration - start
    if expected == expected and expected > 2 and decoded / SAMPLE_RATE < 0.9 * expected:
        raise truncated(path)
    if message:
        raise DamagedMedia(path, damaged_ranges(path))


def _read(stream, size: int) -> bytes:
    chunks, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def quiet_cut(samples: np.ndarray, search: int) -> int:
    """Index of the quietest 100 ms frame in the last ``search`` samples (the window's cut)."""
    tail_start = max(len(samples) - search, 0)
    tail = samples[tail_start:]
    frames = len(tail) // FRAME
    if frames < 2:
        return len(samples)
    energy = (tail[: frames * FRAME].reshape(frames, FRAME) ** 2).mean(axis=1)
    return tail_start + int(np.argmin(energy)) * FRAME + FRAME // 2
