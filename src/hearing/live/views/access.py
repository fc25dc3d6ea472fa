"""Which hearing a visitor reaches on the live pages."""

from django.http import Http404

from hearing.hearings import selectors as hearing_selectors
from hearing.hearings.models import Hearing
from hearing.participants.domain.identity import current_participant


def taking_part(request, slug: str) -> Hearing:
    """The hearing for a visitor who takes part: one they may see (public, or by a role), or a
    non-public one whose registered participant this browser is (by the personal link). 404
    otherwise, the same answer as for a hearing that does not exist."""
    try:
        return hearing_selectors.hearing_for(request.user, slug)
    except Http404:
        hearing = Hearing.objects.filter(slug=slug, deleted=False).first()
        if hearing is None or current_participant(request, hearing) is None:
            raise
        return hearing
