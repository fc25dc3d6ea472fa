from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key, [])


@register.simple_tag
def documentation_jobs(hearing, user):
    """Active and recent jobs of ``hearing`` for the console, if ``user`` organises it."""
    from hearing.core.permissions import has_permission
    from hearing.documentation.views.backoffice import job_rows

    if not has_permission(user, "hearing.manage", hearing):
        return None
    return job_rows(hearing)[:5]
