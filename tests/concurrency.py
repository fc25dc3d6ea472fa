"""Real parallel threads against the database, each with its own connection.

On PostgreSQL these race as two server processes would; SQLite's in-memory test database answers
concurrent writers with "table is locked" instead of waiting, so tests that use this are marked
``postgres_only`` and run in the PostgreSQL pass of `make test`.
"""

import threading
from collections.abc import Callable, Iterable

import pytest
from django.conf import settings
from django.db import connections

postgres_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="concurrency is proven on PostgreSQL (HEARING_DATABASE_URL=postgres://...)",
)


def at_once(work: Callable, arguments: Iterable[tuple], timeout: float = 120) -> tuple[list, list]:
    """Run ``work(*args)`` for every tuple in ``arguments``, all released at the same moment.

    Returns (results, errors): what each call returned, and ``repr`` of what each raised.
    """
    arguments = list(arguments)
    barrier = threading.Barrier(len(arguments))
    results, errors = [], []
    lock = threading.Lock()

    def run(args):
        try:
            barrier.wait(timeout=30)
            value = work(*args)
            with lock:
                results.append(value)
        except Exception as exc:  # noqa: BLE001 - collected for the test's assertion
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(args,)) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
