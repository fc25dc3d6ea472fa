from django import template

from hearing.captions import domain

register = template.Library()


@register.simple_tag
def captions_for(hearing) -> dict:
    """Whether live captions are on for ``hearing`` (the organiser's stream page shows it)."""
    return {"enabled": domain.is_enabled(hearing)}
