from ipaddress import ip_network

from django.core.cache import cache

from hearing.core.ratelimit import client_address, too_many


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
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from hearing import settings as hearing_settings

    monkeypatch.setenv("HEARING_TRUSTED_PROXIES", "127.0.0.1, proxy.example.org")
    with pytest.raises(ImproperlyConfigured) as error:
        hearing_settings._networks("HEARING_TRUSTED_PROXIES")
    assert str(error.value) == (
        "HEARING_TRUSTED_PROXIES: 'proxy.example.org' ist keine IP-Adresse und kein Netz "
        "(z. B. 10.0.0.0/8)."
    )
