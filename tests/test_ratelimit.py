from django.core.cache import cache

from hearing.core.ratelimit import too_many


def test_limit_counts_each_identifier_in_its_scope():
    cache.clear()
    assert [too_many("t", ["session-a", "1.2.3.4"], limit=2, window=60) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    # Another session from the same address is limited too; another scope is not.
    assert too_many("t", ["session-b", "1.2.3.4"], limit=2, window=60) is True
    assert too_many("other", ["session-a", "1.2.3.4"], limit=2, window=60) is False


def test_empty_identifiers_are_not_counted():
    cache.clear()
    assert [too_many("t", ["", ""], limit=0, window=60) for _ in range(2)] == [False, False]
