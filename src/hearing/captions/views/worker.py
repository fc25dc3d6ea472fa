"""Where the caption worker hands its lines over (loopback or the stack's front; a secret
derived from the secret key in ``X-Hearing-Captions``, as nginx's callbacks carry theirs)."""

import json
from datetime import datetime

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hearing.captions import domain
from hearing.core.secrets import is_derived_secret
from hearing.documentation.asr.live import Line
from hearing.hearings.models import Hearing


@csrf_exempt
@require_POST
def lines(request, slug):
    if not is_derived_secret(request.headers.get("X-Hearing-Captions", ""), domain.WORKER_SECRET):
        return HttpResponseForbidden("secret")
    hearing = get_object_or_404(Hearing, slug=slug, deleted=False)
    try:
        data = json.loads(request.body)
        if "delayed" in data:
            domain.set_delayed(hearing, bool(data["delayed"]))
            return HttpResponse("ok")
        line = Line(
            start=float(data["start"]),
            end=float(data["end"]),
            text=str(data["text"])[:2000],
            final=bool(data["final"]),
            seconds=float(data.get("seconds", 0)),
        )
        base = datetime.fromisoformat(data["base"])
        provenance = dict(data.get("provenance") or {})
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("line")
    domain.record(hearing, line, base=base, provenance=provenance)
    return HttpResponse("ok")
