"""A small blocking SSE client and an HTTP session for tests against a real uvicorn process."""

import http.client
import json
import re
import socket
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode


class SSEClient:
    """Reads one event stream (chunked HTTP/1.1) and parses SSE messages."""

    def __init__(
        self, port: int, path: str, last_event_id: int | None = None, timeout=10.0, cookie=""
    ):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        headers = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
        if last_event_id is not None:
            headers += f"Last-Event-ID: {last_event_id}\r\n"
        if cookie:
            headers += f"Cookie: {cookie}\r\n"
        self.sock.sendall((headers + "\r\n").encode())
        self.raw = b""
        self.body = b""
        self.status = None
        self.headers = ""
        self.ended = False  # the terminating zero-length chunk arrived

    def _read_more(self, deadline: float) -> None:
        self.sock.settimeout(max(0.01, deadline - time.monotonic()))
        data = self.sock.recv(65536)
        if not data:
            raise ConnectionError("stream closed")
        self.raw += data
        if self.status is None and b"\r\n\r\n" in self.raw:
            head, self.raw = self.raw.split(b"\r\n\r\n", 1)
            self.headers = head.decode("latin-1")
            self.status = int(self.headers.split(" ", 2)[1])
        while self.status is not None and b"\r\n" in self.raw:
            size_line, rest = self.raw.split(b"\r\n", 1)
            size = int(size_line, 16)
            if size == 0:
                self.ended = True
            if len(rest) < size + 2:
                break
            self.body += rest[:size]
            self.raw = rest[size + 2 :]

    def read_status(self, timeout: float = 5.0) -> int:
        deadline = time.monotonic() + timeout
        while self.status is None:
            self._read_more(deadline)
        return self.status

    def events(self, count: int, timeout: float = 5.0) -> list[dict]:
        """The next ``count`` messages with data, as ``{"id", "type", "data"}``."""
        found = []
        deadline = time.monotonic() + timeout
        while len(found) < count:
            while b"\n\n" in self.body and len(found) < count:
                block, self.body = self.body.split(b"\n\n", 1)
                fields = dict(
                    line.split(": ", 1) for line in block.decode().splitlines() if ": " in line
                )
                if "data" in fields:
                    message = json.loads(fields["data"])
                    assert message["id"] == int(fields["id"])
                    found.append(message)
            if len(found) < count:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"got {len(found)} of {count} events: {found}")
                self._read_more(deadline)
        return found

    def close(self) -> None:
        self.sock.close()


class Session:
    """Cookie-keeping HTTP client that logs in through the real login form."""

    def __init__(self, port: int):
        self.port = port
        self.cookies = SimpleCookie()

    def request(self, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies["csrftoken"].value, **form}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(value)
        conn.close()
        return response.status, text

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())

    def login(self, username: str, password: str) -> None:
        status, text = self.request("GET", "/accounts/login/")
        assert status == 200
        status, _ = self.request(
            "POST", "/accounts/login/", {"username": username, "password": password}
        )
        assert status == 302

    def post(self, path: str, form: dict | None = None) -> int:
        self.request("GET", "/")  # refresh the CSRF cookie after login rotated it
        return self.request("POST", path, form or {})[0]


def csrf_from(text: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)[1]
