"""The wire format of one event, built once and written to every connection as is."""

import json


def encode(seq: int, type_: str, topic: str, data: dict) -> bytes:
    """An SSE message: the id is the per-hearing sequence number, the data a JSON object
    ``{"id", "type", "topic", "data"}`` (see :class:`hearing.events.models.Event`).

    All events use the default ``message`` type so a page needs one listener; pages act on the
    topic (what state the data holds), a ``superseded`` event only moves their position on. The
    JSON is compact and single-line, so one ``data:`` line suffices.
    """
    body = json.dumps(
        {"id": seq, "type": type_, "topic": topic, "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return f"id: {seq}\ndata: {body}\n\n".encode()


# Sent first on every stream: reconnect after one second, not the browser's default three.
PREAMBLE = b"retry: 1000\n\n"
# A comment line keeps proxies and the client's idle timers from closing a quiet stream.
KEEPALIVE = b": keep-alive\n\n"
