"""A demo document as a PDF disclosure, set the way published ones are: a cover page, each table
on its own page (landscape when wide) as a ruled grid with spanning header cells, wrapped names
and continuation on further pages, the narrative with indented first lines, page numbers.

Chinese is set in reportlab's built-in CID font STSong-Light (no font file needed); figures are
set in Times-Roman, in the narrative on a slightly lower baseline, as many published PDFs do.
"""

from __future__ import annotations

import io
import re

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from .document import DemoDocument, HeaderCell, Paragraph, Table

CJK, LATIN = "STSong-Light", "Times-Roman"
PORTRAIT, LANDSCAPE = A4, landscape(A4)
MARGIN = 56.0
BODY_SIZE, HEADING_SIZE, TABLE_SIZE, TITLE_SIZE, COVER_SIZE = 11.0, 12.0, 9.0, 15.0, 24.0
LEADING = 1.6  # line height in font sizes
PAD = 3.0  # cell padding, points
NAME_CAP = 10.0  # widest a name column grows before its text wraps, in font sizes
NARROW = 3.0  # narrowest column, in font sizes
WIDE_TABLE = 6  # tables with more columns go on a landscape page
FIGURE_DROP = 1.0  # narrative figures sit this much below the Chinese baseline, points
_FIGURES = re.compile(r"[0-9][0-9.,%]*")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")

pdfmetrics.registerFont(UnicodeCIDFont(CJK))


def render_pdf(document: DemoDocument) -> bytes:
    buffer = io.BytesIO()
    writer = _Writer(Canvas(buffer, pagesize=PORTRAIT, pageCompression=1, invariant=1))
    writer.cover(document.cover)
    if document.overview:
        writer.new_page(PORTRAIT)
        writer.paragraphs(document.overview)
    for index, table in enumerate(document.tables):
        writer.table(table, document.tables_heading if index == 0 else [])
    writer.new_page(PORTRAIT)
    writer.paragraphs(document.narrative)
    writer.finish()
    return buffer.getvalue()


def _runs(text: str) -> list[tuple[str, str]]:
    """(text, font) runs: figures in the Latin font, the rest in the CJK font."""
    runs, at = [], 0
    for match in _FIGURES.finditer(text):
        if match.start() > at:
            runs.append((text[at:match.start()], CJK))
        runs.append((match.group(), LATIN))
        at = match.end()
    if at < len(text):
        runs.append((text[at:], CJK))
    return runs


