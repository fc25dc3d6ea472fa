"""JSON responses for open data: cacheable (ETag, Last-Modified, 304), readable from any origin."""

import hashlib
import json
from datetime import datetime
from functools import wraps

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from hearing.oparl.lists import BadRequest, PageNotFound

CONTENT_TYPE = "application/json; charset=utf-8"
METHODS = ("GET", "HEAD", "OPTIONS")
# Harvesters poll; a minute of freshness keeps them cheap and the data current.
MAX_AGE = 60


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ", ".join(METHODS)
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def error(status: int, message: str) -> HttpResponse:
    body = json.dumps({"error": {"status": status, "message": message}}, ensure_ascii=False)
    return _cors(HttpResponse(body, status=status, content_type=CONTENT_TYPE))


def latest_modified(payload) -> datetime | None:
    """The newest ``modified`` anywhere in the payload, embedded objects included."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("modified"), str):
                found.append(datetime.fromisoformat(value["modified"]))
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(payload)
    return max(found) if found else None


def respond(request, payload: dict) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # A hash of the body: any change anywhere, also of embedded objects, gives a new ETag.
    etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    modified = latest_modified(payload)
    last_modified = int(modified.timestamp()) if modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    response = not_modified or HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return _cors(response)


def oparl_view(view):
    """Read-only, and every failure answered in JSON: 400 for bad input, 404 for unknown ids."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = _cors(HttpResponse(status=204))
            response["Allow"] = ", ".join(METHODS)
            return response
        if request.method not in METHODS:
            response = error(405, _("Die OParl-Schnittstelle ist nur lesbar (GET, HEAD, OPTIONS)."))
            response["Allow"] = ", ".join(METHODS)
            return response
        try:
            return view(request, *args, **kwargs)
        except BadRequest as problem:
            return error(400, str(problem))
        except PageNotFound:
            return error(404, _("Diese Seite der Liste gibt es nicht."))
        except (Http404, ObjectDoesNotExist):
            return error(404, _("Dieses Objekt gibt es nicht."))

    return wrapper
