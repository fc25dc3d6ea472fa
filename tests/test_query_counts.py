"""Every public page reads the demo hearing with a fixed number of queries (no N+1 can creep in);
a list grows with the demo, the count does not (issue 12)."""

import pytest
from django.core.management import call_command
from django.test import Client

from hearing.hearings.domain import live
from hearing.hearings.models import Hearing

SLUG = "ki-stadtratshearing-2024"
PAGES = {
    "/": 1,
    f"/hearings/{SLUG}/": 9,  # with the caption band's newest line (issue 13)
    f"/hearings/{SLUG}/agenda/2/": 5,
    "/register/": 5,
    "/register/1/": 1,
    "/register/comparison/": 4,
    "/marketplace/": 1,
    f"/documentation/{SLUG}/results/": 2,
    f"/documentation/{SLUG}/protocol/": 16,  # with whether it is published (issue 14)
    f"/documentation/{SLUG}/transcript/": 2,
}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    hearing = Hearing.objects.get(slug=SLUG)
    from hearing.documentation.models import Protocol

    Protocol.objects.create(hearing=hearing, state="published")  # the public may read it
    from django.contrib.auth import get_user_model

    live.start_item(
        hearing.items.get(position=2), actor=get_user_model().objects.get(username="moderation")
    )
    return hearing


def test_public_pages_take_a_fixed_number_of_queries(demo, django_assert_num_queries):
    client = Client()
    for path, queries in PAGES.items():
        client.get(path)  # the first request of a process fills caches (content types, ...)
        with django_assert_num_queries(queries):
            assert client.get(path).status_code == 200, path
