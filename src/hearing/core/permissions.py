"""One vocabulary of permissions; a higher one implies the lower ones.

A role on a hearing grants one permission and, through ``PERMISSION_PARENTS``, everything below
it. Views declare what they need; domain functions check again with :func:`require`.
"""

from django.core.exceptions import PermissionDenied

# permission -> the permissions it implies
PERMISSION_PARENTS: dict[str, tuple[str, ...]] = {
    "hearing.manage": (
        "hearing.moderate",
        "participants.manage",
        "marketplace.moderate",
        "register.manage",
    ),
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
    from hearing.hearings.models import HearingRole

    roles = HearingRole.objects.filter(user=user)
    if hearing is not None:
        roles = roles.filter(hearing=hearing)
    return permission in permissions_for_roles(roles.values_list("role", flat=True))


def require(user, permission: str, hearing=None) -> None:
    """Raise PermissionDenied unless ``user`` holds ``permission`` on ``hearing``."""
    if not has_permission(user, permission, hearing):
        raise PermissionDenied(permission)
