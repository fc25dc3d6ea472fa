"""Fixed-window rate limits for what the public can write, counted in the cache.

The embedded default counts per process (local memory); with HEARING_REDIS_URL the count is shared
by every server process.
"""

import hashlib
from collections.abc import Iterable

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


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")
