import pytest
from django.test import Client

from hearing.events.backends import InProcessBackend, set_backend
from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests make many accounts (the demo two, each browser journey its own); the production
    hasher (PBKDF2, on purpose slow: 0.4 s an account here) is for real passwords only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: fragments the pages keep are keyed by ids that a
    later test's rolled-back database hands out again. The tests' cache is always the process's
    own memory (HEARING_REDIS_URL is not set for them), so nothing else is emptied."""
    from django.core.cache import caches

    assert caches["default"].__class__.__name__ == "LocMemCache"
    caches["default"].clear()


@pytest.fixture
def inprocess_backend():
    """The in-process push backend for this test, so events go nowhere else."""
    backend = InProcessBackend()
    previous = set_backend(backend)
    yield backend
    set_backend(previous)
    backend.close()


@pytest.fixture
def hearing(db):
    return hearing_with_agenda(3)


@pytest.fixture
def alice(hearing):
    """May: moderates the hearing."""
    user = UserFactory(username="alice")
    HearingRoleFactory(hearing=hearing, user=user, role="moderator")
    return user


@pytest.fixture
def bob(db):
    """May not: logged in, but moderates another hearing only."""
    user = UserFactory(username="bob")
    HearingRoleFactory(user=user, role="moderator")
    return user


@pytest.fixture
def organiser(hearing):
    """May organise: holds hearing.manage on the hearing, and everything it implies."""
    user = UserFactory(username="olga")
    HearingRoleFactory(hearing=hearing, user=user, role="organizer")
    return user


@pytest.fixture
def organiser_client(organiser):
    client = Client()
    client.force_login(organiser)
    return client


@pytest.fixture
def alice_client(alice):
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob):
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def anonymous_client():
    return Client()


def pytest_collection_modifyitems(items):
    """Browser tests run last: Playwright's sync API keeps an event loop on the main thread for the
    rest of the session, which would break tests that start their own loop with asyncio.run()."""
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))
