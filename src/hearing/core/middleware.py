import io

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from whitenoise.middleware import WhiteNoiseMiddleware

from hearing.core.actions import error_response, wants_json
from hearing.core.errors import UserError
from hearing.core.files import aread, from_front
from hearing.core.text import strip_unwanted

# The language the stack's nginx decided on (hearing.core.stack).
LANGUAGE_HEADER = "X-Hearing-Language"


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set (CSP, permissions policy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's own pages with inline scripts (admin, debug) set their own CSP needs; the admin
        # works with 'self' scripts, and the debug page only runs on the development server.
        if not settings.DEBUG:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), microphone=(), camera=(self), payment=()"
        )
        return response


class LanguageMiddleware:
    """German unless the visitor chose otherwise with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a German public body's
    pages are German first, so only an explicit choice changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if from_front(request):
            # Behind the stack's nginx, the language its page cache keyed the request by: nginx
            # and Django read odd cookie headers (the name twice, quotes) differently, and a
            # page in one language must never be kept under the other's key.
            chosen = request.headers.get(LANGUAGE_HEADER)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.headers.get("Vary", "")
        if "Cookie" not in patch_vary:
            response.headers["Vary"] = ", ".join(filter(None, [patch_vary, "Cookie"]))
        return response


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, with a body Django's ASGI handler streams: WhiteNoise hands it a plain file
    iterator, which under uvicorn is read into a list first, with a warning on every file."""

    @staticmethod
    def serve(static_file, request):
        response = WhiteNoiseMiddleware.serve(static_file, request)
        if isinstance(request, ASGIRequest):
            handle = getattr(response, "file_to_stream", None)  # None for HEAD and 304
            response.streaming_content = aread(handle or io.BytesIO())
        return response


class CleanInputMiddleware:
    """Every query and form parameter cleaned once, before any view reads it (:mod:`hearing.core.text`).

    A NUL byte or a lone surrogate from anyone on the internet would otherwise reach PostgreSQL,
    which refuses it with an error (a 500); control characters pasted from documents would end up in
    calendars and subtitles. Cleaning here covers every form and endpoint, present and future; what
    is too long is refused later, by the domain function that knows the limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        if request.method == "POST" and _is_form(request):
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


def _is_form(request) -> bool:
    kind = request.META.get("CONTENT_TYPE", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def _one_value(value: str) -> str:
    # Browsers send a textarea's line breaks as CRLF but count them as one character for
    # ``maxlength`` (HTML, "form submission"); so does every length check here.
    return strip_unwanted(value).replace("\r\n", "\n")


def _cleaned(params):
    """``params`` itself when nothing needs removing (the usual case), else a cleaned copy."""
    lists = list(params.lists())
    cleaned = [(strip_unwanted(k), [_one_value(v) for v in vs]) for k, vs in lists]
    if cleaned == lists:
        return params
    copy = params.copy()
    copy.clear()
    for key, values in cleaned:
        copy.setlist(key, values)
    copy._mutable = False
    return copy


class UserErrorMiddleware:
    """The safety net behind :func:`hearing.core.actions.perform`: a :class:`UserError` that a
    view did not turn into an answer becomes the message and a way back (or JSON), never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UserError):
            return None
        if not wants_json(request) and request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            context = {"message": exception.message}
            return render(request, "core/errors/refused.html", context, status=exception.status)
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = request.path
        return error_response(request, exception, back)
