"""The stream's key and recordings for organisers; the stream status for the moderator console."""

import time
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 - our own nginx's statistics over loopback

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hearing.core.actions import perform
from hearing.core.permissions import permission_required
from hearing.media import selectors
from hearing.media.domain import stream as stream_domain
from hearing.media.domain.nginx import PUBLIC_APP, StreamServer
from hearing.media.domain.recordings import RecordingError, upload_recording
from hearing.media.forms import UploadForm
from hearing.media.models import Track


def _page(request, hearing, form=None, status=200):
    streams = selectors.streams_of(hearing)
    stream = streams.get(Track.PROGRAMME) or stream_domain.stream_for(hearing)
    context = {
        "hearing": hearing,
        "stream": stream,
        "sign": streams.get(Track.SIGN),
        "ingest_url": settings.STREAM_INGEST_URL,
        "hls_url": selectors.hls_url(hearing),
        "sign_hls_url": selectors.sign_hls_url(hearing),
        "recordings": selectors.recordings(hearing, request.user),
        "form": form or UploadForm(),
    }
    return render(request, "media/backoffice/stream.html", context, status=status)


@permission_required("hearing.manage")
@require_safe
def stream_page(request, hearing):
    return _page(request, hearing)


def _key_action(request, hearing, action, done: str):
    """Run ``action`` (rotate_key, revoke_key) on the track the form names ("programme" when it
    names none); an unknown track is answered with a message, not an error page."""
    track = request.POST.get("track") or Track.PROGRAMME
    back = reverse("media:stream", kwargs={"slug": hearing.slug})
    if track not in Track.values:
        messages.error(request, _("Unbekannter Stream „%(track)s“.") % {"track": track[:40]})
        return redirect(back)
    return perform(
        request, lambda: action(hearing, actor=request.user, track=track), back=back, success=done
    )


@permission_required("hearing.manage")
@require_POST
def rotate_key(request, hearing):
    if request.POST.get("track") == Track.SIGN and Track.SIGN not in selectors.streams_of(hearing):
        done = _("Stream für Gebärdensprache eingerichtet: Schlüssel und Adresse stehen unten.")
    elif request.POST.get("track") == Track.SIGN:
        done = _("Neuer Schlüssel für Gebärdensprache erzeugt; der alte gilt nicht mehr.")
    else:
        done = _("Neuer Streamschlüssel erzeugt; der alte gilt nicht mehr.")
    return _key_action(request, hearing, stream_domain.rotate_key, done)


@permission_required("hearing.manage")
@require_POST
def revoke_key(request, hearing):
    return _key_action(request, hearing, stream_domain.revoke_key, _("Streamschlüssel gesperrt."))


@permission_required("hearing.manage")
@require_http_methods(["GET", "POST"])
def upload(request, hearing):
    if request.method == "GET":
        return redirect("media:stream", slug=hearing.slug)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, hearing, form, status=400)
    try:
        recording = upload_recording(
            hearing,
            form.cleaned_data["file"],
            started_at=form.cleaned_data["started_at"],
            title=form.cleaned_data["title"],
            actor=request.user,
        )
    except RecordingError as exc:
        form.add_error("file", str(exc))
        return _page(request, hearing, form, status=400)
    messages.success(request, _("Aufzeichnung „%(title)s“ gespeichert.") % {"title": recording})
    return redirect(recording.get_absolute_url())


def nginx_statistics(name: str) -> dict:
    """Bitrate (bits/s) of stream ``name`` from nginx's statistics, which answer on loopback only."""
    url = f"http://127.0.0.1:{settings.HLS_PORT}/stat"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - fixed loopback URL
            root = ET.fromstring(response.read())  # noqa: S314 - our own nginx
    except (OSError, ET.ParseError):
        return {"server": False, "bitrate": None}
    for application in root.iter("application"):
        if application.findtext("name") != PUBLIC_APP:
            continue
        for stream in application.iter("stream"):
            if stream.findtext("name") == name:
                # bw_in is measured over nginx's 10-second windows and reads 0 until the first
                # one closes; until then the average since the start says as much.
                bitrate = int(stream.findtext("bw_in") or 0)
                millis = int(stream.findtext("time") or 0)
                if not bitrate and millis > 0:
                    bitrate = int(int(stream.findtext("bytes_in") or 0) * 8 * 1000 / millis)
                return {"server": True, "bitrate": bitrate}
    return {"server": True, "bitrate": None}


def is_recording(name: str) -> bool:
    """Whether nginx is writing a recording of stream ``name`` right now (its FLV file exists)."""
    folder = StreamServer.default().record_dir
    return folder.is_dir() and any(folder.glob(f"{name}-*.flv"))


def hls_viewers(name: str, window: float = 30.0) -> int:
    """Players that fetched one of the stream's playlists in the last ``window`` seconds (address
    + agent). Players fetch the master playlist once and then their rendition's again and again."""
    lines = []
    # The last two megabytes of the log and of the one before it (nginx.rotate_access_log).
    for log in StreamServer.default().access_logs():
        try:
            with open(log, "rb") as handle:
                handle.seek(0, 2)
                handle.seek(max(handle.tell() - 2 * 1024 * 1024, 0))
                lines += handle.read().decode("utf-8", "replace").splitlines()
        except OSError:
            continue
    since = time.time() - window
    playlists = {f"/hls/{name}.m3u8"} | {
        f"/hls/{StreamServer.playlist_name(name, r)}" for r in settings.STREAM_RENDITIONS
    }
    seen = set()
    for line in lines:
        parts = line.split('"')
        if len(parts) != 3:
            continue
        head, agent, tail = parts
        try:
            stamp, addr = head.split()[:2]
            uri, status = tail.split()[:2]
        except ValueError:
            continue
        if uri in playlists and status == "200" and float(stamp) >= since:
            seen.add((addr, agent))
    return len(seen)


@never_cache
@permission_required("hearing.moderate")
@require_safe
def console_status(request, hearing):
    state = selectors.stream_status(hearing)
    stats = nginx_statistics(hearing.slug) if state["live"] else {}
    state.update(
        {
            "server": stats.get("server"),
            "bitrate": stats.get("bitrate"),
            "recording": is_recording(hearing.slug),
            "viewers": hls_viewers(hearing.slug) if state["live"] else 0,
        }
    )
    return JsonResponse(state)
