"""Fixed-window rate limits for what the public can write, counted in the cache.

The embedded default counts per process (local memory); with HEARING_REDIS_URL the count is shared
by every server process.
"""

import hashlib
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache


def too_many(scope: str, identifiers: Iterable[str], *, limit: int, window: int) -> bool:
    """Count one attempt for each identifier (a session, an address, an e-mail) in ``scope``.

    Returns True when any of them has made more than ``limit`` attempts within ``window`` seconds.
    Empty identifiers are skipped. Identifiers are hashed, so no personal data sits in the cache.
    """
    over = False
    for identifier in identifiers:
        if not identifier:
            continue
        digest = hashlib.sha256(identifier.encode()).hexdigest()[:32]
        key = f"ratelimit:{scope}:{digest}"
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            count = 1
        over = over or count > limit
    return over


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request) -> str:
    """The visitor's address, for rate limits.

    Behind a reverse proxy every request comes from the proxy, so one limit would hit all
    visitors at once. Only when the direct peer is one of ``HEARING_TRUSTED_PROXIES`` is
    ``X-Forwarded-For`` read, from the right, up to the first address that is not a trusted proxy;
    anyone else can write that header, so from them it is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.TRUSTED_PROXIES or not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    return hops[0] if hops else remote
