from django import template

from hearing.core.permissions import has_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def may_moderate_marketplace(context, hearing) -> bool:
    """Whether the page's user may moderate the marketplace of ``hearing``."""
    return has_permission(context.get("user"), "marketplace.moderate", hearing)
