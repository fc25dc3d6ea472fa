"""Cleaning text that people write or that imports bring, the same way everywhere.

What is removed, never stored: NUL and every other C0/C1 control character except tab and line
breaks, unpaired UTF-16 surrogates (JSON can carry them; PostgreSQL refuses them with a 500), and
Unicode non-characters. Line breaks become ``\\n`` (a lone CR from a pasted document too).
Text is NFC-normalised, so "ä" typed two ways is one string for duplicate checks and search.
What is refused, never cut: text over its limit (:func:`limited` raises with the limit named).
"""

import re
import unicodedata

from django.utils.translation import gettext as _

from hearing.core.errors import InputError

# C0 controls except \t \n \r, DEL, C1 controls, surrogates, the non-characters U+FFFE/U+FFFF.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SINGLE_LINE_UNWANTED = re.compile("[\t\n\r]+")


def strip_unwanted(text: str) -> str:
    """Only remove what must never be stored (controls but tab and line breaks, surrogates,
    non-characters); nothing else changes. For request parameters, where a password must stay as
    typed."""
    return _UNWANTED.sub("", text)


def clean(value: object, *, multiline: bool = True) -> str:
    """``value`` as a clean string (None becomes ""). Never raises; removes, never refuses.

    Single-line text gets tabs and line breaks folded into one space each run.
    """
    if value is None:
        return ""
    text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_unwanted(text)
    text = unicodedata.normalize("NFC", text)
    if not multiline:
        text = _SINGLE_LINE_UNWANTED.sub(" ", text)
    return text


def one_line(value: object) -> str:
    """Cleaned, with every run of white space (line breaks too) folded into one space."""
    return " ".join(clean(value).split())


def limited(
    value: object,
    *,
    max_length: int,
    label: str,
    multiline: bool = True,
    required: bool = False,
    strip: bool = True,
) -> str:
    """Clean ``value`` and strip it (unless ``strip`` is false: a search text's spaces count);
    raise :class:`InputError` if it is longer than ``max_length`` characters (the message names
    ``label``, the limit and the length), or empty when ``required``.
    """
    text = clean(value, multiline=multiline)
    text = text.strip() if strip else text
    if required and not text:
        raise InputError(_("Bitte %(label)s ausfüllen.") % {"label": label})
    if len(text) > max_length:
        raise InputError(
            _("%(label)s ist %(length)s Zeichen lang; erlaubt sind höchstens %(max)s.")
            % {"label": label, "length": len(text), "max": max_length}
        )
    return text


def is_number(raw: object) -> bool:
    """True for a non-empty string of the ASCII digits 0–9 only.

    ``str.isdigit`` alone is not enough: it is true for "²" and "①", which ``int()`` refuses
    (a ValueError, a 500 where it is not caught).
    """
    return isinstance(raw, str) and raw.isascii() and raw.isdigit()


def number_or(raw: object, default=None, *, digits: int = 18):
    """A form field's plain number (ASCII digits, at most ``digits`` of them: beyond a bigint
    PostgreSQL would refuse it) as an int, else ``default``. For ids and offsets that the page
    itself fills in, where anything else is a stale or forged form and the action refuses it."""
    return int(raw) if is_number(raw) and len(raw) <= digits else default


def whole_number(value: object, *, label: str, low: int, high: int) -> int:
    """``value`` (an int, or digits as text, blanks around allowed) as an int from ``low`` to
    ``high``; InputError naming ``label`` and the range otherwise. Nothing is clamped silently."""
    raw = value if isinstance(value, int) else str(value or "").strip()
    if isinstance(raw, str) and not (is_number(raw) and len(raw) <= 12):
        raise InputError(
            _("%(label)s muss eine ganze Zahl von %(low)s bis %(high)s sein.")
            % {"label": label, "low": low, "high": high}
        )
    number = int(raw)
    if not low <= number <= high:
        raise InputError(
            _("%(label)s muss eine ganze Zahl von %(low)s bis %(high)s sein, nicht %(value)s.")
            % {"label": label, "low": low, "high": high, "value": number}
        )
    return number
