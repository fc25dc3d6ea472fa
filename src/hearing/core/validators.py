"""Checks shared by every app's uploads."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def check_file_size(upload, max_bytes: int) -> None:
    """Refuse an upload larger than ``max_bytes`` with a message that names both sizes.

    Django has already streamed the file to a temporary file (never into memory), so refusing
    here loses nothing but the upload itself; the form is shown again with this message.
    """
    size = getattr(upload, "size", None) or 0
    if size > max_bytes:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="file_too_large",
        )
