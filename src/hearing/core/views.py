"""Friendly error pages in the visitor's language; never Django's bare defaults. The language switch."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _error(request, status: int, template: str):
    return render(request, f"core/errors/{template}", status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "400.html")


def permission_denied(request, exception=None):
    return _error(request, 403, "403.html")


def page_not_found(request, exception=None):
    return _error(request, 404, "404.html")


def server_error(request):
    return _error(request, 500, "500.html")


def csrf_failure(request, reason=""):
    return _error(request, 403, "403_csrf.html")


# A choice of language is kept for a year, not only until the browser closes.
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


@never_cache
@require_safe
def language(request):
    """``GET /language/?language=en&next=/path``: remember the choice in the language cookie and
    go back. A link-like GET, not a POST with a CSRF token, so that the pages that carry the
    switch hold nothing personal and can be cached for everyone (docs/operations.md). An unknown
    language changes nothing; ``next`` outside this site goes to the start page."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    chosen = request.GET.get("language", "")
    if chosen in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=LANGUAGE_COOKIE_SECONDS,
            samesite="Lax",
            secure=settings.HTTPS,
        )
    return response


@require_safe
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links (the pages link the SVG)."""
    path = finders.find("hearing/img/favicon.ico")
    if path is None:
        raise Http404("favicon")
    response = FileResponse(open(path, "rb"), content_type="image/vnd.microsoft.icon")  # noqa: SIM115 - closed by the response
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
@require_safe
def csrf(request):
    """A CSRF token for a form that appears on a page kept in the cache without one (the public
    question box shows once an item with Q&A runs): ``{"token": "..."}``, and the cookie it
    belongs to. Other sites cannot read the answer (same-origin policy)."""
    return JsonResponse({"token": get_token(request)})
