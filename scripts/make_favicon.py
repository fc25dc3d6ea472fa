"""Draws src/hearing/core/static/hearing/img/favicon.ico (16, 32 and 48 px) after favicon.svg:
the city-blue rounded square with a white "H". Browsers ask for /favicon.ico whatever the page
links; run again after changing the SVG's colours or shape."""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE, WHITE = (0, 0x45, 0x7C, 255), (255, 255, 255, 255)
TARGET = Path(__file__).resolve().parents[1] / "src/hearing/core/static/hearing/img/favicon.ico"


def draw(size: int) -> Image.Image:
    scale = 8  # drawn large, then scaled down: smooth edges
    s = size * scale / 32
    image = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, 32 * s - 1, 32 * s - 1), radius=6 * s, fill=BLUE)
    width = round(4 * s)
    for x in (9, 23):
        pen.line((x * s, 8 * s, x * s, 24 * s), fill=WHITE, width=width)
    pen.line((9 * s, 16 * s, 23 * s, 16 * s), fill=WHITE, width=width)
    for x, y in ((9, 8), (9, 24), (23, 8), (23, 24)):  # round caps
        r = width / 2
        pen.ellipse((x * s - r, y * s - r, x * s + r, y * s + r), fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    draw(48).save(TARGET, sizes=[(16, 16), (32, 32), (48, 48)])
    print(TARGET)
