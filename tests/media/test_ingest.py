"""nginx-rtmp against the platform: keys, live state, recording registration. Real nginx, ffmpeg."""

import time
from pathlib import Path

import pytest

from hearing.core.models import AuditLogEntry
from hearing.media.domain.stream import stream_for
from hearing.media.models import Recording
from tests.factories import hearing_with_agenda
from tests.media import streaming


@pytest.fixture
def clip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clip")
    return streaming.make_test_clip(folder / "clip.flv", 6, "Guten Morgen, das ist ein Test.")


@pytest.fixture
def server(settings, tmp_path, live_server):
    server = streaming.configure(settings, tmp_path, live_server.url)
    with streaming.running(server):
        yield server


def wait_until(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_a_wrong_key_is_refused_and_nothing_is_recorded(server, clip, settings):
    hearing = hearing_with_agenda(1)
    stream_for(hearing)
    process = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/not-the-key")
    assert process.returncode != 0
    time.sleep(1)
    assert Recording.objects.count() == 0
    assert list(server.record_dir.iterdir()) == []
    assert list(server.hls_dir.iterdir()) == []
    assert AuditLogEntry.objects.filter(action="media.stream.refused").count() == 1
    assert AuditLogEntry.objects.filter(action="media.stream.started").count() == 0


def test_a_revoked_key_is_refused(server, clip, settings, django_user_model):
    hearing = hearing_with_agenda(1)
    stream = stream_for(hearing)
    stream.key_revoked = True
    stream.save()
    process = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/{stream.key}")
    assert process.returncode != 0
    assert Recording.objects.count() == 0


def test_a_stream_is_renamed_to_the_slug_recorded_and_registered(server, clip, settings):
    hearing = hearing_with_agenda(1, slug="ki-hearing")
    stream = stream_for(hearing)
    process = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/{stream.key}", wait=False)
    playlist = f"{settings.STREAM_HLS_URL}/ki-hearing.m3u8"
    wait_until(lambda: streaming.fetch(playlist)[0] == 200)
    stream.refresh_from_db()
    assert stream.is_live is True
    assert not any(stream.key in p.name for p in server.hls_dir.iterdir())
    process.wait(timeout=60)
    assert process.returncode == 0
    recording = wait_until(lambda: Recording.objects.first())
    stream.refresh_from_db()
    assert stream.is_live is False
    assert recording.source == "stream"
    assert recording.mime_type == "video/mp4"
    assert abs(recording.duration - 6) <= 0.5
    path = Path(settings.MEDIA_ROOT) / recording.file.name
    assert recording.size == path.stat().st_size
    assert len(recording.sha256) == 64
    assert list(server.record_dir.iterdir()) == []
    assert recording.started_at == stream.live_since


def test_a_new_broadcast_starts_a_playlist_of_its_own(server, clip, settings):
    """After the encoder stops and starts again, the playlist holds only the new broadcast's
    fragments: a player attached to it never replays the end of the old one."""
    hearing = hearing_with_agenda(1, slug="neustart")
    stream = stream_for(hearing)
    url = f"{settings.STREAM_INGEST_URL}/{stream.key}"
    assert streaming.publish(clip, url).returncode == 0
    wait_until(lambda: Recording.objects.count() == 1)
    first = {p.name for p in server.hls_dir.glob("neustart-*.ts")}
    started = time.time()
    process = streaming.publish(clip, url, wait=False)
    playlist = server.hls_dir / "neustart.m3u8"
    text = wait_until(
        lambda: playlist.exists() and playlist.stat().st_mtime >= started and playlist.read_text()
    )
    process.wait(timeout=60)
    # nginx reports the second recording after the encoder stops; wait for it, so nothing writes
    # to the database after this test.
    wait_until(lambda: Recording.objects.count() == 2)
    listed = [line for line in text.splitlines() if line.endswith(".ts")]
    assert "#EXT-X-MEDIA-SEQUENCE:0\n" in text, (text, sorted(first))
    assert listed == ["neustart-0.ts"], text  # the new broadcast's first fragment only
