"""nginx-rtmp's callbacks. Reached over loopback; each carries the shared secret in its address."""

import logging
import threading
from contextlib import nullcontext
from pathlib import Path

from django.db import connection
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hearing.media.domain import recordings, stream
from hearing.media.domain.nginx import StreamServer, callback_secret_ok

logger = logging.getLogger(__name__)


# When an encoder stops, nginx calls back twice at once (publish done, record done). SQLite takes
# one writer at a time, and its in-memory database (the tests') refuses the second at once
# ("table is locked") instead of waiting: on SQLite the callbacks of a process take turns.
_sqlite_turns = threading.Lock()


def from_nginx(view):
    """POST only, no CSRF token (nginx has none), but the shared secret must match."""

    @csrf_exempt
    @require_POST
    def wrapper(request):
        if not callback_secret_ok(request.GET.get("secret", "")):
            return HttpResponseForbidden("secret")
        with _sqlite_turns if connection.vendor == "sqlite" else nullcontext():
            return view(request)

    wrapper.__name__ = view.__name__
    return wrapper


@from_nginx
def on_publish(request):
    """Accept a publish with a valid key and rename it to the hearing's slug; refuse the rest."""
    found = stream.authorize_publish(
        request.POST.get("name", ""),
        addr=request.POST.get("addr", ""),
        client=request.POST.get("clientid", ""),
    )
    if found is None:
        return HttpResponseForbidden("refused")
    # A 3xx answer with an rtmp:// address makes nginx-rtmp relay the stream there: players and
    # recordings see the hearing's slug, never the key.
    response = HttpResponse(status=302)
    response["Location"] = StreamServer.relay_url(found.name, found.track)
    return response


@from_nginx
def on_publish_done(request):
    stream.end_publish(request.POST.get("name", ""), request.POST.get("clientid", ""))
    return HttpResponse("ok")


@from_nginx
def on_record_done(request):
    path = Path(request.POST.get("path", ""))
    # Only files nginx wrote into our own recording folders; the path comes in over HTTP.
    track = StreamServer.default().recording_track(path) if path.is_absolute() else None
    if track is None or not path.is_file():
        logger.warning("on_record_done: ignoring %s", path)
        return HttpResponse("ignored")
    recordings.register_in_background(path.resolve(), request.POST.get("name", ""), track)
    return HttpResponse("ok")
