"""QR codes as inline SVG (segno): a stand's page, the hearing's page on the wall."""

import io

import segno


def qr_svg(url: str, title: str, *, scale: int = 6) -> str:
    """An ``<svg>`` element (no XML declaration) that encodes ``url`` with error correction M,
    titled ``title`` for screen readers; ``scale`` pixels a module."""
    out = io.BytesIO()
    segno.make_qr(url, error="m").save(
        out, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, title=title, nl=False
    )
    return out.getvalue().decode()
