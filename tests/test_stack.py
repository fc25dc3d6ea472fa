"""`hearing stack`: nginx in front of two app processes, the worker and the streaming server under
supervisord, on a PostgreSQL database and Redis of its own (PostgreSQL pass only)."""

import gzip
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings

from tests.concurrency import postgres_only
from tests.live.conftest import REDIS_URL
from tests.live.servers import BIN, free_port

pytestmark = postgres_only
SLUG = "ki-stadtratshearing-2024"


def _free_block(size: int) -> int:
    """A port whose next ``size`` ports are free too (the app processes' ports follow it)."""
    for _ in range(50):
        base = free_port()
        if base + size < 65000 and all(_is_free(base + n) for n in range(1, size + 1)):
            return base
    raise RuntimeError("no free block of ports")


def _is_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _refused(port: int) -> bool:
    """Nothing listens on ``port`` any more."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def get(
    url: str, timeout: float = 10, method: str = "GET", **headers
) -> tuple[int, bytes, Message]:
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
            # Header names as sent (the app's are lower case); the message looks them up as HTTP
            # does, whatever the case.
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


@pytest.fixture
def stack(tmp_path):
    url = settings.DATABASES["default"]
    name = f"hearing_stack_{os.getpid()}"
    admin = psycopg.connect(
        host=url["HOST"], port=url["PORT"] or 5432, user=url["USER"], password=url["PASSWORD"],
        dbname="postgres", autocommit=True,
    )  # fmt: skip
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(os.environ["HEARING_DATABASE_URL"])
    app_port = _free_block(2)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    env.update(
        HEARING_DATA_DIR=str(tmp_path / "data"),
        HEARING_DATABASE_URL=parts._replace(path=f"/{name}").geturl(),
        HEARING_REDIS_URL=REDIS_URL,
        HEARING_STATIC_MANIFEST="0",
        HEARING_STACK_PORT=str(free_port()),
        HEARING_STACK_APP_PORT=str(app_port),
        HEARING_STACK_PROCESSES="2",
        HEARING_HLS_PORT=str(free_port()),
        HEARING_RTMP_PORT=str(free_port()),
    )
    for step in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run([BIN / "hearing", *step], env=env, check=True, capture_output=True)
    log = (tmp_path / "stack.log").open("w+")
    process = subprocess.Popen(
        [BIN / "hearing", "stack"], env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{env['HEARING_STACK_PORT']}"
    conf = Path(env["HEARING_DATA_DIR"]) / "stack" / "supervisord.conf"

    def ctl(*args: str) -> str:
        done = subprocess.run(
            [BIN / "supervisorctl", "-c", conf, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        running = ctl("status").count("RUNNING")
        if running == 5 and all(get(f"{base}/")[0] == 200 for _ in range(4)):
            break
        time.sleep(0.5)
    else:
        log.seek(0)
        pytest.fail(f"the stack did not come up:\n{log.read()[-3000:]}")
    ports = [int(env["HEARING_STACK_PORT"]), app_port + 1, app_port + 2]
    yield SimpleNamespace(base=base, ctl=ctl, process=process, log=log, ports=ports, env=env)
    if process.poll() is None:  # the test failed before its Ctrl+C: stop it the same way
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # supervisord gives each program a process group of its own, and the streaming server starts
    # nginx in a session of its own: whatever still runs on this data directory goes now.
    subprocess.run(["pkill", "-9", "-f", env["HEARING_DATA_DIR"]], check=False)
    log.close()
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_stack_serves_pages_and_files_survives_a_killed_process_and_stops_on_ctrl_c(
    stack, tmp_path
):
    base, ctl, process, log, ports = stack.base, stack.ctl, stack.process, stack.log, stack.ports
    # One stack for all that needs it (it takes a while to start).
    pages_are_cached_for_anonymous_visitors_and_renewed_by_each_change(stack)
    files_go_out_through_nginx_after_the_apps_permission_check(stack)
    the_stream_goes_out_through_the_front_in_every_rendition(stack, tmp_path)
    status, body, _ = get(f"{base}/hearings/{SLUG}/")
    assert status == 200
    assert "<h1>" in body.decode()

    # A process killed with SIGKILL: every request still answers, supervisord starts it again.
    old = ctl("pid", "app-1").strip()
    os.kill(int(old), signal.SIGKILL)
    answers = [get(f"{base}/hearings/{SLUG}/")[0] for _ in range(40)]
    assert answers == [200] * 40
    deadline = time.monotonic() + 60
    while "RUNNING" not in ctl("status", "app-1") or ctl("pid", "app-1").strip() in (old, "0"):
        assert time.monotonic() < deadline, ctl("status")
        time.sleep(0.5)

    # Static files and kept pages come from nginx itself: there with every app process stopped;
    # what needs an app process is not.
    ctl("stop", "app-1", "app-2")
    status, _, headers = get(f"{base}/static/hearing/css/app.css")
    # Without the manifest (as here) the names carry no hash: browsers ask again each time.
    assert (status, headers["Cache-Control"]) == (200, "no-cache")
    assert get(f"{base}/hearings/{SLUG}/")[2]["X-Cache"] == "HIT"
    status, body, headers = get(f"{base}/hearings/{SLUG}/", Cookie="sessionid=x")
    assert (status, headers["Retry-After"]) == (502, "10")
    assert "<h1>Gleich wieder da</h1>" in body.decode()

    # Ctrl+C: supervisord stops every program and ends.
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=60) == 0
    assert [_refused(port) for port in ports] == [True, True, True]
    log.seek(0)
    assert "Traceback" not in log.read()


def shell(stack, code: str) -> str:
    done = subprocess.run(
        [BIN / "hearing", "shell", "-c", code], env=stack.env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def pages_are_cached_for_anonymous_visitors_and_renewed_by_each_change(stack):
    page, register = f"{stack.base}/hearings/{SLUG}/", f"{stack.base}/register/"
    status, first, headers = get(page)
    status, second, again = get(page)
    assert (headers["X-Cache"], again["X-Cache"], second) == ("MISS", "HIT", first)
    assert "X-Accel-Expires" not in again
    # Nothing personal in what is kept: no CSRF token, no session, no name of a signed-in person.
    assert b"csrfmiddlewaretoken" not in second
    assert b"Abmelden" not in second
    assert "Set-Cookie" not in again
    # Each language is a page of its own.
    english = get(page, Cookie="django_language=en")
    assert (english[2]["X-Cache"], b'<html lang="en">' in english[1]) == ("MISS", True)
    assert get(page, Cookie="django_language=en")[2]["X-Cache"] == "HIT"
    # Cookie headers nginx and Django might read apart: the page is in the key's language.
    for cookie in ("django_language=de; django_language=en", 'django_language="en"'):
        status, odd, headers = get(page, Cookie=cookie)
        assert (status, b'<html lang="de">' in odd) == (200, True), cookie
    # With a session (signed in, or a participant): never from the cache and never into it.
    assert get(page, Cookie="sessionid=x")[2]["X-Cache"] == "BYPASS"
    assert get(register)[2]["X-Cache"] == "MISS"
    assert get(register)[2]["X-Cache"] == "HIT"

    # A moderator starts an item (an event of the hearing): the next request shows it.
    assert second.count(b"data-current-label hidden") == second.count(b"data-current-label")
    shell(stack, START_ITEM)
    status, fresh, headers = get(page)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    assert fresh.count(b"data-current-label hidden") == fresh.count(b"data-current-label") - 1
    assert get(page)[2]["X-Cache"] == "HIT"
    # ... and only the hearing's pages: the register is still the kept one.
    assert get(register)[2]["X-Cache"] == "HIT"
    # A register import is a change of the whole site.
    subprocess.run(
        [BIN / "hearing", "register_import_munich"], env=stack.env, check=True, capture_output=True
    )
    assert get(register)[2]["X-Cache"] == "MISS"
    assert get(page)[2]["X-Cache"] == "MISS"


START_ITEM = """
from django.contrib.auth import get_user_model
from hearing.hearings.domain.live import start_item
from hearing.hearings.models import Hearing
item = Hearing.objects.get(slug="ki-stadtratshearing-2024").items.get(position=2)
start_item(item, actor=get_user_model().objects.get(username="moderation"))
"""


def files_go_out_through_nginx_after_the_apps_permission_check(stack):
    content = bytes(range(256)) * 400
    pk = shell(stack, CREATE_ATTACHMENT).split()[-1]
    url = f"{stack.base}/hearings/{SLUG}/attachments/{pk}/"
    status, body, headers = get(url)
    assert (status, body, headers["Content-Type"]) == (200, content, "application/pdf")
    assert headers.get("Content-Disposition") == "attachment; filename*=utf-8''folien_%C3%A4.pdf"
    assert "ETag" in headers  # nginx's own: the app's Python path sends none
    status, body, headers = get(url, Range="bytes=100-199")
    assert (status, body, headers["Content-Range"]) == (
        206,
        content[100:200],
        "bytes 100-199/102400",
    )
    status, body, headers = get(url, method="HEAD")
    assert (status, body, headers["Content-Length"]) == (200, b"", "102400")
    # nginx's internal location is not reachable from outside, and a deleted file is gone.
    assert get(f"{stack.base}/_files/media/")[0] == 404
    # Straight to an app process (no header from nginx): the Python path, same bytes.
    status, body, headers = get(
        f"http://127.0.0.1:{stack.ports[1]}/hearings/{SLUG}/attachments/{pk}/"
    )
    assert (status, body, "ETag" in headers) == (200, content, False)
    shell(stack, DELETE_ATTACHMENT % int(pk))
    assert get(url)[0] == 404


CREATE_ATTACHMENT = """
from django.core.files.base import ContentFile
from hearing.hearings.models import Attachment, Hearing
item = Hearing.objects.get(slug="ki-stadtratshearing-2024").items.get(position=2)
attachment = Attachment(item=item, title="Folien", mime_type="application/pdf")
attachment.file.save("folien ä.pdf", ContentFile(bytes(range(256)) * 400), save=True)
print(attachment.pk)
"""
DELETE_ATTACHMENT = """
from hearing.hearings.models import Attachment
Attachment.objects.filter(pk=%d).update(deleted=True)
"""


def the_stream_goes_out_through_the_front_in_every_rendition(stack, tmp_path):
    from tests.media import streaming

    key = shell(stack, STREAM_KEY).split()[-1]
    clip = streaming.make_test_clip(tmp_path / "clip.flv", 8, "Durch den Stack.")
    ingest = f"rtmp://127.0.0.1:{stack.env['HEARING_RTMP_PORT']}/live/{key}"
    encoder = streaming.publish(clip, ingest, wait=False)
    hls = f"{stack.base}/hls/{SLUG}"
    names = ["", "_720p", "_360p", "_audio"]
    deadline = time.monotonic() + 30
    while not all(get(f"{hls}{name}.m3u8")[0] == 200 for name in names):
        assert time.monotonic() < deadline, [get(f"{hls}{name}.m3u8")[0] for name in names]
        time.sleep(0.3)
    status, body, headers = get(f"{hls}.m3u8")
    assert [line for line in body.decode().splitlines() if not line.startswith("#")] == [
        f"{SLUG}_720p.m3u8",
        f"{SLUG}_360p.m3u8",
        f"{SLUG}_audio.m3u8",
    ]
    # A rush on the playlist: at most one fetch a second reaches the streaming server.
    rush = [get(f"{hls}_720p.m3u8", **{"Accept-Encoding": "gzip"}) for _ in range(10)]
    assert sum(headers["X-Cache"] != "HIT" for _, _, headers in rush) <= 2, rush
    assert {headers["Content-Encoding"] for _, _, headers in rush} == {"gzip"}
    fragment = gzip.decompress(rush[-1][1]).decode().splitlines()[-1]
    status, body, headers = get(f"{stack.base}/hls/{fragment}")
    assert (status, headers["Content-Type"], body[:1]) == (200, "video/mp2t", b"G")  # sync byte
    assert encoder.wait(timeout=60) == 0


STREAM_KEY = """
from hearing.hearings.models import Hearing
from hearing.media.domain.stream import stream_for
print(stream_for(Hearing.objects.get(slug="ki-stadtratshearing-2024")).key)
"""
