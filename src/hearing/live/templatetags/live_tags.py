from django import template

from hearing.live import selectors

register = template.Library()


@register.inclusion_tag("live/_public_live.html", takes_context=True)
def live_public_panel(context, hearing):
    data = selectors.public_context(hearing, last_event=context.get("last_event"))
    return {**data, "request": context.get("request")}


@register.inclusion_tag("live/_participant_live.html", takes_context=True)
def live_participant_panel(context, hearing, participant):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {**selectors.participant_context(hearing, participant, user), "request": request}


@register.inclusion_tag("live/_console_live.html", takes_context=True)
def live_console_panel(context, hearing):
    request = context.get("request")
    return {
        **selectors.console_context(hearing),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
