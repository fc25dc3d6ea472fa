"""Fixed-window rate limits for what the public can write, counted in the cache.

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


def check_public_limit(
    scope: str, *, personal: Iterable[str], address: str, limit: int, window: int, what: str
) -> None:
    """Count one public write in ``scope``; raise :class:`RateLimited` when it is one too many.

    ``personal`` are the identifiers one person has (browser session, e-mail): each may make
    ``limit`` writes per ``window`` seconds. ``address`` may make ``settings.PUBLIC_ADDRESS_LIMIT``.
    The windows are aligned to multiples of ``window`` since the epoch, so the message can say
    when the next one starts. ``what`` names the writes in the message ("Fragen").
    """
    now = time.time()
    bucket = int(now // window)
    wait = max(1, math.ceil((bucket + 1) * window - now))
    minutes = max(1, round(window / 60))
    if too_many(f"{scope}:{bucket}", personal, limit=limit, window=window):
        raise RateLimited(
            _("Höchstens %(limit)s %(what)s je %(minutes)s Minuten. Bitte in %(wait)s noch einmal.")
            % {"limit": limit, "what": what, "minutes": minutes, "wait": _wait_text(wait)},
            retry_after=wait,
        )
    ceiling = settings.PUBLIC_ADDRESS_LIMIT
    if too_many(f"{scope}:addr:{bucket}", [address], limit=ceiling, window=window):
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
