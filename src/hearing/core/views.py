"""Friendly error pages in the visitor's language; never Django's bare defaults."""

from django.shortcuts import render


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
