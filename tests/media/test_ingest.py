"""nginx-rtmp against the platform: keys, live state, recording registration. Real nginx, ffmpeg."""

import gzip
import json
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from hearing.core.models import AuditLogEntry
from hearing.media.domain.nginx import callback_secret
from hearing.media.domain.stream import stream_for
from hearing.media.models import Recording, Track
from tests.factories import hearing_with_agenda
from tests.media import streaming
from tests.media.streaming import wait_for


@pytest.fixture
def clip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clip")
    return streaming.make_test_clip(folder / "clip.flv", 6, "Guten Morgen, das ist ein Test.")


@pytest.fixture
def server(settings, tmp_path, live_server):
    server = streaming.configure(settings, tmp_path, live_server.url)
    with streaming.running(server):
        yield server


def files(folder: Path) -> list[Path]:
    """The files nginx wrote directly into ``folder`` (the sign-language track's folder aside)."""
    return [path for path in folder.iterdir() if path.is_file()]


def wait_until(predicate, timeout=20.0):
    return wait_for(predicate, timeout)


def test_a_wrong_key_is_refused_and_nothing_is_recorded(server, clip, settings):
    hearing = hearing_with_agenda(1)
    stream_for(hearing)
    process = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/not-the-key")
    assert process.returncode != 0
    time.sleep(1)
    assert Recording.objects.count() == 0
    assert files(server.record_dir) == []
    assert files(server.hls_dir) == []
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
    assert files(server.record_dir) == []
    assert recording.started_at == stream.live_since
    # nginx-rtmp reports the relay naming the stream it came in as (the key): the error log has
    # the report, without the key; neither log has the callback secret.
    errors = wait_until(lambda: "notify: push" in server.error_log.read_text() and server.error_log)
    text = errors.read_text()
    assert "notify: push '[entfernt]'" in text
    assert stream.key not in text
    assert callback_secret() not in text + server.access_log.read_text()


def test_a_new_broadcast_starts_a_playlist_of_its_own(server, clip, settings):
    """After the encoder stops and starts again, the playlist holds only the new broadcast's
    fragments: a player attached to it never replays the end of the old one."""
    hearing = hearing_with_agenda(1, slug="neustart")
    stream = stream_for(hearing)
    url = f"{settings.STREAM_INGEST_URL}/{stream.key}"
    assert streaming.publish(clip, url).returncode == 0
    wait_until(lambda: Recording.objects.count() == 1)
    first = {p.name for p in server.hls_dir.glob("neustart_720p-*.ts")}
    started = time.time()
    process = streaming.publish(clip, url, wait=False)
    playlist = server.hls_dir / "neustart_720p.m3u8"
    text = wait_until(
        lambda: playlist.exists() and playlist.stat().st_mtime >= started and playlist.read_text()
    )
    process.wait(timeout=60)
    # nginx reports the second recording after the encoder stops; wait for it, so nothing writes
    # to the database after this test.
    wait_until(lambda: Recording.objects.count() == 2)
    listed = [line for line in text.splitlines() if line.endswith(".ts")]
    assert "#EXT-X-MEDIA-SEQUENCE:0\n" in text, (text, sorted(first))
    assert listed == ["neustart_720p-0.ts"], text  # the new broadcast's first fragment only


