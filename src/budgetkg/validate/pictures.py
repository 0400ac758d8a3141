"""Pictures of the page regions a finding cites, rendered from the PDF (pypdfium2) with every
compared value boxed, as data URIs for a self-contained report."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

SCALE = 1.6  # pixels per PDF point
MARGIN = 28  # points of context above and below the cited boxes
FOCUS = (204, 0, 0, 255)
COMPARED = (0, 90, 200, 255)
SENTENCE = (255, 220, 0, 90)


class PagePictures:
    """Renders each page once and crops the regions findings cite."""

    def __init__(self):
        self._pages: dict[tuple[str, int], Image.Image | None] = {}

    def regions(self, evidence: list[dict], sources: dict[str, str]) -> list[dict]:
        """One picture per PDF page the evidence has boxes on: {source, page, uri}; `sources`
        gives each document's file."""
        by_page: dict[tuple[str, int], list[dict]] = {}
        for item in evidence:
            source = sources.get(item["document"]) or ""
            if item["boxes"] and item["page"] and source.lower().endswith(".pdf"):
                by_page.setdefault((source, item["page"]), []).append(item)
        pictures = []
        for (source, page), items in by_page.items():
            image = self._page(source, page)
            if image is not None:
                pictures.append({"source": source, "page": page, "uri": _data_uri(_region(image, items))})
        return pictures

    def _page(self, source: str, page: int) -> Image.Image | None:
        key = (source, page)
        if key not in self._pages:
            self._pages[key] = _render(Path(source), page)
        return self._pages[key]


def _render(path: Path, page: int) -> Image.Image | None:
    if not path.is_file():
        return None
    try:
        document = pdfium.PdfDocument(str(path))
        try:
            if not 0 < page <= len(document):
                return None
            return document[page - 1].render(scale=SCALE).to_pil().convert("RGB")
        finally:
            document.close()
    except pdfium.PdfiumError:
        return None


def _region(image: Image.Image, items: list[dict]) -> Image.Image:
    """The full width of the page between the highest and the lowest cited box (with a margin),
    each figure and cell boxed (the focus red, the values it was compared with blue) and each
    sentence's lines shaded."""
    boxes = [b for item in items for b in item["boxes"]]
    top = max(0, int((min(b[1] for b in boxes) - MARGIN) * SCALE))
    bottom = min(image.height, int((max(b[3] for b in boxes) + MARGIN) * SCALE))
    region = image.crop((0, top, image.width, bottom)).convert("RGBA")
    shade = Image.new("RGBA", region.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shade)
    for item in (i for i in items if i["kind"] == "sentence"):
        for b in item["boxes"]:
            draw.rectangle(_pixels(b, top), fill=SENTENCE)
    region = Image.alpha_composite(region, shade)
    draw = ImageDraw.Draw(region)
    for item in (i for i in items if i["kind"] != "sentence"):
        colour = FOCUS if item["role"] == "focus" else COMPARED
        for b in item["boxes"]:
            x0, y0, x1, y1 = _pixels(b, top)
            draw.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), outline=colour, width=3)
    return region.convert("RGB")


def _pixels(box: list[float], top: int) -> tuple[int, int, int, int]:
    return (int(box[0] * SCALE), int(box[1] * SCALE) - top, int(box[2] * SCALE), int(box[3] * SCALE) - top)


def _data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