def text_width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size) for run, font in _runs(text))


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Greedy line breaking between characters, never inside a figure."""
    lines, current = [], ""
    for token in re.findall(r"[0-9][0-9.,%]*|\S|\s", text):
        room = width - (indent if not lines else 0.0)
        if current and text_width(current + token, size) > room:
            lines.append(current)
            current = token.lstrip()
        else:
            current += token
    return lines + [current] if current or not lines else lines


class _Writer:
    """Draws top down with a cursor `top` measured from the top of the page (as pdfplumber
    reports positions)."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.size = PORTRAIT
        self.top = MARGIN
        self.page = 0

    @property
    def bottom(self) -> float:
        return self.size[1] - MARGIN

    @property
    def line_width(self) -> float:
        return self.size[0] - 2 * MARGIN

    def new_page(self, size) -> None:
        if self.page:
            self._page_number()
            self.canvas.showPage()
        self.page += 1
        self.size = size
        self.canvas.setPageSize(size)
        self.top = MARGIN

    def finish(self) -> None:
        self._page_number()
        self.canvas.showPage()
        self.canvas.save()

    def _page_number(self) -> None:
        if self.page > 1:
            self.draw(f"- {self.page - 1} -", self.size[0] / 2, self.size[1] - MARGIN / 2, 9.0, "center")

    def draw(self, text: str, x: float, top: float, size: float, align: str = "left", drop: float = 0.0) -> None:
        """One line of text whose glyph box starts at `top`."""
        if align == "center":
            x -= text_width(text, size) / 2
        elif align == "right":
            x -= text_width(text, size)
        baseline = self.size[1] - top - size * 0.88
        for run, font in _runs(text):
            self.canvas.setFont(font, size)
            self.canvas.drawString(x, baseline - (drop if font == LATIN else 0.0), run)
            x += pdfmetrics.stringWidth(run, font, size)

    def cover(self, lines: list[str]) -> None:
        self.new_page(PORTRAIT)
        self.top = self.size[1] * 0.3
        for line in lines:
            self.draw(line, self.size[0] / 2, self.top, COVER_SIZE, "center")
            self.top += COVER_SIZE * 2

    def paragraphs(self, paragraphs: list[Paragraph]) -> None:
        for paragraph in paragraphs:
            if paragraph.heading:
                self._heading(paragraph.text)
            else:
                self._body(paragraph.text)

    def _heading(self, text: str) -> None:
        centred = _PART_HEADING.match(text) or not re.match(r"^[一二三四五六七八九十（(]", text)
        lines = wrap(text, self.line_width, HEADING_SIZE)
        self._room(len(lines) * HEADING_SIZE * LEADING + HEADING_SIZE * 2)
        self.top += HEADING_SIZE * 0.6
        for line in lines:
            x = self.size[0] / 2 if centred else MARGIN
            self.draw(line, x, self.top, HEADING_SIZE, "center" if centred else "left")
            self.top += HEADING_SIZE * LEADING

    def _body(self, text: str) -> None:
        indent = 2 * BODY_SIZE
        for number, line in enumerate(wrap(text, self.line_width, BODY_SIZE, indent)):
            self._room(BODY_SIZE * LEADING)
            self.draw(line, MARGIN + (indent if number == 0 else 0.0), self.top, BODY_SIZE, drop=FIGURE_DROP)
            self.top += BODY_SIZE * LEADING

    def _room(self, height: float) -> None:
        if self.top + height > self.bottom:
            self.new_page(self.size)

    def table(self, table: Table, heading: list[str]) -> None:
        self.new_page(LANDSCAPE if table.width > WIDE_TABLE else PORTRAIT)
        for line in heading:
            self.draw(line, self.size[0] / 2, self.top, TITLE_SIZE + 3, "center")
            self.top += (TITLE_SIZE + 3) * 2
        self.draw(table.title, self.size[0] / 2, self.top, TITLE_SIZE, "center")
        self.top += TITLE_SIZE * 2
        if table.number:
            self.draw(table.number, self.size[0] - MARGIN, self.top, TABLE_SIZE, "right")
            self.top += TABLE_SIZE * LEADING
        for caption in table.captions:
            self.draw(caption, MARGIN, self.top, TABLE_SIZE)
            self.top += TABLE_SIZE * LEADING
        self.draw(table.unit_line, self.size[0] - MARGIN, self.top, TABLE_SIZE, "right")
        self.top += TABLE_SIZE * LEADING
        widths = column_widths(table, self.line_width)
        self._header(table, widths)
        for row in table.body:
            self._body_row(row, widths)
        if table.note:
            self.top += TABLE_SIZE
            for line in wrap(table.note, self.line_width, TABLE_SIZE):
                self._room(TABLE_SIZE * LEADING)
                self.draw(line, MARGIN, self.top, TABLE_SIZE)
                self.top += TABLE_SIZE * LEADING

    def _header(self, table: Table, widths: list[float]) -> None:
        placed = table.placed_header()
        heights = _header_heights(placed, len(table.header), widths)
        for cell, r, c in placed:
            x, width = MARGIN + sum(widths[:c]), sum(widths[c:c + cell.cols])
            top, height = self.top + sum(heights[:r]), sum(heights[r:r + cell.rows])
            self._cell(_header_text(cell), x, top, width, height, "center")
        self.top += sum(heights)

    def _body_row(self, row, widths: list[float]) -> None:
        lines = [wrap(cell.text, width - 2 * PAD, TABLE_SIZE) for cell, width in zip(row, widths)]
        height = max(len(cell_lines) for cell_lines in lines) * TABLE_SIZE * LEADING + PAD
        self._room(height)
        x = MARGIN
        for cell, width in zip(row, widths):
            align = "right" if cell.is_amount else "left"
            self._cell(cell.text, x, self.top, width, height, align)
            x += width
        self.top += height

    def _cell(self, text: str, x: float, top: float, width: float, height: float, align: str) -> None:
        self.canvas.rect(x, self.size[1] - top - height, width, height, stroke=1, fill=0)
        lines = wrap(text, width - 2 * PAD, TABLE_SIZE) if text else []
        line_top = top + (height - len(lines) * TABLE_SIZE * LEADING) / 2 + TABLE_SIZE * (LEADING - 1) / 2
        anchor = {"left": x + PAD, "center": x + width / 2, "right": x + width - PAD}[align]
        for line in lines:
            self.draw(line, anchor, line_top, TABLE_SIZE, align)
            line_top += TABLE_SIZE * LEADING


def _header_text(cell: HeaderCell) -> str:
    """Header texts carry spaces where the text layout wrapped them; on paper the cell wraps."""
    return cell.text.replace(" ", "")


def _header_heights(placed: list[tuple[HeaderCell, int, int]], rows: int, widths: list[float]) -> list[float]:
    """Each header row as high as its tallest one-row cell; a cell spanning rows stretches the
    last of them if it needs more."""
    line = TABLE_SIZE * LEADING
    heights = [line + PAD] * rows
    needs = []
    for cell, r, c in placed:
        width = sum(widths[c:c + cell.cols]) - 2 * PAD
        need = len(wrap(_header_text(cell), width, TABLE_SIZE)) * line + PAD
        needs.append((cell, r, need))
    for cell, r, need in needs:
        if cell.rows == 1:
            heights[r] = max(heights[r], need)
    for cell, r, need in needs:
        short = need - sum(heights[r:r + cell.rows])
        if cell.rows > 1 and short > 0:
            heights[r + cell.rows - 1] += short
    return heights


def column_widths(table: Table, available: float) -> list[float]:
    """Names wrap beyond NAME_CAP; figures never wrap and take the width left over, so the
    table fills the width available."""
    natural = [NARROW * TABLE_SIZE] * table.width
    figures = [False] * table.width
    for row in table.body:
        for c, cell in enumerate(row):
            need = text_width(cell.text, TABLE_SIZE) + 2 * PAD
            if cell.is_amount:
                figures[c] = True
            else:
                need = min(need, NAME_CAP * TABLE_SIZE)
            natural[c] = max(natural[c], need)
    growing = figures if any(figures) else [True] * table.width
    fixed = sum(w for w, grows in zip(natural, growing) if not grows)
    if fixed >= available:
        return [w * available / sum(natural) for w in natural]
    scale = (available - fixed) / sum(w for w, grows in zip(natural, growing) if grows)
    return [w * scale if grows else w for w, grows in zip(natural, growing)]
