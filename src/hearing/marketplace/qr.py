"""QR codes that open a stand's page on a phone (segno, SVG)."""

import segno
from django.utils.translation import gettext as _

from hearing.core.qr import qr_svg


def stand_qr_svg(url: str, title: str) -> str:
    return qr_svg(url, title)


def qr_alt(stand) -> str:
    return _("QR-Code zur Seite von Stand %(number)s: %(title)s") % {
        "number": stand.number,
        "title": stand.title,
    }


def stand_qr_data_uri(url: str) -> str:
    return segno.make_qr(url, error="m").svg_data_uri(scale=6, border=2)
