"""Joining the hearing's video conference: interactive remote participants and moderators."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hearing.core.audit import log_action
from hearing.core.permissions import has_permission
from hearing.hearings import selectors as hearing_selectors
from hearing.media.domain.conference import Attendee, ConferenceError, may_join_remotely, provider

logger = logging.getLogger(__name__)


def current_participant(request, hearing):
    try:
        from hearing.participants.domain.identity import current_participant as lookup
    except ImportError:  # the participants app without personal pages
        return None
    return lookup(request, hearing)


def join_allowed(request, hearing):
    """(Attendee, who) for this browser, or None: nobody else ever gets a join address."""
    participant = current_participant(request, hearing)
    if may_join_remotely(participant):
        return Attendee(participant.display_name, f"participant-{participant.pk}"), participant
    if has_permission(request.user, "hearing.moderate", hearing):
        name = request.user.get_full_name() or request.user.get_username()
        return Attendee(name, f"user-{request.user.pk}", moderator=True), request.user
    return None


@never_cache
@require_safe
def join(request, slug):
    """Redirect to the conference (a GET link: the CSP's form-action would block a redirect)."""
    hearing = hearing_selectors.hearing_for(request.user, slug)
    conference = provider()
    if conference is None:
        raise Http404("conference")
    allowed = join_allowed(request, hearing)
    if allowed is None:
        raise PermissionDenied("conference")
    attendee, who = allowed
    try:
        url = conference.join_url(hearing, attendee)
    except ConferenceError:
        logger.exception("conference join for %s failed", hearing.slug)
        return render(
            request, "media/conference_unavailable.html", {"hearing": hearing}, status=503
        )
    log_action(
        "media.conference.joined",
        request.user,
        who if hasattr(who, "_meta") else None,
        {"hearing": hearing.pk, "provider": conference.name, "moderator": attendee.moderator},
    )
    return redirect(url)
