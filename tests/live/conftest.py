import os
import uuid

import pytest

from hearing.live.push.backends import InProcessBackend, RedisBackend, set_backend
from tests.live.servers import prepare_demo_db

# Our own Redis database number; pub/sub channels are per test, so parallel runs do not mix.
REDIS_URL = os.environ.get("HEARING_TEST_REDIS_URL") or "redis://127.0.0.1:6379/4"


@pytest.fixture
def inprocess_backend():
    backend = InProcessBackend()
    previous = set_backend(backend)
    yield backend
    set_backend(previous)
    backend.close()


@pytest.fixture
def redis_backend():
    backend = RedisBackend(REDIS_URL, channel=f"hearing:test:{uuid.uuid4().hex}")
    previous = set_backend(backend)
    yield backend
    set_backend(previous)
    backend.close()


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory):
    """A data directory with a migrated SQLite database and the demo, made once per run."""
    path = tmp_path_factory.mktemp("demo-template")
    prepare_demo_db(path)
    return path
