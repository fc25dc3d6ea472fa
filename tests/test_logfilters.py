"""Secrets stay out of the logs: the app server's access log and the streaming server's errors."""

import logging
import signal
import subprocess
import urllib.error
import urllib.request

from hearing.core.logfilters import REDACTED, RedactSecrets, redact
from tests.live.servers import BIN, ROOT, free_port, server_env
from tests.media.streaming import wait_for_port


def test_redact_takes_credentials_out_and_leaves_the_rest():
    assert redact("POST /media/stream/on-publish/?secret=abc.DEF-1&name=x HTTP/1.1") == (
        f"POST /media/stream/on-publish/?secret={REDACTED}&name=x HTTP/1.1"
    )
    line = "notify: push 'kX9_secret-key' to 'rtmp://127.0.0.1:1935/show/ki', client: 1.2.3.4"
    assert (
        redact(line)
        == f"notify: push '{REDACTED}' to 'rtmp://127.0.0.1:1935/show/ki', client: 1.2.3.4"
    )
    assert (
        redact("GET /hearings/ki/?token=t&page=2") == f"GET /hearings/ki/?token={REDACTED}&page=2"
    )
    assert redact("GET /hearings/monkey/?tokens=3") == "GET /hearings/monkey/?tokens=3"


def test_the_filter_redacts_uvicorns_arguments_and_keeps_the_record():
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "POST", "/x/?secret=s3cr3t", "1.1", 403), None,
    )  # fmt: skip
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == f'127.0.0.1:5 - "POST /x/?secret={REDACTED} HTTP/1.1" 403'


def test_hearing_serve_logs_the_callback_without_its_secret(tmp_path):
    """A real `hearing serve`: the streaming server's callback (here with a wrong secret) is in
    the access log, with the request's path and status, and without the secret."""
    port = free_port()
    process = subprocess.Popen(
        [BIN / "hearing", "serve", "--no-collectstatic", "--port", str(port)],
        env=server_env(tmp_path),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, timeout=30)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/media/stream/on-publish/?secret=Geheim-4711&x=1",
            data=b"name=somekey",
        )
        try:
            status = urllib.request.urlopen(request, timeout=10).status  # noqa: S310
        except urllib.error.HTTPError as error:
            status = error.code
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=20)[0].decode()
    assert f'"POST /media/stream/on-publish/?secret={REDACTED}&x=1 HTTP/1.1" {status}' in output
    assert "Geheim-4711" not in output
