"""Rate limits for what the public can write, counted in the cache.

The embedded default counts per process (local memory); with HEARING_REDIS_URL the count is shared
by every server process.

Fair to a room behind one address: the limit that bites in normal use counts per browser session
(and per e-mail address where there is one). The address only has a ceiling,
``HEARING_PUBLIC_ADDRESS_LIMIT`` per window (default 300): a council chamber or a school class
behind one NAT shares an address, and 300 is about one question from each person in the seed's
largest room in ten minutes, while a script from one address is still stopped.
"""

import hashlib
import ipaddress
import math
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearing.core.errors import RateLimited


def _key(scope: str, identifier: str) -> str:
    # Hashed, so no personal data (a session key, an e-mail address) sits in the cache.
    return f"ratelimit:{scope}:{hashlib.sha256(identifier.encode()).hexdigest()[:32]}"


def count_attempt(
    scope: str, identifiers: Iterable[str], *, limit: int, window: int, now: float | None = None
) -> int:
    """One attempt by the person behind ``identifiers`` (a browser session, an e-mail address) in
    ``scope``, in a window that slides: at most ``limit`` attempts in any ``window`` seconds.

    Returns 0 when the attempt is allowed (and counts it), else the seconds until the next one
    would be (at least 1); a refused attempt is not counted, so waiting that long is enough.
    Each identifier keeps the times of its recent attempts (at most ``limit``; the personal
    limits here are 3 to 5). Two requests of one person at the same moment may both pass (the
    cache has no compare-and-set); the database's constraints stop a double submission.
    Empty identifiers are skipped.
    """
    now = time.time() if now is None else now
    logs = {}
    wait = 0.0
    for identifier in filter(None, identifiers):
        key = _key(scope, identifier)
        recent = sorted(t for t in cache.get(key, ()) if now - window < t <= now)
        if len(recent) >= limit:
            wait = max(wait, recent[len(recent) - limit] + window - now) if limit else window
        logs[key] = recent
    if wait:
        return max(1, math.ceil(wait))
    for key, recent in logs.items():
        cache.set(key, [*recent[max(0, len(recent) - limit + 1) :], now], window)
    return 0


def count_for_address(
    scope: str, address: str, *, limit: int, window: int, now: float | None = None
) -> int:
    """One write from ``address`` in ``scope``: the ceiling for a whole room behind one address.

    Counted atomically (Redis ``INCR``), so a script with many parallel connections is counted
    exactly, in a window that slides by the usual two-counter estimate: this fixed window's count
    plus the previous one's, weighted by the share of it still within the last ``window``
    seconds (no reset at a window's boundary). Returns 0, or the seconds until the estimate
    allows one more (refused writes count too). An empty address is not counted.
    """
    if not address:
        return 0
    now = time.time() if now is None else now
    bucket = int(now // window)
    elapsed = (now - bucket * window) / window  # 0 … 1 of the current window
    key = _key(scope, address)
    cache.add(f"{key}:{bucket}", 0, 2 * window)  # read again, weighted, in the next window
    try:
        count = cache.incr(f"{key}:{bucket}")
    except ValueError:  # expired between add and incr
        cache.set(f"{key}:{bucket}", 1, 2 * window)
        count = 1
    previous = cache.get(f"{key}:{bucket - 1}", 0)
    if previous * (1 - elapsed) + count <= limit:
        return 0
    # One more fits within this window once the previous one has faded enough, else after it,
    # once this window's count has faded enough.
    if count + 1 <= limit and previous:
        fits_at = 1 - (limit - count - 1) / previous
    else:
        fits_at = 2 - (limit - 1) / count if limit >= 1 else 2
    return max(1, math.ceil((fits_at - elapsed) * window))


def check_public_limit(
    scope: str, *, personal: Iterable[str], address: str, limit: int, window: int, what: str
) -> None:
    """Count one public write in ``scope``; raise :class:`RateLimited` when it is one too many.

    ``personal`` are the identifiers one person has (browser session, e-mail): each may make
    ``limit`` writes in any ``window`` seconds. ``address`` may make
    ``settings.PUBLIC_ADDRESS_LIMIT``. The message says when the next write fits (also as
    ``retry_after``). ``what`` names the writes in the message ("Fragen").
    """
    now = time.time()
    minutes = max(1, round(window / 60))
    wait = count_attempt(scope, personal, limit=limit, window=window, now=now)
    if wait:
        raise RateLimited(
            _("Höchstens %(limit)s %(what)s je %(minutes)s Minuten. Bitte in %(wait)s noch einmal.")
            % {"limit": limit, "what": what, "minutes": minutes, "wait": _wait_text(wait)},
            retry_after=wait,
        )
    ceiling = settings.PUBLIC_ADDRESS_LIMIT
    wait = count_for_address(f"{scope}:addr", address, limit=ceiling, window=window, now=now)
    if wait:
        raise RateLimited(
            _(
                "Von Ihrer Netzadresse kamen gerade sehr viele Eingaben (höchstens %(limit)s je "
                "%(minutes)s Minuten). Bitte in %(wait)s noch einmal."
            )
            % {"limit": ceiling, "minutes": minutes, "wait": _wait_text(wait)},
            retry_after=wait,
        )


def _wait_text(seconds: int) -> str:
    if seconds < 90:
        return ngettext("%(n)s Sekunde", "%(n)s Sekunden", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)s Minute", "%(n)s Minuten", minutes) % {"n": minutes}


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


def visitor_session(request) -> str:
    """The browser session a public write is counted by, made now if the visitor has none yet
    (a first question, message, registration or report)."""
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key
