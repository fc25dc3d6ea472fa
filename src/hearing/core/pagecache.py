"""Public pages cached by the stack's nginx for anonymous visitors, invalidated when they change.

nginx keys each cached page by language, URL and a *generation*: the site's, and for a hearing's
pages (``/hearings/<slug>/…``, ``/documentation/<slug>/…``) also that hearing's. A generation is a
small file in ``<DATA_DIR>/stack/generations/`` that nginx reads for every request (a few lines
of Lua in ``nginx.conf``); writing a new value there makes every page of that scope a
new key, so the next request renders it afresh. Nothing is purged: old entries are never asked
for again and age out (``inactive``).

Who writes a new generation, always after the change has committed:

- every event of a hearing (``hearing.events.bus``): that hearing's pages (a vote re-renders the
  hearing's pages, not the register);
- every successful POST/PUT/PATCH/DELETE by a logged-in person (backoffice, admin, documentation,
  register): the whole site, as those writes publish no event that says what they touched;
- register imports and the demo: the whole site; a finished job: its hearing's pages.

Which responses nginx stores is the app's decision alone (nginx ignores Cache-Control): views
marked with :func:`public_page` answer with ``X-Accel-Expires`` when nothing personal can be in
them: an anonymous visitor with no session, a 200, and no cookie set by the response (a CSRF
token or a message sets one). Without the stack (``make run``) the folder does not exist.

The same generations, kept in Django's cache as well, version the fragments the app keeps itself
(the hearing page's agenda, groups, papers and statements): people with a session (participants,
staff) never get nginx's pages, and a cached fragment spares their requests most queries. A
hearing's fragments are versioned by its last event number instead of a file: every change of a
hearing publishes an event in its own transaction.
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

SITE = "site"
# How long nginx may keep a page nobody changed (seconds); a new generation ends it at once.
EXPIRES_SECONDS = 3600
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def generations_dir() -> Path:
    return Path(settings.DATA_DIR) / "stack" / "generations"


def hearing_scope(slug: str) -> str:
    return f"hearing-{slug}"


def bump(*scopes: str) -> None:
    """Give each scope (SITE, :func:`hearing_scope`) a new generation, if the stack runs here.

    Written atomically (a new file renamed over the old), so nginx never reads half a value.
    Errors are logged, never raised: a page that stays cached a little longer is no reason to
    fail the write that changed it.
    """
    value = f"{time.time_ns()}-{os.getpid()}"
    try:
        cache.set_many({_cache_key(scope): value for scope in scopes}, None)
    except Exception:  # Redis away: logged, the fragments age out (EXPIRES_SECONDS)
        logger.exception("Seiten-Cache: Generation %s nicht im Cache", scopes)
    folder = generations_dir()
    if not folder.is_dir():
        return
    for scope in scopes:
        target = folder / scope
        # One name per process and thread: two threads of a server writing at once must not
        # rename each other's file away.
        temporary = folder / f".{scope}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            temporary.write_text(value)
            os.replace(temporary, target)
        except OSError:
            logger.exception("Seiten-Cache: Generation %s nicht geschrieben", scope)


def _cache_key(scope: str) -> str:
    return f"pagecache:generation:{scope}"


def generation(scope: str) -> str:
    """The scope's current generation for fragments the app keeps itself (Django's cache: Redis
    when configured, so all processes agree); "0" before the first change. The stack's nginx
    reads the same value from the files."""
    try:
        return cache.get(_cache_key(scope)) or "0"
    except Exception:  # Redis away: no fragment is kept under a generation nobody can read
        logger.exception("Seiten-Cache: Generation %s nicht lesbar", scope)
        return f"unreadable-{time.time_ns()}"


def hearing_changed(hearing_id: int, slug_of: Callable[[int], str]) -> None:
    """A new generation for one hearing's pages (``slug_of`` looks its slug up, only if needed)."""
    if generations_dir().is_dir():
        bump(hearing_scope(slug_of(hearing_id)))


def bump_after_commit(*scopes: str) -> None:
    """:func:`bump` once the current transaction has committed (at once outside of one)."""
    transaction.on_commit(lambda: bump(*scopes), robust=True)


def public_page(view: Callable) -> Callable:
    """Mark a public page that nginx may cache for anonymous visitors (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.user.is_authenticated
        ):
            response._public_page = True
        return response

    return wrapper


class PageCacheMiddleware:
    """Sets ``X-Accel-Expires`` on public pages with nothing personal in them (checked after every
    other middleware has had its say, so a CSRF or message cookie set late still counts), and
    starts a new site generation after a logged-in person's successful write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "_public_page", False) and not response.cookies:
            response["X-Accel-Expires"] = str(EXPIRES_SECONDS)
        elif (
            request.method in UNSAFE
            and response.status_code < 400
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            bump(SITE)
        return response
