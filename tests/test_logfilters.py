"""Secrets stay out of the logs: the app server's access log and the streaming server's errors."""

import logging
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

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
    # Personal links: the secret in the path goes, the page stays recognisable.
    for path in (
        "/participation/ki/link/AbC_d-19xYz/",
        "/participation/ki/confirm/AbC_d-19xYz/",
        "/documentation/ki/authorise/AbC_d-19xYz/",
        "/marketplace/exhibitor/AbC_d-19xYz/?page=2",
    ):
        assert redact(f"GET {path} HTTP/1.1") == (
            "GET " + path.replace("AbC_d-19xYz", REDACTED) + " HTTP/1.1"
        )
    assert redact("GET /hearings/link-ki/") == "GET /hearings/link-ki/"


def test_the_filter_redacts_uvicorns_arguments_and_keeps_the_record():
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "POST", "/x/?secret=s3cr3t", "1.1", 403), None,
    )  # fmt: skip
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == f'127.0.0.1:5 - "POST /x/?secret={REDACTED} HTTP/1.1" 403'


@pytest.mark.parametrize("flags", [[], ["--access-log"]], ids=["default", "access-log"])
def test_hearing_serve_logs_no_access_and_on_request_none_of_its_secrets(tmp_path, flags):
    """A real `hearing serve`: by default no line per request (the privacy notice says the
    platform logs no access); with ``--access-log`` the streaming server's callback (here with
    a wrong secret) and a personal link are in it with path and status, without their secrets."""
    port = free_port()
    process = subprocess.Popen(
        [BIN / "hearing", "serve", "--no-collectstatic", "--port", str(port), *flags],
        env=server_env(tmp_path),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    statuses = []
    try:
        wait_for_port(port, timeout=30)
        for path, data in (
            ("/media/stream/on-publish/?secret=Geheim-4711&x=1", b"name=somekey"),
            ("/participation/ki/link/Geheim-Link-0815/", None),
        ):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data)
            try:
                statuses.append(urllib.request.urlopen(request, timeout=10).status)  # noqa: S310
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=20)[0].decode()
    lines = [
        f'"POST /media/stream/on-publish/?secret={REDACTED}&x=1 HTTP/1.1" {statuses[0]}',
        f'"GET /participation/ki/link/{REDACTED}/ HTTP/1.1" {statuses[1]}',
    ]
    assert [line in output for line in lines] == [bool(flags)] * 2
    assert ("Geheim-4711" in output, "Geheim-Link-0815" in output) == (False, False)
