from ipaddress import ip_network

import pytest
from django.core.cache import cache

from hearing.core.ratelimit import client_address, count_attempt, count_for_address


def too_many(scope, identifiers, *, limit, window):
    return count_attempt(scope, identifiers, limit=limit, window=window) > 0


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


def test_the_window_slides_so_a_boundary_lets_no_second_batch_through():
    cache.clear()
    limit, window = 3, 600
    # Three questions just before a fixed window's boundary ...
    assert [
        count_attempt("s", ["a"], limit=limit, window=window, now=599 + i / 10) for i in range(3)
    ] == [0, 0, 0]
    # ... and right after it: refused (a fixed window let three more through and said "in 1
    # second"); the wait is until the first of the three is ten minutes old.
    wait = count_attempt("s", ["a"], limit=limit, window=window, now=601)
    assert wait == 598
    # A refused attempt is not counted, so waiting as told is enough, and not a second less.
    assert count_attempt("s", ["a"], limit=limit, window=window, now=601 + wait - 1) == 1
    assert count_attempt("s", ["a"], limit=limit, window=window, now=601 + wait) == 0
    # Tried every 20 s for 50 minutes: never more than 3 in any 10 minutes, and 3 in each.
    cache.clear()
    allowed = [
        t for t in range(0, 3000, 20) if not count_attempt("e", ["b"], limit=3, window=600, now=t)
    ]
    counts = [sum(1 for t in allowed if start <= t < start + 600) for start in range(0, 2400, 20)]
    assert (min(counts), max(counts)) == (3, 3)


@pytest.mark.parametrize("limit", [1, 3, 5, 8])
def test_exactly_limit_attempts_pass(limit):
    cache.clear()
    waits = [count_attempt("n", ["a"], limit=limit, window=600, now=i) for i in range(limit + 2)]
    assert waits == [0] * limit + [600 - limit, 600 - limit - 1]


def test_the_address_ceiling_counts_every_write_and_does_not_reset_at_a_boundary():
    cache.clear()
    results = [count_for_address("c", "192.0.2.1", limit=2, window=60, now=59) for _ in range(3)]
    assert results[:2] == [0, 0] and results[2] > 0
    # Just after the boundary the three of before still weigh almost fully: refused.
    assert count_for_address("c", "192.0.2.1", limit=2, window=60, now=61) > 0
    # Two windows later everything has faded.
    assert count_for_address("c", "192.0.2.1", limit=2, window=60, now=181) == 0
    assert count_for_address("c", "", limit=0, window=60, now=61) == 0


def test_empty_identifiers_are_not_counted():
    cache.clear()
    assert [too_many("t", ["", ""], limit=0, window=60) for _ in range(2)] == [False, False]


def _request(remote, forwarded=None):
    from django.test import RequestFactory

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_visitor_is_the_last_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8")]
    # The visitor wrote a fake first hop; the proxies appended what they saw.
    request = _request("127.0.0.1", "6.6.6.6, 198.51.100.1, 10.1.2.3")
    assert client_address(request) == "198.51.100.1"
    # A peer that is not a trusted proxy cannot choose its address by header.
    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    # Only proxies in the chain, or no header: the first hop, else the peer.
    assert client_address(_request("127.0.0.1", "10.0.0.5, 10.0.0.6")) == "10.0.0.5"
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"


def test_two_visitors_behind_one_proxy_are_limited_separately(settings):
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1/32")]
    cache.clear()
    first = client_address(_request("127.0.0.1", "198.51.100.1"))
    second = client_address(_request("127.0.0.1", "198.51.100.2"))
    assert [too_many("t", [first], limit=1, window=60) for _ in range(2)] == [False, True]
    assert too_many("t", [second], limit=1, window=60) is False


def test_a_malformed_proxy_setting_stops_the_start_with_a_message(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from hearing import settings as hearing_settings

    monkeypatch.setenv("HEARING_TRUSTED_PROXIES", "127.0.0.1, proxy.example.org")
    with pytest.raises(ImproperlyConfigured) as error:
        hearing_settings._networks("HEARING_TRUSTED_PROXIES")
    assert str(error.value) == (
        "HEARING_TRUSTED_PROXIES: 'proxy.example.org' ist keine IP-Adresse und kein Netz "
        "(z. B. 10.0.0.0/8)."
    )
