"""The one way a view runs a state change and answers.

A view finds its objects (404 if they are not there), then hands the domain call to
:func:`perform`. The domain function checks the permission again, cleans the input, runs its
transaction, relies on the database's constraints, writes the audit entry and publishes after
commit; whatever it refuses arrives here as a :class:`~hearing.core.errors.UserError` and becomes:

- for a form post: the page's error message and a redirect back;
- for a request that asks for JSON (``Accept: application/json``): ``{"error": message}`` with the
  error's status (400, 409 or 429 with ``Retry-After``).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from hearing.core.errors import UserError


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def error_response(request: HttpRequest, exc: UserError, back: str) -> HttpResponse:
    """The answer for a refused action: JSON with the status, or the message and a redirect."""
    if wants_json(request):
        response = JsonResponse({"error": exc.message, "field": exc.field}, status=exc.status)
        if exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response
    messages.error(request, exc.message)
    return redirect(back)


def form_error(form, exc: UserError) -> int:
    """Put a refused action's message on ``form`` (on its field where the form has one, so the
    page shows it beside what the person typed, which stays filled in) and return the status the
    page answers with (400, 409 or 429)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return exc.status


def safe_next(request: HttpRequest, default: str) -> str:
    """The form's ``next`` field if it points to this site, else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def perform(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    back: str,
    success: str | Callable[[Any], str] | None = None,
    data: Callable[[Any], dict] | None = None,
) -> HttpResponse:
    """Run ``action()`` and answer. ``back`` is where a form post returns to; ``success`` is the
    message on success (or a function of the result that makes it); ``data`` makes the JSON body
    of a successful JSON request from the result (default ``{"ok": true}``).

    Only :class:`UserError` is caught; anything else is a defect and stays a logged 500.
    """
    try:
        result = action()
    except UserError as exc:
        return error_response(request, exc, back)
    text = success(result) if callable(success) else success
    if wants_json(request):
        body = {"ok": True, **(data(result) if data else {})}
        if text:
            body["message"] = str(text)
        return JsonResponse(body)
    if text:
        messages.success(request, text)
    return redirect(back)
