"""Pages and actions for the public, participants and the person on stage."""

import re
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hearing.core.actions import perform, safe_next
from hearing.core.qr import qr_svg
from hearing.core.ratelimit import client_address, visitor_session
from hearing.core.text import is_number
from hearing.hearings import selectors as hearing_selectors
from hearing.live import phrases, selectors
from hearing.live.domain import qa, speakers
from hearing.live.domain.common import Who
from hearing.live.models import Question, QuestionStatus, SpeakingTurn
from hearing.live.views.access import taking_part
from hearing.participants.domain.identity import current_participant


def _who(request, hearing) -> Who:
    session_key = visitor_session(request)
    return Who(
        participant=current_participant(request, hearing),
        user=request.user if request.user.is_authenticated else None,
        session_key=session_key,
        address=client_address(request),
    )


def _act(request, hearing, action, success):
    """:func:`perform` a visitor's action (``action(who=...)``), back to the page they came from."""
    back = safe_next(request, hearing.get_absolute_url())
    return perform(request, lambda: action(who=_who(request, hearing)), back=back, success=success)


def _item(hearing, raw):
    if not is_number(raw):
        raise Http404("item")
    return get_object_or_404(hearing.items.filter(deleted=False), pk=int(raw))


@require_POST
def ask(request, slug):
    hearing = taking_part(request, slug)
    item = _item(hearing, request.POST.get("item"))

    def received(question) -> str:
        pending = question.status == QuestionStatus.PENDING
        return phrases.QUESTION_RECEIVED_PENDING if pending else phrases.QUESTION_RECEIVED

    return _act(
        request,
        hearing,
        partial(
            qa.ask_question,
            item,
            request.POST.get("text", ""),
            show_name=request.POST.get("show_name") == "on",
        ),
        received,
    )


@require_POST
def vote(request, slug, pk):
    hearing = taking_part(request, slug)
    question = get_object_or_404(
        Question.objects.select_related("item"), pk=pk, hearing=hearing, item__deleted=False
    )
    return _act(
        request,
        hearing,
        partial(qa.vote, question),
        lambda new: phrases.VOTED if new else phrases.VOTED_BEFORE,
    )


@require_POST
def raise_hand(request, slug):
    hearing = taking_part(request, slug)
    item = _item(hearing, request.POST.get("item"))
    return _act(request, hearing, partial(speakers.raise_hand, item), phrases.HAND_RAISED)


@require_POST
def withdraw(request, slug, pk):
    hearing = taking_part(request, slug)
    turn = get_object_or_404(
        SpeakingTurn.objects.select_related("item"), pk=pk, hearing=hearing, item__deleted=False
    )
    return _act(request, hearing, partial(speakers.withdraw, turn), phrases.HAND_LOWERED)


@never_cache
@require_safe
def participant_panel(request, slug):
    """The participant's live part, re-fetched by live.js when something changes."""
    hearing = taking_part(request, slug)
    participant = current_participant(request, hearing)
    if participant is None:
        raise PermissionDenied("participant")
    context = selectors.participant_context(hearing, participant, request.user)
    return render(request, "live/_participant_live_body.html", {**context, "request": request})


@never_cache
@require_safe
def public_panel(request, slug):
    hearing = hearing_selectors.hearing_for(request.user, slug)
    return render(request, "live/_public_live_body.html", selectors.public_context(hearing))


@require_safe
def wall(request, slug):
    """The big screen in the hall (projector, 1920×1080 or 1280×720): what runs and comes next,
    who speaks, the questions, and how to join (a QR code and a short address)."""
    hearing = hearing_selectors.hearing_for(request.user, slug)
    path = hearing.get_absolute_url()
    join = (
        f"{settings.SITE_URL}{path}" if settings.SITE_URL_SET else request.build_absolute_uri(path)
    )
    short = join.split("://", 1)[-1]
    context = {
        **selectors.wall_context(hearing),
        "join_url": join,
        "join_short": short,
        # Its parts, each up to and with its "/": the wall breaks the line only between them.
        "join_parts": re.findall(r"[^/]*/|[^/]+$", short),
        "join_qr": qr_svg(join, _("QR-Code zur Seite des Hearings"), sized=False),
        "city_name": settings.CITY_NAME or getattr(hearing.body, "name", ""),
        "city_logo": bool(settings.CITY_LOGO),
    }
    return render(request, "live/wall.html", context)


@never_cache
@require_safe
def wall_panel(request, slug):
    """The wall's live part, fetched again by live.js when the item changes."""
    hearing = hearing_selectors.hearing_for(request.user, slug)
    return render(request, "live/_wall_body.html", selectors.wall_context(hearing))


@require_safe
def city_logo(request):
    """The logo HEARING_CITY_LOGO names, for the wall."""
    path = Path(settings.CITY_LOGO) if settings.CITY_LOGO else None
    if path is None or not path.is_file():
        raise Http404("logo")
    kind = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    response = FileResponse(path.open("rb"), content_type=kind)
    response["Cache-Control"] = "public, max-age=3600"
    # An SVG is shown as an image only: nothing in it runs in our origin.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@require_safe
def speaker(request, slug):
    hearing = hearing_selectors.hearing_for(request.user, slug)
    return render(request, "live/speaker.html", selectors.public_context(hearing))
