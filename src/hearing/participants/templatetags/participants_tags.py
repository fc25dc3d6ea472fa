"""What the participants app's include slots on other apps' pages need."""

from django import template

from hearing.core.permissions import has_permission
from hearing.participants.domain.checkin import attendance_figures
from hearing.participants.domain.identity import session_participant
from hearing.participants.enums import Admission, Status

register = template.Library()


@register.simple_tag(takes_context=True)
def participation_for(context, hearing) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    participant = session_participant(request, hearing) if request is not None else None
    if participant is not None and participant.status == Status.PENDING:
        participant = None
    # The hearing page already lists the groups; reusing its queryset costs no extra query.
    groups = context.get("groups")
    if groups is None:
        groups = hearing.groups.order_by("position")
    names = [g.name for g in groups if g.admission == Admission.SELF_REGISTRATION]
    return {
        "participant": participant,
        "self_registration": ", ".join(names),
        "staff": has_permission(user, "participants.check_in", hearing),
        "can_view_personal": has_permission(user, "participants.view_personal_data", hearing),
    }


@register.simple_tag
def attendance_for(hearing) -> dict:
    return attendance_figures(hearing)
