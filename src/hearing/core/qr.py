"""QR codes as inline SVG (segno): a stand's page, the hearing's page on the wall."""

import io

import segno


def qr_svg(url: str, title: str, *, scale: int = 6, sized: bool = True) -> str:
    """An ``<svg>`` element (no XML declaration) that encodes ``url`` with error correction M,
    titled ``title`` for screen readers; ``scale`` pixels a module. ``sized=False`` writes a
    viewBox without width and height, for a page whose CSS sizes it (a fixed size would be
    cropped, not scaled, by a smaller box)."""
    out = io.BytesIO()
    segno.make_qr(url, error="m").save(
        out,
        kind="svg",
        scale=scale,
        border=2,
        xmldecl=False,
        svgns=True,
        title=title,
        nl=False,
        omitsize=not sized,
    )
    return out.getvalue().decode()
