"""Files the application serves itself (recordings, slides, protocol PDFs), never held in memory.

Under ASGI (uvicorn: ``make run`` and production) Django sends a streaming body chunk by chunk only
if it comes from an *async* iterator; a plain iterator, and so ``FileResponse``, is first read
into a list (with a warning): a hearing's recording would sit in memory whole. So the body here is
an async generator under ASGI and a plain one under WSGI (test client, development server), and
both read the file in blocks. One HTTP range (``bytes=a-b``, ``a-``, ``-n``) is answered with 206,
so players can seek; an unsatisfiable one with 416.

Behind the stack's nginx (``hearing stack``) the app only checks the permission and answers with
``X-Accel-Redirect``: nginx sends the file itself (ranges, HEAD, sendfile), and no Python thread
or database connection is held for the length of a download. nginx proves it is the front by a
header whose value is derived from the secret key (:func:`accel_secret`); a request that reaches
an app process directly gets the Python path above.
"""

import asyncio
import os
import re
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from hearing.core.secrets import derived_secret, is_derived_secret

CHUNK = 256 * 1024
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
# The front nginx sets this header on every request it passes on; files under the data directory
# are then at ACCEL_PREFIX + their path relative to it (an internal location of nginx's).
ACCEL_HEADER = "X-Hearing-Files"
ACCEL_PREFIX = "/_files/"


ACCEL_PURPOSE = "hearing.core.files.x-accel"


def accel_secret() -> str:
    """The value of ACCEL_HEADER that the stack's nginx sends (hex, 64 characters)."""
    return derived_secret(ACCEL_PURPOSE)


def from_front(request) -> bool:
    """Whether the stack's own nginx passed this request on (it alone knows the header's value)."""
    sent = request.headers.get(ACCEL_HEADER, "")
    return bool(sent) and is_derived_secret(sent, ACCEL_PURPOSE)


def _accel_uri(request, path) -> str | None:
    """Where nginx finds ``path``, if nginx sent the request and the file is in the data directory."""
    if not from_front(request):
        return None
    try:
        relative = Path(path).resolve().relative_to(Path(settings.DATA_DIR).resolve())
    except ValueError:
        return None
    return ACCEL_PREFIX + quote(relative.as_posix())


def _blocks(path, start: int, length: int):
    if length <= 0:
        return
    with open(path, "rb") as handle:
        handle.seek(start)
        while length > 0:
            block = handle.read(min(CHUNK, length))
            if not block:
                return
            length -= len(block)
            yield block


async def aread(handle, length: int | None = None):
    """The blocks of an open file (at most ``length`` bytes), each read in a worker thread so the
    event loop never waits for the disk; closes the file at the end or when the client leaves."""
    try:
        while length is None or length > 0:
            size = CHUNK if length is None else min(CHUNK, length)
            block = await asyncio.to_thread(handle.read, size)
            if not block:
                return
            if length is not None:
                length -= len(block)
            yield block
    finally:
        handle.close()


async def _ablocks(path, start: int, length: int):
    if length <= 0:
        return
    handle = await asyncio.to_thread(open, path, "rb")
    try:
        await asyncio.to_thread(handle.seek, start)
    except BaseException:
        handle.close()
        raise
    async for block in aread(handle, length):
        yield block


def _range(header: str, size: int) -> tuple[int, int, bool] | None:
    """(first byte, last byte, partial?) to send: the one range asked for, else the whole file;
    None if the range cannot be satisfied."""
    match = RANGE.match(header.strip()) if header else None
    if match is None or not any(match.groups()):
        return 0, size - 1, False
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:  # the last n bytes
        start, end = max(size - int(last), 0), size - 1
    if start >= size or start > end:
        return None
    return start, end, True


def serve_file(
    request, path, *, content_type: str, filename: str, as_attachment: bool = False
) -> HttpResponse:
    """The file at ``path``, or the byte range the request asks for. Raises Http404 if it is gone.

    ``as_attachment`` makes browsers download instead of show it (uploads that could run in our
    origin, such as SVG or HTML, must always be served that way).
    """
    try:
        size = os.path.getsize(path)
    except OSError:
        raise Http404("file") from None
    accel = _accel_uri(request, path)
    if accel is not None:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        return response
    wanted = _range(request.headers.get("Range", ""), size)
    if wanted is None:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end, partial = wanted
    length = end - start + 1
    sent = 0 if request.method == "HEAD" else length
    blocks = _ablocks if isinstance(request, ASGIRequest) else _blocks
    body = blocks(path, start, sent)
    response = StreamingHttpResponse(
        body, status=206 if partial else 200, content_type=content_type
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if partial:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response
