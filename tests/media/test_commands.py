"""`hearing stream` (the generated nginx configuration) and `hearing register_recordings`."""

import io
import stat
import subprocess
from datetime import UTC, datetime

from django.core.management import call_command
from django.urls import reverse

from hearing.media.domain.nginx import StreamServer, callback_secret
from hearing.media.domain.stream import stream_for
from hearing.media.models import Recording
from tests.factories import hearing_with_agenda
from tests.media import streaming


def test_stream_writes_a_private_config_that_nginx_accepts(settings, tmp_path, db):
    server = streaming.configure(settings, tmp_path, "http://127.0.0.1:8123")
    out = io.StringIO()
    call_command("stream", "--config-only", stdout=out)
    assert out.getvalue() == f"nginx-Konfiguration: {server.conf}\n"
    assert stat.S_IMODE(server.conf.stat().st_mode) == 0o600
    text = server.conf.read_text()
    assert f"listen {settings.RTMP_PORT};" in text
    assert f"listen {settings.HLS_PORT};" in text
    on_publish = reverse("media:on_publish")
    assert f"on_publish http://127.0.0.1:8123{on_publish}?secret={callback_secret()};" in text
    assert f"hls_path {server.hls_dir};" in text
    assert f"record_path {server.record_dir};" in text
    check = subprocess.run([*server.command(), "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_leftover_recordings_are_registered_with_the_time_in_their_name(settings, tmp_path, db):
    streaming.configure(settings, tmp_path, "http://127.0.0.1:8123")
    done = hearing_with_agenda(1, slug="ki-hearing")
    stream_for(done)
    running = hearing_with_agenda(1, slug="laeuft")
    live = stream_for(running)
    live.is_live = True
    live.save()
    folder = StreamServer.default().record_dir
    folder.mkdir(parents=True)
    clip = streaming.make_test_clip(tmp_path / "clip.flv", 2, "Rest.")
    leftover = folder / "ki-hearing-1717745400.flv"
    leftover.write_bytes(clip.read_bytes())
    writing = folder / "laeuft-1717745400.flv"
    writing.write_bytes(clip.read_bytes())
    out = io.StringIO()
    call_command("register_recordings", stdout=out)
    recording = Recording.objects.get()
    assert recording.hearing == done
    assert recording.started_at == datetime(2024, 6, 7, 7, 30, tzinfo=UTC)
    assert abs(recording.duration - 2) <= 0.2
    assert not leftover.exists()
    assert writing.exists()
    assert out.getvalue().startswith("ki-hearing-1717745400.flv: registriert als ")


def test_a_recording_is_registered_once_even_if_callback_and_command_both_see_it(
    settings, tmp_path, db
):
    from hearing.media.domain.recordings import register_stream_recording

    streaming.configure(settings, tmp_path, "http://127.0.0.1:8123")
    stream_for(hearing_with_agenda(1, slug="ki-hearing"))
    folder = StreamServer.default().record_dir
    folder.mkdir(parents=True)
    flv = folder / "ki-hearing-1717745400.flv"
    clip = streaming.make_test_clip(tmp_path / "clip.flv", 2, "Einmal.")
    flv.write_bytes(clip.read_bytes())
    claimed = flv.with_suffix(".claimed")
    flv.rename(claimed)  # the callback's thread is working on it
    assert register_stream_recording(flv, "ki-hearing") is None
    claimed.rename(flv)
    assert register_stream_recording(flv, "ki-hearing") is not None
    assert register_stream_recording(flv, "ki-hearing") is None
    assert Recording.objects.count() == 1
    assert list(folder.iterdir()) == []
