"""Media pages: the hearing panel, stream status, recordings, chapters, uploads, permissions."""

import json
import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from hearing.core.models import AuditLogEntry
from hearing.hearings.models import ItemPeriod
from hearing.media.domain.chapters import chapters, timestamp, webvtt
from hearing.media.domain.nginx import callback_secret
from hearing.media.domain.stream import stream_for
from hearing.media.models import Recording, Stream, Track
from tests.factories import HearingRoleFactory, UserFactory

T0 = datetime(2024, 6, 7, 7, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STREAM_DIR = tmp_path / "stream"
    return settings.MEDIA_ROOT


@pytest.fixture
def carol(hearing):
    """Organises the hearing (may manage it)."""
    user = UserFactory(username="carol")
    HearingRoleFactory(hearing=hearing, user=user, role="organizer")
    return user


@pytest.fixture
def carol_client(carol):
    from django.test import Client

    client = Client()
    client.force_login(carol)
    return client


def make_media(path: Path, seconds: float = 3, audio_only: bool = False) -> Path:
    inputs = ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    if not audio_only:
        inputs = ["-f", "lavfi", "-i", f"testsrc=size=160x90:rate=10:duration={seconds}", *inputs]
    codecs = ["-c:a", "aac"] if path.suffix == ".mp4" else []
    if path.suffix == ".mp4" and not audio_only:
        codecs = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", *codecs]
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            *inputs,
            *codecs,
            "-t",
            str(seconds),
            str(path),
        ],
        check=True,
    )
    return path


def recording_for(hearing, media_root, seconds=60.0, **kwargs) -> Recording:
    name = f"recordings/{hearing.slug}/test/rec.mp4"
    path = Path(media_root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"0123456789" * 100)
    defaults = {
        "hearing": hearing,
        "file": name,
        "source": "stream",
        "started_at": T0,
        "duration": seconds,
        "size": 1000,
        "sha256": "0" * 64,
        "mime_type": "video/mp4",
        "state": "published",
    }
    return Recording.objects.create(**{**defaults, **kwargs})


# --- chapters --------------------------------------------------------------------------------


def test_chapters_follow_the_items_actual_times_clipped_to_the_recording(hearing, media_root):
    first, second, third = hearing.items.order_by("position")
    ItemPeriod.objects.create(
        item=first, started_at=T0 - timedelta(seconds=30), ended_at=T0 + timedelta(seconds=10)
    )
    ItemPeriod.objects.create(
        item=second, started_at=T0 + timedelta(seconds=10), ended_at=T0 + timedelta(seconds=10.2)
    )
    ItemPeriod.objects.create(
        item=third, started_at=T0 + timedelta(seconds=10.2), ended_at=T0 + timedelta(seconds=40)
    )
    ItemPeriod.objects.create(item=first, started_at=T0 + timedelta(seconds=45))
    recording = recording_for(hearing, media_root, seconds=60)
    result = [(c.start, c.end, c.title) for c in chapters(recording)]
    assert result == [
        (0.0, 10.0, "1. Punkt 1"),
        (10.2, 40.0, "3. Punkt 3"),
        (45.0, 60.0, "1. Punkt 1"),
    ]
    assert webvtt(chapters(recording)) == (
        "WEBVTT\n\n"
        "chapter-1\n00:00:00.000 --> 00:00:10.000\n1. Punkt 1\n\n"
        "chapter-2\n00:00:10.200 --> 00:00:40.000\n3. Punkt 3\n\n"
        "chapter-3\n00:00:45.000 --> 00:01:00.000\n1. Punkt 1\n"
    )


def test_webvtt_escapes_markup_and_formats_hours(hearing, media_root):
    item = hearing.items.first()
    item.title = "KI <b>&</b> Recht --> heute"
    item.save()
    ItemPeriod.objects.create(
        item=item, started_at=T0, ended_at=T0 + timedelta(hours=1, seconds=1.5)
    )
    recording = recording_for(hearing, media_root, seconds=4000)
    assert webvtt(chapters(recording)).splitlines()[3:5] == [
        "00:00:00.000 --> 01:00:01.500",
        "1. KI &lt;b&gt;&amp;&lt;/b&gt; Recht --&gt; heute",
    ]
    assert timestamp(3723.25) == "01:02:03.250"


