"""Every view that declares a permission, found by walking the URLconf, run with three people:
one who may (the smallest role that grants it), one who may not (a role on the same hearing that
does not grant it, or on another hearing), and an anonymous visitor. A new view is covered the
day it declares its permission; a via-loader the walk does not know fails the test."""

import pytest
from django.test import Client

from hearing.core.permissions import ROLE_PERMISSIONS, implied
from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda
from tests.urlwalk import patterns


def declared_views():
    """(route, url name, callback) for every pattern whose view carries ``permission``."""
    return [entry for entry in patterns() if hasattr(entry[2], "permission")]


VIEWS = declared_views()


def smallest_role(permission: str) -> str:
    granting = [r for r, p in ROLE_PERMISSIONS.items() if permission in implied(p)]
    return min(granting, key=lambda r: len(implied(ROLE_PERMISSIONS[r])))


def role_without(permission: str) -> str | None:
    others = [r for r, p in ROLE_PERMISSIONS.items() if permission not in implied(p)]
    return others[0] if others else None


def message_for(hearing):
    from hearing.marketplace.models import Message, Stand

    stand = Stand.objects.create(
        hearing=hearing, number=1, title="Stand", exhibitor="IT-Referat", kind="munich"
    )
    return Message.objects.create(stand=stand, kind="question", channel="online", text="Frage?")


OBJECTS = {
    "_message": message_for,
    "_stand": lambda hearing: message_for(hearing).stand,
}


def url_for(route: str, hearing, obj) -> str:
    path = "/" + route
    for name, value in (("<slug:slug>", hearing.slug), ("<int:pk>", obj.pk if obj else 1)):
        path = path.replace(name, str(value))
    for converter in ("<str:action>", "<str:decision>", "<slug:action>"):
        path = path.replace(converter, "approve")
    for converter in ("<int:item_id>", "<int:body>"):
        path = path.replace(converter, "1")
    path = path.replace("<str:kind>", "imprint").replace("<str:language>", "de")
    assert "<" not in path, f"the walk does not know a parameter in {route}"
    return path


def test_the_walk_finds_the_declared_views():
    names = {name for _route, name, _view in VIEWS}
    assert len(VIEWS) >= 39
    assert {"console", "moderate", "renew_link", "assess", "manage"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name", "view"), VIEWS, ids=[v[0] for v in VIEWS])
def test_may_may_not_and_anonymous(route, name, view):
    hearing = hearing_with_agenda(2, slug="walk")
    via = view.permission_via
    if via in (None, "global"):
        obj = None
    else:
        assert via.__name__ in OBJECTS, f"{route}: add a factory for {via.__name__} to OBJECTS"
        obj = OBJECTS[via.__name__](hearing)
    url = url_for(route, hearing, obj)

    anonymous = Client()
    for method in (anonymous.get, anonymous.post):
        response = method(url)
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith("/accounts/login/")

    outsider = UserFactory()
    other_role = role_without(view.permission)
    if other_role is not None and via != "global":
        HearingRoleFactory(hearing=hearing, user=outsider, role=other_role)
    else:
        HearingRoleFactory(user=outsider, role="moderator")  # a role on another hearing only
    client = Client(raise_request_exception=False)
    client.force_login(outsider)
    if view.permission in implied(ROLE_PERMISSIONS["moderator"]) and via == "global":
        pytest.skip("any moderator holds this permission across hearings")
    for method in (client.get, client.post):
        assert method(url).status_code == 403, url

    insider = UserFactory()
    HearingRoleFactory(hearing=hearing, user=insider, role=smallest_role(view.permission))
    client = Client(raise_request_exception=False)
    client.force_login(insider)
    for method in (client.get, client.post):
        status = method(url).status_code
        assert status not in (401, 403) and status < 500, (url, status)
