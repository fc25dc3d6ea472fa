import io

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from whitenoise.middleware import WhiteNoiseMiddleware

from hearing.core.files import aread


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
