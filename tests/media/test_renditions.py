"""The stream's renditions in the streaming server's generated configuration (nginx -t)."""

import subprocess

from hearing.media import renditions
from hearing.media.domain.nginx import StreamServer


def directives(text: str, name: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(name + " ")]


def test_every_rendition_is_a_variant_made_by_ffmpeg_and_the_window_is_the_hearing(
    settings, tmp_path
):
    settings.STREAM_DIR = tmp_path / "stream"
    server = StreamServer.default()
    text = server.write_config().read_text()
    check = subprocess.run(
        ["nginx", "-t", "-p", f"{server.prefix}/", "-c", str(server.conf)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    assert directives(text, "hls_variant") == [
        "hls_variant _720p BANDWIDTH=3220800,RESOLUTION=1280x720;",
        "hls_variant _360p BANDWIDTH=875600,RESOLUTION=640x360;",
        'hls_variant _audio BANDWIDTH=140800,CODECS="mp4a.40.2";',
    ]
    # The pictures over the whole hearing, the sound (for weak connections) a minute, the
    # sign-language interpreter as long as the pictures.
    assert directives(text, "hls_playlist_length") == [
        "hls_playlist_length 300m;",
        "hls_playlist_length 60s;",
        "hls_playlist_length 300m;",
    ]
    pushes = directives(text, "exec_push")
    assert [p.split(" -f flv ")[1].split()[0].split("/", 3)[3] for p in pushes] == [
        "hls/$name_720p",
        "hls/$name_360p",
        "sound/$name_audio",
    ]
    # The encoder's picture is copied, the smaller one encoded, the sound copied alone.
    assert "-map 0:v:0 -map 0:a:0? -c copy" in pushes[0]
    assert "-vf scale=-2:(ih+360-abs(ih-360))/2 -c:v libx264" in pushes[1]  # never upscaled
    assert "-map 0:a:0 -c:a copy" in pushes[2]


def test_a_shorter_ladder_and_window_from_the_settings(settings, tmp_path):
    settings.STREAM_DIR = tmp_path / "stream"
    settings.STREAM_RENDITIONS = renditions.parse(["1080p", "480p", "240p"])
    settings.STREAM_REWIND_MINUTES = 45
    text = StreamServer.default().write_config().read_text()
    assert [d.split()[1] for d in directives(text, "hls_variant")] == ["_1080p", "_480p", "_240p"]
    assert directives(text, "hls_playlist_length") == [
        "hls_playlist_length 45m;",
        "hls_playlist_length 60s;",
        "hls_playlist_length 45m;",
    ]
    assert len(directives(text, "exec_push")) == 3
