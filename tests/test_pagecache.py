"""What the stack's nginx may keep (X-Accel-Expires) and when a page's generation is renewed
(hearing.core.pagecache). The cache itself, in nginx, is tested in tests/test_stack.py."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from hearing.core import pagecache
from hearing.live.domain import announcements
from tests.factories import UserFactory


@pytest.fixture
def generations(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    folder = pagecache.generations_dir()
    folder.mkdir(parents=True)
    return folder


def expires(response):
    return response.headers.get("X-Accel-Expires")


PUBLIC = [
    "/",
    "/hearings/{slug}/",
    "/hearings/{slug}/agenda/1/",
    "/register/",
    "/register/comparison/",
    "/marketplace/",
    "/documentation/{slug}/results/",
    "/documentation/{slug}/protocol/",
    "/documentation/{slug}/transcript/",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_may_be_kept_for_anonymous_visitors_only(hearing, alice, path):
    from hearing.documentation.models import Protocol

    Protocol.objects.create(hearing=hearing, state="published")  # public once published
    url = path.format(slug=hearing.slug)
    assert expires(Client().get(url)) == "3600"
    signed_in = Client()
    signed_in.force_login(alice)
    assert expires(signed_in.get(url)) is None
    participant = Client()
    participant.cookies["sessionid"] = "someone"
    assert expires(participant.get(url)) is None


def test_pages_that_are_not_marked_or_not_found_are_never_kept(hearing):
    client = Client()
    for url in ("/backoffice/", "/accounts/login/", f"/hearings/{hearing.slug}/calendar.ics"):
        assert expires(client.get(url)) is None
    assert expires(client.get("/hearings/no-such-hearing/")) is None


def test_a_page_that_sets_a_cookie_is_never_kept(db):
    """A CSRF token or a message sets a cookie: such a page is somebody's own."""

    @pagecache.public_page
    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "secret")
        return response

    request = RequestFactory().get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    response = pagecache.PageCacheMiddleware(view)(request)
    assert expires(response) is None


def test_an_event_renews_its_hearings_generation_after_commit(
    hearing, alice, generations, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as waiting:
        announcements.announce(hearing, text="Pause bis 11 Uhr", actor=alice)
        assert sorted(p.name for p in generations.iterdir()) == []  # not before the commit
    for callback in waiting:
        callback()
    first = (generations / f"hearing-{hearing.slug}").read_text()
    with django_capture_on_commit_callbacks(execute=True):
        announcements.announce(hearing, text="Weiter geht es", actor=alice)
    assert (generations / f"hearing-{hearing.slug}").read_text() != first
    assert sorted(p.name for p in generations.iterdir()) == [f"hearing-{hearing.slug}"]


def test_a_signed_in_persons_write_renews_the_sites_generation(hearing, alice, generations):
    client = Client()
    client.force_login(alice)
    client.post(f"/backoffice/hearings/{hearing.slug}/live/next/")
    assert (generations / "site").exists()
    (generations / "site").unlink()
    # Reading changes nothing; nor does an anonymous POST that is refused.
    client.get(f"/backoffice/hearings/{hearing.slug}/console/")
    Client().post(f"/backoffice/hearings/{hearing.slug}/live/next/")
    assert not (generations / "site").exists()


def test_without_the_stack_nothing_is_written(
    hearing, alice, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        announcements.announce(hearing, text="Pause", actor=alice)
    UserFactory()
    assert list(tmp_path.iterdir()) == []


def test_the_hearing_pages_kept_fragments_follow_every_event_and_every_site_change(
    hearing, alice, django_capture_on_commit_callbacks
):
    """The agenda, groups, papers and statements are kept per language and version: an event of
    the hearing (an item starts) and a change of the site (a paper edited in the admin, which
    renews the site's generation) show on the next request; a change that renews nothing does
    not (the fragment really is kept)."""
    from hearing.council.models import Paper
    from hearing.hearings.domain.live import start_item

    paper = Paper.objects.create(
        body=hearing.body, reference="20-26 / V 01234", name="KI-Leitlinien", date=hearing.date
    )
    hearing.papers.add(paper)
    page = hearing.get_absolute_url()
    visitor = Client()
    assert "KI-Leitlinien" in visitor.get(page).content.decode()
    Paper.objects.filter(pk=paper.pk).update(name="KI-Leitlinien der Stadt")
    assert "KI-Leitlinien der Stadt" not in visitor.get(page).content.decode()  # kept
    pagecache.bump(pagecache.SITE)
    assert "KI-Leitlinien der Stadt" in visitor.get(page).content.decode()
    english = visitor.get(page, HTTP_COOKIE="django_language=en").content.decode()
    assert '<html lang="en">' in english and "Agenda" in english

    first = hearing.items.order_by("position").first()
    before = visitor.get(page).content.decode()
    assert f'data-item-id="{first.pk}" aria-current="true"' not in before
    with django_capture_on_commit_callbacks(execute=True):
        start_item(first, actor=alice)
    after = visitor.get(page).content.decode()
    assert f'data-item-id="{first.pk}" aria-current="true"' in after


def test_threads_of_one_process_renewing_at_once_never_take_each_others_file(generations, caplog):
    """A server's threads bump the same scope at once (several writes finishing together): each
    writes its own temporary file, so no rename finds its file gone and nothing is logged."""
    import threading

    start = threading.Barrier(8)

    def renew():
        start.wait()
        for _ in range(50):
            pagecache.bump(pagecache.SITE)

    threads = [threading.Thread(target=renew) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.getMessage() for r in caplog.records if r.name == "hearing.core.pagecache"] == []
    assert sorted(p.name for p in generations.iterdir()) == ["site"]
