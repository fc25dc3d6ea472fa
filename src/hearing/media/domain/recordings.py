"""Registering recordings: from the stream when nginx finished a file, or uploaded by organisers."""

import logging
import secrets
import shutil
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from hearing.core.audit import log_action
from hearing.core.errors import InputError
from hearing.core.permissions import require
from hearing.core.validators import check_file_size
from hearing.events.bus import publish
from hearing.hearings.models import Hearing
from hearing.media.domain.probe import MediaFileError, Probe, probe, remux_to_mp4, sha256_of
from hearing.media.domain.stream import RECORDINGS, find_stream
from hearing.media.models import Recording, Track

logger = logging.getLogger(__name__)

# extension -> (ffprobe format name that must be among the file's, MIME type with video, without)
UPLOAD_FORMATS = {
    "mp4": ("mp4", "video/mp4", "audio/mp4"),
    "mkv": ("matroska", "video/x-matroska", "audio/x-matroska"),
    "webm": ("webm", "video/webm", "audio/webm"),
    "mp3": ("mp3", "audio/mpeg", "audio/mpeg"),
    "wav": ("wav", "audio/wav", "audio/wav"),
}


class RecordingError(InputError):
    """A recording could not be registered; the message is for the person who tried."""


def _relative_name(hearing: Hearing, filename: str) -> str:
    return f"recordings/{hearing.slug}/{secrets.token_hex(8)}/{get_valid_filename(filename)}"


def _create(
    hearing,
    name: str,
    *,
    source,
    started_at,
    info: Probe,
    mime,
    title="",
    actor=None,
    track=Track.PROGRAMME,
):
    path = Path(settings.MEDIA_ROOT) / name
    with transaction.atomic():
        recording = Recording.objects.create(
            hearing=hearing,
            title=title,
            file=name,
            source=source,
            track=track,
            started_at=started_at,
            duration=round(info.duration, 3),
            size=path.stat().st_size,
            sha256=sha256_of(path),
            mime_type=mime,
            has_video=info.has_video,
        )
        data = {
            "recording": recording.pk,
            "source": source,
            "started_at": started_at.isoformat(),
            "duration": recording.duration,
            "size": recording.size,
            "sha256": recording.sha256,
            "track": track,
        }
        log_action(f"media.recording.{source}", actor, recording, data)
        publish(hearing, f"media.recording.{source}", {"recording": recording.pk}, topic=RECORDINGS)
    return recording


def register_stream_recording(
    flv: Path, name: str, started_at=None, track: str = Track.PROGRAMME
) -> Recording | None:
    """Remux nginx's FLV recording of stream ``name`` (of ``track``) to MP4 and register it for
    the hearing.

    The recording starts when nginx accepted the publish (the stream's ``live_since``). Returns
    None when the stream is unknown or the file holds nothing playable (an encoder that connected
    and left); the FLV is kept then for a person to look at. Raises MediaFileError if ffmpeg fails.
    """
    stream = find_stream(name, track).filter(track=track).first() if name else None
    if stream is None:
        logger.warning("recording %s: no stream called %r", flv, name)
        return None
    # Claim the file by renaming it: nginx's callback and `hearing register_recordings` may both
    # see it, and only one of them may register it.
    claimed = flv.with_suffix(".claimed")
    try:
        flv.rename(claimed)
    except FileNotFoundError:
        logger.info("recording %s is registered by someone else", flv)
        return None
    try:
        recording = _register_claimed(claimed, stream, started_at)
    except Exception:
        claimed.rename(flv)  # leave it for the next attempt
        raise
    if recording is None:
        claimed.rename(flv)
    else:
        claimed.unlink(missing_ok=True)
    return recording


def _register_claimed(flv: Path, stream, started_at) -> Recording | None:
    hearing = stream.hearing
    suffix = "-gebaerdensprache" if stream.track == Track.SIGN else ""
    relative = _relative_name(
        hearing, f"{hearing.slug}{suffix}-{timezone.localtime():%Y%m%d-%H%M%S}.mp4"
    )
    target = Path(settings.MEDIA_ROOT) / relative
    try:
        remux_to_mp4(flv, target)
        info = probe(target)
    except MediaFileError:
        logger.exception("recording %s of %s could not be remuxed", flv, hearing.slug)
        raise
    if info.duration <= 0 or not (info.has_video or info.has_audio):
        target.unlink(missing_ok=True)
        logger.warning("recording %s of %s is empty", flv, hearing.slug)
        return None
    # The publish was accepted just before the first frame arrived; without it, count back.
    started_at = (
        started_at or stream.live_since or (timezone.now() - timedelta(seconds=info.duration))
    )
    return _create(
        hearing,
        relative,
        source=Recording.Source.STREAM,
        started_at=started_at,
        info=info,
        mime="video/mp4" if info.has_video else "audio/mp4",
        track=stream.track,
    )


