"""Secrets derived from the platform's secret key, one per purpose, so there is nothing extra to
configure or to leak: a generated file that holds one (nginx's configuration) gives away neither the
key nor the secret of another purpose (HMAC-SHA256, RFC 2104)."""

import hashlib
import hmac

from django.conf import settings


def derived_secret(purpose: str) -> str:
    """The secret for ``purpose`` (a fixed name such as ``"hearing.core.files.x-accel"``): 64 hex digits."""
    return hmac.new(settings.SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def is_derived_secret(candidate: str, purpose: str) -> bool:
    """Whether ``candidate`` is the secret for ``purpose`` (in constant time)."""
    return hmac.compare_digest(candidate.encode(), derived_secret(purpose).encode())
