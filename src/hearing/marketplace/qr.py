"""QR codes that open a stand's page on a phone (segno, SVG)."""

import io

import segno
from django.utils.translation import gettext as _


def stand_qr_svg(url: str, title: str) -> str:
    out = io.BytesIO()
    segno.make_qr(url, error="m").save(
        out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, title=title, nl=False
    )
    return out.getvalue().decode()


def qr_alt(stand) -> str:
    return _("QR-Code zur Seite von Stand %(number)s: %(title)s") % {
        "number": stand.number,
        "title": stand.title,
    }


def stand_qr_data_uri(url: str) -> str:
    return segno.make_qr(url, error="m").svg_data_uri(scale=6, border=2)