def register_in_background(flv: Path, name: str, track: str = Track.PROGRAMME) -> threading.Thread:
    """Remux and register in a thread, so nginx's callback (and the server) is not held up."""

    def work():
        close_old_connections()
        try:
            register_stream_recording(flv, name, track=track)
        except Exception:
            logger.exception("recording %s of %s not registered", flv, name)
        finally:
            connection.close()  # this thread's own connection; nobody else will close it

    thread = threading.Thread(target=work, name=f"recording-{name}", daemon=True)
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # An in-memory database (the test run's) exists in this connection only: work here.
        register_stream_recording(flv, name, track=track)
        return thread
    thread.start()
    return thread


def upload_recording(
    hearing: Hearing, upload, *, started_at: datetime, title: str = "", actor
) -> Recording:
    """Check an uploaded file with ffprobe and register it as a recording of ``hearing``.

    Raises PermissionDenied unless ``actor`` manages the hearing, RecordingError (a message for
    the organiser) when the type is not allowed, the file is larger than
    ``settings.RECORDING_MAX_BYTES`` or not readable media. Nothing is kept
    then. Large uploads arrive as temporary files and are moved, never read into memory.
    """
    require(actor, "hearing.manage", hearing)
    original = Path(upload.name or "").name
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if extension not in UPLOAD_FORMATS:
        raise RecordingError(
            _("Erlaubt sind MP4, MKV, WebM, MP3 und WAV (nicht „%(name)s“).") % {"name": original}
        )
    try:
        check_file_size(upload, settings.RECORDING_MAX_BYTES)
    except ValidationError as exc:
        raise RecordingError(exc.messages[0]) from None
    expected_format, video_mime, audio_mime = UPLOAD_FORMATS[extension]
    with tempfile.TemporaryDirectory(dir=_scratch()) as scratch:
        source = Path(scratch) / f"upload.{extension}"
        if hasattr(upload, "temporary_file_path"):
            shutil.move(upload.temporary_file_path(), source)
        else:
            with open(source, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
        try:
            info = probe(source)
        except MediaFileError:
            raise RecordingError(
                _(
                    "„%(name)s“ ist keine lesbare Audio- oder Videodatei (beschädigt oder "
                    "falsches Format). Es wurde nichts gespeichert."
                )
                % {"name": original}
            ) from None
        if expected_format not in info.format_names or not (info.has_audio or info.has_video):
            raise RecordingError(
                _(
                    "„%(name)s“ ist keine %(kind)s-Datei mit Bild oder Ton. Es wurde nichts gespeichert."
                )
                % {"name": original, "kind": extension.upper()}
            )
        if info.duration <= 0:
            raise RecordingError(
                _("„%(name)s“ hat keine Dauer. Es wurde nichts gespeichert.") % {"name": original}
            )
        relative = _relative_name(hearing, original)
        target = Path(settings.MEDIA_ROOT) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
    try:
        return _create(
            hearing,
            relative,
            source=Recording.Source.UPLOAD,
            started_at=started_at,
            info=info,
            mime=video_mime if info.has_video else audio_mime,
            title=title,
            actor=actor,
        )
    except Exception:
        target.unlink(missing_ok=True)
        raise


def _scratch() -> Path:
    # Next to the final place, so the last move is a rename, not a copy.
    path = Path(settings.MEDIA_ROOT) / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def leftover_recordings(
    folder: Path, track: str = Track.PROGRAMME
) -> list[tuple[Path, str, datetime]]:
    """FLV files nginx finished in ``folder`` (the recording folder of ``track``) but the platform
    never registered (server down during the callback).

    nginx names them ``<slug>-<unix time>.flv`` (``record_unique``); files of a stream that is live
    right now are still being written and are left alone.
    """
    live = set(
        Hearing.objects.filter(streams__is_live=True, streams__track=track).values_list(
            "slug", flat=True
        )
    )
    found = []
    for path in sorted(folder.glob("*.flv")):
        name, _, stamp = path.stem.rpartition("-")
        if not name or not stamp.isdigit() or name in live:
            continue
        found.append((path, name, datetime.fromtimestamp(int(stamp), tz=UTC)))
    return found