def test_the_master_playlist_lists_every_rendition_and_each_one_plays(server, settings, tmp_path):
    """The encoder's 720p picture, a 360p one made by ffmpeg and the sound alone, read back by
    ffprobe's HLS demuxer from the master playlist as a player would fetch it."""
    hearing = hearing_with_agenda(1, slug="stufen")
    stream = stream_for(hearing)
    clip = streaming.make_test_clip(tmp_path / "hd.flv", 8, "Drei Stufen.", size="1280x720")
    process = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/{stream.key}", wait=False)
    names = ["stufen_720p", "stufen_360p", "stufen_audio"]
    wait_until(lambda: all(len(list(server.hls_dir.glob(f"{n}-*.ts"))) >= 2 for n in names))
    master = f"{settings.STREAM_HLS_URL}/stufen.m3u8"
    status, body = streaming.fetch(master)
    assert status == 200
    assert body.decode().splitlines() == [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        "#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=3220800,RESOLUTION=1280x720",
        "stufen_720p.m3u8",
        "#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=875600,RESOLUTION=640x360",
        "stufen_360p.m3u8",
        '#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=140800,CODECS="mp4a.40.2"',
        "stufen_audio.m3u8",
    ]
    probe = subprocess.run(
        [
            "ffprobe", "-v", "error", "-of", "json", "-show_entries",
            "program=program_id:program_tags=variant_bitrate:stream=codec_type,width,height",
            master,
        ],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    programs = [
        (
            int(program["tags"]["variant_bitrate"]),
            sorted((s["codec_type"], s.get("width"), s.get("height")) for s in program["streams"]),
        )
        for program in json.loads(probe.stdout)["programs"]
    ]
    assert programs == [
        (3220800, [("audio", None, None), ("video", 1280, 720)]),
        (875600, [("audio", None, None), ("video", 640, 360)]),
        # nginx-rtmp writes one fixed program map with an H.264 entry into every fragment; for
        # sound only it stays empty (no packets, no size), and players show no picture.
        (140800, [("audio", None, None), ("video", 0, 0)]),
    ]
    # A playlist over the whole hearing is long; it goes out compressed.
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{settings.STREAM_HLS_URL}/stufen_720p.m3u8", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
        assert response.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(response.read()).startswith(b"#EXTM3U\n")
    process.wait(timeout=60)
    assert process.returncode == 0
    wait_until(lambda: Recording.objects.count() == 1)


def test_the_interpreters_stream_has_its_own_key_playlist_and_recording(server, clip, settings):
    """The sign-language interpreter publishes with a key of their own beside the programme: it
    is played from the folder "sign" under the hearing's slug, recorded apart as the sign track,
    and its end leaves the programme live."""
    hearing = hearing_with_agenda(1, slug="dgs")
    programme = stream_for(hearing)
    sign = stream_for(hearing, Track.SIGN)
    assert sign.key != programme.key
    main = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/{programme.key}", wait=False)
    interpreter = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/{sign.key}", wait=False)
    wait_until(lambda: streaming.fetch(f"{settings.STREAM_HLS_URL}/sign/dgs.m3u8")[0] == 200)
    wait_until(lambda: streaming.fetch(f"{settings.STREAM_HLS_URL}/dgs.m3u8")[0] == 200)
    sign.refresh_from_db()
    programme.refresh_from_db()
    assert (sign.is_live, programme.is_live) == (True, True)
    # Neither key is in a file name; the interpreter's fragments are in their own folder only.
    written = [p.name for p in server.hls_dir.rglob("*")]
    assert not any(sign.key in name or programme.key in name for name in written)
    assert sorted(p.name for p in server.sign_hls_dir.glob("*.m3u8")) == ["dgs.m3u8"]
    for process in (main, interpreter):
        process.wait(timeout=60)
        assert process.returncode == 0
    wait_until(lambda: Recording.objects.count() == 2)
    by_track = {r.track: r for r in Recording.objects.all()}
    assert sorted(by_track) == [Track.PROGRAMME, Track.SIGN]
    sign.refresh_from_db()
    assert by_track[Track.SIGN].started_at == sign.live_since
    assert "-gebaerdensprache-" in by_track[Track.SIGN].file.name
    assert abs(by_track[Track.SIGN].duration - 6) <= 0.5
    assert files(server.sign_record_dir) == []
    actions = AuditLogEntry.objects.filter(action="media.stream.started").values_list(
        "data__track", flat=True
    )
    assert sorted(actions) == ["programme", "sign"]


def test_a_second_encoder_on_a_live_key_is_refused_and_the_broadcast_goes_on(
    server, clip, settings, tmp_path
):
    """An OBS that reconnects (or a second machine) while the key is live: refused at once; the
    running broadcast stays live with its start, and one recording comes of it (found by a
    reviewer: the refused connection's end used to end the broadcast and re-date it)."""
    hearing = hearing_with_agenda(1, slug="zweimal")
    stream = stream_for(hearing)
    long_clip = streaming.make_test_clip(tmp_path / "long.flv", 12, "Eine längere Sendung.")
    url = f"{settings.STREAM_INGEST_URL}/{stream.key}"
    first = streaming.publish(long_clip, url, wait=False)
    wait_until(lambda: streaming.fetch(f"{settings.STREAM_HLS_URL}/zweimal.m3u8")[0] == 200)
    stream.refresh_from_db()
    since = stream.live_since
    second = streaming.publish(clip, url)
    assert second.returncode != 0
    time.sleep(1)
    stream.refresh_from_db()
    assert (stream.is_live, stream.live_since) == (True, since)
    refused = AuditLogEntry.objects.get(action="media.stream.refused")
    assert refused.data["reason"] == "already live"
    first.wait(timeout=60)
    assert first.returncode == 0
    recording = wait_until(lambda: Recording.objects.first())
    time.sleep(1)
    assert Recording.objects.count() == 1
    assert recording.started_at == since
    assert abs(recording.duration - 12) <= 0.5
    assert AuditLogEntry.objects.filter(action="media.stream.ended").count() == 1


def test_the_viewer_count_survives_a_new_access_log_and_older_lines_go(settings, tmp_path):
    """Players counted over the current access log and the one before; after two rotations
    (ACCESS_LOG_SECONDS apart in `hearing stream`) a line is gone: the privacy notice's promise."""
    from hearing.media.views.backoffice import hls_viewers

    server = streaming.configure(settings, tmp_path, "http://127.0.0.1:9")
    with streaming.running(server) as nginx:
        (server.hls_dir / "ki.m3u8").write_text("#EXTM3U\n")

        def watch(agent):
            request = urllib.request.Request(  # noqa: S310 - the test's own nginx
                f"{settings.STREAM_HLS_URL}/ki.m3u8", headers={"User-Agent": agent}
            )
            assert urllib.request.urlopen(request, timeout=5).status == 200  # noqa: S310

        def logged() -> str:
            return "".join(log.read_text() for log in server.access_logs() if log.exists())

        watch("Browser A")
        wait_until(lambda: hls_viewers("ki") == 1)
        server.rotate_access_log(nginx)
        # nginx reopens its logs when the signal reaches it (asynchronously): the next line may
        # still go to the file just moved aside (seen in CI run 39); both files count.
        wait_until(server.access_log.exists)
        watch("Browser B")
        wait_until(lambda: "Browser B" in logged())
        assert "Browser A" in server.access_logs()[0].read_text()
        assert hls_viewers("ki") == 2
        server.rotate_access_log(nginx)
        server.rotate_access_log(nginx)
        wait_until(server.access_log.exists)
        assert "Browser A" not in logged()
