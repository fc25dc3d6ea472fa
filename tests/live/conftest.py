import os
import uuid

import pytest

from hearing.events.backends import RedisBackend, set_backend
from tests.live.servers import prepare_demo_db

# Our own Redis database number; pub/sub channels are per test, so parallel runs do not mix.
REDIS_URL = os.environ.get("HEARING_TEST_REDIS_URL") or "redis://127.0.0.1:6379/4"


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


@pytest.fixture
def running(hearing, alice, inprocess_backend):
    """The hearing with its second item, a discussion, running."""
    from hearing.hearings.domain import live
    from hearing.hearings.enums import ItemKind

    item = hearing.items.get(position=2)
    item.kind = ItemKind.DISCUSSION
    item.save()
    live.start_item(item, actor=alice)
    hearing.refresh_from_db()
    return item


@pytest.fixture
def member(hearing):
    """A registered council member who may ask and speak, attending virtually."""
    from tests.factories import ParticipantFactory, ParticipantGroupFactory

    group = ParticipantGroupFactory(hearing=hearing, name="Stadtrat")
    return ParticipantFactory(
        group=group, name="Clara Stadträtin", status="registered", attendance="virtual"
    )


@pytest.fixture
def listener(hearing):
    """A registered participant of a listening group: may neither ask nor speak."""
    from tests.factories import ParticipantFactory, ParticipantGroupFactory

    group = ParticipantGroupFactory(
        hearing=hearing, name="Zuhörende", may_ask_questions=False, may_join_speakers_list=False
    )
    return ParticipantFactory(group=group, name="Leo Leise", status="registered")


def client_for(participant):
    from django.test import Client

    from hearing.participants.domain.identity import SESSION_KEY

    client = Client()
    session = client.session
    session[SESSION_KEY] = {str(participant.hearing_id): participant.pk}
    session.save()
    client.cookies["sessionid"] = session.session_key
    return client