# --- public pages -----------------------------------------------------------------------------


def test_hearing_page_shows_player_badge_and_external_url_once_a_stream_exists(
    client, hearing, settings
):
    page = client.get(hearing.get_absolute_url())
    assert b"data-stream-player" not in page.content
    stream_for(hearing)
    page = client.get(hearing.get_absolute_url())
    html = page.content.decode()
    url = f"{settings.STREAM_HLS_URL}/{hearing.slug}.m3u8"
    assert f'<a href="{url}" data-stream-url>{url}</a>' in html
    assert "data-stream-player" in html
    assert "media/vendor/hls.js-1.7.4/hls.min.js" in html
    assert stream_for(hearing).key not in html


def test_stream_status_json(client, hearing, settings, tmp_path):
    settings.STREAM_DIR = tmp_path / "stream"
    url = reverse("media:status", kwargs={"slug": hearing.slug})
    hls = f"{settings.STREAM_HLS_URL}/{hearing.slug}.m3u8"
    sign_hls = f"{settings.STREAM_HLS_URL}/sign/{hearing.slug}.m3u8"
    no_sign = {
        "configured": False, "live": False, "playable": False, "since": None, "hls_url": sign_hls,
    }  # fmt: skip
    assert client.get(url).json() == {
        "configured": False,
        "live": False,
        "playable": False,
        "renditions": [],
        "since": None,
        "hls_url": hls,
        "sign": no_sign,
    }
    stream = stream_for(hearing)
    stream.is_live = True
    stream.live_since = T0
    stream.save()
    assert client.get(url).json() == {
        "configured": True,
        "live": True,
        "playable": False,
        "renditions": [],
        "since": "2024-06-07T07:30:00+00:00",
        "hls_url": hls,
        "sign": no_sign,
    }
    # The interpreter's stream: live at once, playable once nginx wrote its playlist.
    sign = stream_for(hearing, Track.SIGN)
    assert sign.key != stream.key
    sign.is_live = True
    sign.live_since = timezone.now() - timedelta(seconds=5)
    sign.save()
    status = client.get(url).json()["sign"]
    assert status == {
        **no_sign,
        "configured": True,
        "live": True,
        "since": sign.live_since.isoformat(),
    }
    playlist = settings.STREAM_DIR / "hls" / "sign" / f"{hearing.slug}.m3u8"
    playlist.parent.mkdir(parents=True)
    playlist.write_text("#EXTM3U\n")
    assert client.get(url).json()["sign"]["playable"] is True
    assert client.get(url).json()["live"] is True
    assert client.get(reverse("media:status", kwargs={"slug": "gibt-es-nicht"})).status_code == 404


def test_the_stream_is_playable_once_every_picture_rendition_is_written(
    hearing, settings, tmp_path
):
    """The smaller renditions follow the encoder's picture; a player waits for them, but not
    longer than RENDITION_GRACE after the publish (a failing rendition holds nobody up)."""
    from django.utils import timezone

    from hearing.media.selectors import fresh_renditions, playable

    settings.STREAM_DIR = tmp_path / "stream"
    folder = tmp_path / "stream" / "hls"
    folder.mkdir(parents=True)
    since = timezone.now() - timedelta(seconds=2)
    assert playable(hearing, since) is False
    (folder / f"{hearing.slug}_audio.m3u8").write_text("#EXTM3U\n")
    (folder / f"{hearing.slug}.m3u8").write_text("#EXTM3U\n")
    assert playable(hearing, since) is False
    (folder / f"{hearing.slug}_720p.m3u8").write_text("#EXTM3U\n")
    assert playable(hearing, since) is False  # 360p is still to come
    assert playable(hearing, since - timedelta(seconds=10)) is True  # it is not coming
    (folder / f"{hearing.slug}_360p.m3u8").write_text("#EXTM3U\n")
    assert playable(hearing, since) is True
    # The sound's playlist left from the last broadcast (an encoder without sound now): not
    # offered, or "Nur Ton" would play the last broadcast's end.
    old = (since - timedelta(seconds=60)).timestamp()
    os.utime(folder / f"{hearing.slug}_audio.m3u8", (old, old))
    assert fresh_renditions(hearing, since) == ["720p", "360p"]
    # The last broadcast's playlists do not count for a new one.
    assert playable(hearing, timezone.now() + timedelta(seconds=5)) is False


