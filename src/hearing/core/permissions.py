"""One vocabulary of permissions; a higher one implies the lower ones.

A role on a hearing grants one permission and, through ``PERMISSION_PARENTS``, everything below
it. Views declare what they need; domain functions check again with :func:`require`.
"""

from functools import wraps

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

# permission -> the permissions it implies
PERMISSION_PARENTS: dict[str, tuple[str, ...]] = {
    "hearing.manage": (
        "hearing.moderate",
        "participants.manage",
        "marketplace.moderate",
        "register.manage",
        "legal.edit",
        "captions.edit",
    ),
    # Live captions by a person (Schriftdolmetschen): correct the machine's lines, write their own.
    "captions.edit": ("backoffice.view",),
    # The site's mandatory pages (accessibility statement, Impressum, privacy notice): an
    # organiser of any hearing writes them.
    "legal.edit": ("backoffice.view",),
    "register.manage": ("backoffice.view",),
    "marketplace.moderate": ("backoffice.view",),
    "participants.manage": ("participants.view_personal_data", "participants.check_in"),
    "participants.view_personal_data": (),
    "participants.check_in": ("backoffice.view",),
    "hearing.moderate": ("backoffice.view",),
    "backoffice.view": (),
}

ROLE_PERMISSIONS: dict[str, str] = {
    "organizer": "hearing.manage",
    "moderator": "hearing.moderate",
    "checkin": "participants.check_in",
    "captioner": "captions.edit",
}


def implied(permission: str) -> set[str]:
    """The permission and every permission below it."""
    if permission not in PERMISSION_PARENTS:
        raise KeyError(f"unknown permission {permission!r}")
    result = {permission}
    for child in PERMISSION_PARENTS[permission]:
        result |= implied(child)
    return result


def permissions_for_roles(roles) -> set[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= implied(ROLE_PERMISSIONS[role])
    return granted


def has_permission(user, permission: str, hearing=None) -> bool:
    """Whether ``user`` holds ``permission`` on ``hearing`` (or on any hearing if None)."""
    implied(permission)  # unknown permissions are a programming error, not a silent False
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = _hearings_model("HearingRole").objects.filter(user=user)
    if hearing is not None:
        roles = roles.filter(hearing=hearing)
    return permission in permissions_for_roles(roles.values_list("role", flat=True))


def require(user, permission: str, hearing=None) -> None:
    """Raise PermissionDenied unless ``user`` holds ``permission`` on ``hearing``."""
    if not has_permission(user, permission, hearing):
        raise PermissionDenied(permission)


def _hearings_model(name: str):
    # By name, not by import: core sits below the domain apps (docs/development.md).
    return apps.get_model("hearings", name)


def permission_required(permission: str, *, via=None):
    """Declare what a view needs; checked on the server before the view runs.

    - ``via=None``: the URL's ``slug`` names the hearing; the view is called as
      ``view(request, hearing, **other_kwargs)``. A hearing that does not exist is a 404.
    - ``via=callable``: ``via(**url_kwargs)`` returns the object the view acts on (a 404 if it
      does not exist); the permission is checked on ``obj.hearing`` and the view is called as
      ``view(request, obj, **url_kwargs)``.
    - ``via="global"``: the permission on any hearing (register, lists across hearings); the view
      is called unchanged.

    Anonymous visitors are sent to the login page; logged-in people without the permission get
    a 403. The wrapped view carries ``permission`` and ``permission_via`` for the URLconf walk
    test (tests/test_permission_walk.py), which runs may / may not / anonymous against each.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if via == "global":
                require(request.user, permission)
                return view(request, *args, **kwargs)
            if via is None:
                slug = kwargs.pop("slug")
                hearing = get_object_or_404(
                    _hearings_model("Hearing").objects.select_related("current_item"), slug=slug
                )
                require(request.user, permission, hearing)
                return view(request, hearing, *args, **kwargs)
            obj = via(**kwargs)
            require(request.user, permission, obj.hearing)
            return view(request, obj, **kwargs)

        wrapper.permission = permission
        wrapper.permission_via = via
        return wrapper

    return decorator
