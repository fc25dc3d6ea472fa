import hashlib
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files import File

from hearing.documentation.asr import audio
from hearing.media.models import Recording

AUDIO = Path(__file__).resolve().parent / "audio"


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    """Uploads and PDFs of one test stay out of the next one's way."""
    settings.MEDIA_ROOT = tmp_path / "media"


def speak(text: str, path: Path, *, voice: str = "de", speed: int = 150, pitch: int = 50) -> Path:
    """German speech from espeak-ng, resampled to 16 kHz mono (robotic, but real audio)."""
    raw = path.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(raw), text],
        check=True,
    )
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(path)], check=True)
    raw.unlink()
    return path


def silence(seconds: float, path: Path) -> Path:
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "1", str(path), "trim", "0", str(seconds)], check=True
    )
    return path


def concat(parts: list[Path], path: Path) -> Path:
    subprocess.run(["sox", *map(str, parts), str(path)], check=True)
    return path


def duration(path: Path) -> float:
    return audio.probe(path).duration


def make_recording(hearing, path: Path, started_at, *, public: bool = True) -> Recording:
    data = Path(path).read_bytes()
    info = audio.probe(path)
    recording = Recording(
        hearing=hearing,
        title=Path(path).name,
        source=Recording.Source.UPLOAD,
        started_at=started_at,
        duration=info.duration,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        mime_type="audio/wav",
        has_video=False,
        state="published" if public else "withdrawn",
    )
    with Path(path).open("rb") as handle:
        recording.file.save(Path(path).name, File(handle), save=True)
    return recording


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory):
    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        pytest.fail("espeak-ng und sox werden gebraucht (scripts/install-system-deps.sh)")
    return tmp_path_factory.mktemp("clips")


# The generated hearing: a welcome by one voice, then a talk by a higher voice, with pauses.
# (espeak-ng's female variants are recognised poorly; pitch keeps the two voices apart.)
PART_ONE = "Guten Morgen und herzlich willkommen zum Hearing über künstliche Intelligenz."
PART_TWO = "Die Beschäftigten der Stadt München sollen entlastet werden."


@pytest.fixture(scope="session")
def hearing_clip(clip_dir):
    """(path, seconds where part two starts, total seconds) of a short two-speaker clip."""
    one = speak(PART_ONE, clip_dir / "one.wav", voice="de")
    two = speak(PART_TWO, clip_dir / "two.wav", speed=140, pitch=70)
    pause = silence(2.0, clip_dir / "pause.wav")
    path = concat([silence(0.5, clip_dir / "lead.wav"), one, pause, two, pause], clip_dir / "h.wav")
    switch = 0.5 + duration(one) + 1.0
    return path, switch, duration(path)


def at(recording, seconds: float):
    return recording.started_at + timedelta(seconds=seconds)
