"""A real nginx with the RTMP module for tests, on free ports, and ffmpeg as the venue's encoder."""

import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from hearing.media.domain.nginx import StreamServer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} not open")


def configure(settings, tmp_path: Path, callback_url: str) -> StreamServer:
    """Point the platform's stream settings at a private nginx in ``tmp_path``."""
    rtmp, hls = free_port(), free_port()
    old_origin = "/".join(settings.STREAM_HLS_URL.split("/")[:3])
    settings.RTMP_PORT = rtmp
    settings.HLS_PORT = hls
    settings.STREAM_INGEST_URL = f"rtmp://127.0.0.1:{rtmp}/live"
    settings.STREAM_HLS_URL = f"http://127.0.0.1:{hls}/hls"
    settings.STREAM_CALLBACK_URL = callback_url
    settings.STREAM_DIR = tmp_path / "stream"
    settings.MEDIA_ROOT = tmp_path / "media"
    # The page may fetch HLS from this test's nginx (settings.py derives the CSP the same way).
    settings.CONTENT_SECURITY_POLICY = settings.CONTENT_SECURITY_POLICY.replace(
        old_origin, f"http://127.0.0.1:{hls}"
    )
    return StreamServer(tmp_path / "stream")


@contextmanager
def running(server: StreamServer):
    from django.conf import settings

    server.write_config()
    process = server.start()
    try:
        wait_for_port(settings.RTMP_PORT)
        wait_for_port(settings.HLS_PORT)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_test_clip(path: Path, seconds: int, text: str, size: str = "320x180") -> Path:
    """An H.264/AAC FLV: test picture and German speech from espeak-ng. ``size`` 1280x720 is
    what docs/operations.md asks of the venue's encoder; the small default is enough where the
    picture's size does not matter."""
    speech = path.with_suffix(".wav")
    subprocess.run(["espeak-ng", "-v", "de", "-w", str(speech), text], check=True)
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc=size={size}:rate=15:duration={seconds}",
            "-i", str(speech),
            "-filter_complex", f"[1:a]apad=whole_dur={seconds}[a]",
            "-map", "0:v", "-map", "[a]",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "15",
            "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-ar", "44100", "-b:a", "64k",
            "-t", str(seconds), "-f", "flv", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


def publish(clip: Path, url: str, *, wait: bool = True) -> subprocess.Popen:
    """Push ``clip`` in real time to ``url`` like an encoder in the venue would."""
    process = subprocess.Popen(
        ["ffmpeg", "-nostdin", "-v", "error", "-re", "-i", str(clip), "-c", "copy", "-f", "flv", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    if wait:
        process.wait(timeout=120)
    return process


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback in tests
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for(predicate, timeout: float = 20.0, explain=lambda: ""):
    """``predicate()``'s first true value, asked every quarter second for ``timeout`` seconds;
    AssertionError with ``explain()`` when it never comes.

    SQLite's in-memory test database answers a read that meets the server thread's write (nginx's
    callback registering a recording) with "table is locked" at once, where a database file or
    PostgreSQL would wait: that answer counts as "not yet" (seen in CI run 34)."""
    from django.db.utils import OperationalError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            value = None
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout} s\n{explain()}")