def test_recording_page_lists_chapters_with_a_labelled_track(client, hearing, media_root):
    item = hearing.items.first()
    ItemPeriod.objects.create(
        item=item, started_at=T0 + timedelta(seconds=5), ended_at=T0 + timedelta(seconds=20)
    )
    recording = recording_for(hearing, media_root)
    page = client.get(recording.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert 'kind="chapters"' in html
    assert 'label="Kapitel (Tagesordnung)"' in html
    assert 'data-seek="5.000"' in html
    vtt = client.get(
        reverse("media:recording_chapters", kwargs={"slug": hearing.slug, "pk": recording.pk})
    )
    assert vtt["Content-Type"] == "text/vtt; charset=utf-8"
    assert vtt.content.decode().splitlines()[3] == "00:00:05.000 --> 00:00:20.000"


def test_recording_file_answers_range_requests(client, hearing, media_root):
    recording = recording_for(hearing, media_root)
    url = reverse("media:recording_file", kwargs={"slug": hearing.slug, "pk": recording.pk})
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == b"0123456789" * 100
    part = client.get(url, HTTP_RANGE="bytes=10-14")
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 10-14/1000"
    assert b"".join(part.streaming_content) == b"01234"
    tail = client.get(url, HTTP_RANGE="bytes=-3")
    assert b"".join(tail.streaming_content) == b"789"
    assert client.get(url, HTTP_RANGE="bytes=5000-").status_code == 416


def test_under_asgi_a_recording_streams_in_blocks_never_whole_in_memory(hearing, media_root):
    """uvicorn serves through Django's ASGI handler: a sync body would be read into a list first
    (with a warning, an error in this suite); ours comes from an async iterator in 256 KiB blocks."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    from hearing.core.files import CHUNK

    recording = recording_for(hearing, media_root)
    content = bytes(range(256)) * 2600  # 665,600 bytes: three blocks
    (Path(media_root) / recording.file.name).write_bytes(content)
    url = reverse("media:recording_file", kwargs={"slug": hearing.slug, "pk": recording.pk})

    async def fetch(**headers):
        response = await AsyncClient().get(url, headers=headers)
        return response, [block async for block in response.streaming_content]

    whole, blocks = async_to_sync(fetch)()
    assert (whole.status_code, whole.is_async, whole["Content-Length"]) == (200, True, "665600")
    assert [len(b) for b in blocks] == [CHUNK, CHUNK, len(content) - 2 * CHUNK]
    assert b"".join(blocks) == content
    part, blocks = async_to_sync(fetch)(Range="bytes=300000-300009")
    assert (part.status_code, part["Content-Range"]) == (206, "bytes 300000-300009/665600")
    assert blocks == [content[300000:300010]]
    head = async_to_sync(AsyncClient().head)(url)
    assert (head.status_code, head["Content-Length"]) == (200, "665600")


def test_hidden_recordings_are_for_organisers_only(
    client, carol_client, alice_client, hearing, media_root
):
    recording = recording_for(hearing, media_root, state="withdrawn")
    assert client.get(recording.get_absolute_url()).status_code == 404
    assert alice_client.get(recording.get_absolute_url()).status_code == 404
    assert carol_client.get(recording.get_absolute_url()).status_code == 200


def test_the_interpreters_stream_is_set_up_with_a_key_of_its_own(
    client, carol_client, alice_client, hearing
):
    """Organisers set up the sign-language stream (its own key) from the stream page; others may
    not; an unknown track is refused with a message, not an error page."""
    url = reverse("media:rotate_key", kwargs={"slug": hearing.slug})
    page = reverse("media:stream", kwargs={"slug": hearing.slug})
    assert client.post(url, {"track": "sign"}).status_code == 302  # to the login
    assert alice_client.post(url, {"track": "sign"}).status_code == 403
    assert not Stream.objects.filter(track=Track.SIGN).exists()
    html = carol_client.get(page).content.decode()
    assert "Stream für Gebärdensprache einrichten" in html
    # Revoking what is not there sets nothing up (it would show "gesperrt" instead of set-up).
    revoke = reverse("media:revoke_key", kwargs={"slug": hearing.slug})
    answer = carol_client.post(revoke, {"track": "sign"}, follow=True)
    assert "Für diesen Stream gibt es noch keinen Schlüssel." in answer.content.decode()
    assert not Stream.objects.filter(track=Track.SIGN).exists()
    answer = carol_client.post(url, {"track": "sign"}, follow=True)
    assert "Stream für Gebärdensprache eingerichtet" in answer.content.decode()
    sign = stream_for(hearing, Track.SIGN)
    html = carol_client.get(page).content.decode()
    assert f'<code data-stream-key="sign">{sign.key}</code>' in html
    assert f'<code data-stream-key="programme">{stream_for(hearing).key}</code>' in html
    assert "Stream für Gebärdensprache einrichten" not in html
    assert carol_client.post(revoke, {"track": "sign"}).status_code == 302
    assert (stream_for(hearing, Track.SIGN).key_revoked, stream_for(hearing).key_revoked) == (
        True,
        False,
    )
    answer = carol_client.post(url, {"track": "<b>dolmetsch</b>"}, follow=True)
    assert answer.status_code == 200
    assert "Unbekannter Stream „&lt;b&gt;dolmetsch&lt;/b&gt;“." in answer.content.decode()
    assert Stream.objects.filter(hearing=hearing).count() == 2
    # The relay goes to the interpreter's application, under the hearing's slug.
    callback = reverse("media:on_publish")
    rotated = carol_client.post(url, {"track": "sign"})
    assert rotated.status_code == 302
    answer = client.post(
        f"{callback}?secret={callback_secret()}", {"name": stream_for(hearing, Track.SIGN).key}
    )
    assert answer["Location"] == f"rtmp://127.0.0.1:1935/sign/{hearing.slug}"


# --- nginx callbacks ---------------------------------------------------------------------------


def test_callbacks_need_the_shared_secret(client, hearing):
    stream = stream_for(hearing)
    url = reverse("media:on_publish")
    assert client.post(url, {"name": stream.key}).status_code == 403
    assert client.post(f"{url}?secret=wrong", {"name": stream.key}).status_code == 403
    assert client.get(f"{url}?secret={callback_secret()}").status_code == 405
    answer = client.post(
        f"{url}?secret={callback_secret()}", {"name": stream.key, "addr": "10.0.0.5"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"rtmp://127.0.0.1:1935/show/{hearing.slug}"
    assert client.post(f"{url}?secret={callback_secret()}", {"name": "nope"}).status_code == 403
    record = reverse("media:on_record_done")
    outside = client.post(
        f"{record}?secret={callback_secret()}", {"path": "/etc/passwd", "name": hearing.slug}
    )
    assert outside.content == b"ignored"
    assert Recording.objects.count() == 0


# --- organisers: key and upload -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["stream", "rotate_key", "revoke_key", "upload"])
def test_stream_management_is_for_organisers(name, client, alice_client, carol_client, hearing):
    url = reverse(f"media:{name}", kwargs={"slug": hearing.slug})
    method = "get" if name == "stream" else "post"
    assert getattr(client, method)(url).status_code == 302  # to the login
    assert getattr(alice_client, method)(url).status_code == 403  # a moderator may not
    assert getattr(carol_client, method)(url).status_code in (200, 302, 400)


def test_rotating_the_key_refuses_the_old_one(carol_client, hearing):
    old = stream_for(hearing).key
    response = carol_client.post(reverse("media:rotate_key", kwargs={"slug": hearing.slug}))
    assert response.status_code == 302
    new = stream_for(hearing).key
    assert new != old
    assert AuditLogEntry.objects.filter(action="media.stream.key_rotated").count() == 1
    page = carol_client.get(reverse("media:stream", kwargs={"slug": hearing.slug}))
    assert f'<code data-stream-key="programme">{new}</code>' in page.content.decode()


def upload(client, hearing, path: Path, started="2024-06-07T09:30:05"):
    with open(path, "rb") as handle:
        return client.post(
            reverse("media:upload", kwargs={"slug": hearing.slug}),
            {"file": handle, "title": "Mitschnitt Saal", "started_at": started},
        )


@pytest.mark.parametrize(
    ("filename", "mime", "audio_only"),
    [
        ("saal.mp4", "video/mp4", False),
        ("saal.webm", "video/webm", False),
        ("ton.mp3", "audio/mpeg", True),
        ("ton.wav", "audio/wav", True),
    ],
)
def test_organiser_uploads_a_recording(
    carol_client, hearing, tmp_path, media_root, filename, mime, audio_only
):
    path = make_media(tmp_path / filename, 2, audio_only=audio_only)
    response = upload(carol_client, hearing, path)
    recording = Recording.objects.get()
    assert response.status_code == 302
    assert response["Location"] == recording.get_absolute_url()
    assert recording.source == "upload"
    assert recording.mime_type == mime
    assert recording.title == "Mitschnitt Saal"
    assert abs(recording.duration - 2) < 0.1
    assert recording.size == path.stat().st_size
    import hashlib

    assert recording.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert recording.started_at == datetime(2024, 6, 7, 7, 30, 5, tzinfo=UTC)
    assert AuditLogEntry.objects.filter(action="media.recording.upload").count() == 1


def test_a_corrupt_upload_gets_a_clear_error_and_nothing_is_kept(
    carol_client, hearing, tmp_path, media_root
):
    path = make_media(tmp_path / "kaputt.mp4", 2)
    data = bytearray(path.read_bytes())
    path.write_bytes(bytes(data[:200]) + b"\0" * 500)
    response = upload(carol_client, hearing, path)
    assert response.status_code == 400
    assert (
        "„kaputt.mp4“ ist keine lesbare Audio- oder Videodatei (beschädigt oder falsches Format). Es wurde nichts gespeichert."
        in response.content.decode()
    )
    assert Recording.objects.count() == 0
    assert [p for p in Path(media_root).rglob("*") if p.is_file()] == []


def test_a_text_file_renamed_to_mp3_and_a_wrong_extension_are_refused(
    carol_client, hearing, tmp_path
):
    fake = tmp_path / "ton.mp3"
    fake.write_text("kein Ton")
    assert upload(carol_client, hearing, fake).status_code == 400
    exe = tmp_path / "programm.exe"
    exe.write_text("x")
    response = upload(carol_client, hearing, exe)
    assert response.status_code == 400
    assert (
        "Erlaubt sind MP4, MKV, WebM, MP3 und WAV (nicht „programm.exe“)."
        in response.content.decode()
    )
    assert Recording.objects.count() == 0


def test_an_upload_over_the_size_limit_is_refused_with_both_sizes_and_nothing_is_kept(
    carol_client, hearing, tmp_path, media_root, settings
):
    path = make_media(tmp_path / "saal.mp4", 2)
    settings.RECORDING_MAX_BYTES = path.stat().st_size - 1
    response = upload(carol_client, hearing, path)
    assert response.status_code == 400
    size = filesizeformat(path.stat().st_size)
    limit = filesizeformat(settings.RECORDING_MAX_BYTES)
    assert (
        f"Die Datei ist {size} groß; erlaubt sind höchstens {limit}." in response.content.decode()
    )
    assert Recording.objects.count() == 0
    assert [p for p in Path(media_root).rglob("*") if p.is_file()] == []


def test_upload_needs_a_start_time(carol_client, hearing, tmp_path):
    path = make_media(tmp_path / "ton.wav", 1, audio_only=True)
    response = upload(carol_client, hearing, path, started="gestern")
    assert response.status_code == 400
    assert Recording.objects.count() == 0


def test_hearing_page_media_panel_has_a_fixed_number_of_queries(
    client, hearing, media_root, django_assert_num_queries
):
    stream_for(hearing)
    recording_for(hearing, media_root)
    client.get(hearing.get_absolute_url())  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(hearing.get_absolute_url())
    for _ in range(4):
        recording_for(hearing, media_root)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(hearing.get_absolute_url())
    assert page.content.decode().count("/recordings/") == 5


def test_live_and_offline_go_over_the_live_bus_after_commit(
    hearing, inprocess_backend, django_capture_on_commit_callbacks
):
    from hearing.events.models import Event
    from hearing.media.domain.stream import authorize_publish, end_publish

    sent = []
    inprocess_backend.listen(lambda hearing_id, seq, payload: sent.append(payload))
    stream = stream_for(hearing)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        authorize_publish(stream.key, addr="127.0.0.1")
    assert sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        end_publish(hearing.slug)
    messages = [json.loads(p.decode().split("data: ", 1)[1]) for p in sent]
    assert [(m["type"], m["topic"], m["data"]["live"]) for m in messages] == [
        ("media.stream.started", "stream", True),
        ("media.stream.ended", "stream", False),
    ]
    # In the log the newer state supersedes the older one.
    events = list(Event.objects.filter(hearing=hearing).order_by("seq"))
    assert [(e.type, e.topic) for e in events] == [
        ("superseded", "stream"),
        ("media.stream.ended", "stream"),
    ]


def test_a_large_upload_is_streamed_to_disk_and_moved(
    carol_client, hearing, tmp_path, media_root, settings
):
    path = tmp_path / "saal.wav"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=300:duration=20",
         "-ac", "2", "-ar", "44100", str(path)],
        check=True,
    )  # fmt: skip
    assert path.stat().st_size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    response = upload(carol_client, hearing, path)
    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.size == path.stat().st_size
    assert abs(recording.duration - 20) < 0.1
    # The temporary upload was moved into place, not copied: nothing is left behind.
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []
    assert list((Path(media_root) / "tmp").iterdir()) == []


def test_upload_needs_the_csrf_token(carol, hearing, tmp_path):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(carol)
    path = make_media(tmp_path / "ton.wav", 1, audio_only=True)
    assert upload(client, hearing, path).status_code == 403
    assert (
        client.post(reverse("media:rotate_key", kwargs={"slug": hearing.slug})).status_code == 403
    )
    assert Recording.objects.count() == 0


def test_titles_are_escaped(client, hearing, media_root):
    recording = recording_for(hearing, media_root, title='<script>alert("x")</script>')
    for url in (recording.get_absolute_url(), hearing.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<script>alert("x")</script>' not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_bad_input_gets_4xx_not_500(client, carol_client, hearing, media_root):
    recording = recording_for(hearing, media_root)
    slug = hearing.slug
    assert client.get(f"/media/hearings/{slug}/recordings/999/").status_code == 404
    assert (
        client.get(f"/media/hearings/gibt-es-nicht/recordings/{recording.pk}/").status_code == 404
    )
    file_url = recording.get_file_url()
    assert file_url == f"/media/hearings/{slug}/recordings/{recording.pk}/file"
    assert client.get(file_url, HTTP_RANGE="bytes=abc").status_code == 200
    assert client.get(file_url, HTTP_RANGE="bytes=9-3").status_code == 416
    assert client.post(file_url).status_code == 405
    empty = carol_client.post(reverse("media:upload", kwargs={"slug": slug}), {})
    assert empty.status_code == 400
    secret = callback_secret()
    assert client.post(f"{reverse('media:on_publish')}?secret={secret}").status_code == 403
    assert client.post(f"{reverse('media:on_publish_done')}?secret={secret}").status_code == 200
    assert client.post(f"{reverse('media:on_record_done')}?secret={secret}").content == b"ignored"
    (Path(media_root) / recording.file.name).unlink()
    assert client.get(file_url).status_code == 404
