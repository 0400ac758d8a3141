"""Reading PDF disclosures with pdfplumber: lines built from characters, ruled tables as cell
grids with their spans, paragraphs joined across line and page breaks."""

from __future__ import annotations

import bisect
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer import settings
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import DamagedPdf, EncryptedPdf, NoTextLayer, NotAPdf
from .layout import ends_sentence, group_lines, line_text, starts_item
from .model import BBox, Cell, Grid, Location, Page, PageIssue, Paragraph, TextLine

_SNAP = 2.0  # ruling lines closer than this (points) are the same grid line


def read_pdf(path: Path) -> tuple[list[Page], list[Paragraph]]:
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise NotAPdf(path)
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_read_page_or_damage(page, number) for number, page in enumerate(pdf.pages, 1)]
        _drop_repeated_boxes(pages)
        _mark_blank_pages(pages)
    except PdfminerException as error:
        raise _pdf_error(path, error.args[0] if error.args else error) from error
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise EncryptedPdf(path) from error
    except Exception as error:  # pdfminer raises many kinds of parse errors on broken files
        raise DamagedPdf(path, type(error).__name__) from error
    damage = [issue.text for page in pages for issue in page.issues if issue.kind == "damaged-page"]
    if pages and len(damage) == len(pages):
        raise DamagedPdf(path, damage[0])
    if not any(page.blocks for page in pages):
        raise NoTextLayer(path, f"{len(pages)} pages, no characters")
    return pages, build_paragraphs(pages)


def _pdf_error(path: Path, cause: object) -> Exception:
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedPdf(path)
    return DamagedPdf(path, type(cause).__name__ if isinstance(cause, Exception) else str(cause))


def _read_page_or_damage(page, number: int) -> Page:
    """The page read; a page that cannot be (pdfminer fails on it, or a content stream of it does
    not decode whole) is kept without content, with its damage and the reason (rule C-14), so
    that the other pages are still read and nothing is taken from a page half read."""
    reason = _content_damage(page)
    if reason is None:
        try:
            return _read_page(page, number)
        except Exception as error:  # pdfminer raises many kinds of parse errors on broken pages
            reason = _first_line(error)
    return Page(number, float(page.width), float(page.height), [], [PageIssue("damaged-page", number, 0, reason)])


def _content_damage(page) -> str | None:
    """Why a content stream of the page does not decode whole, or None: pdfminer reads a broken
    stream as far as it goes, or as empty, and says nothing (unless STRICT)."""
    for index, reference in enumerate(page.page_obj.contents, 1):
        try:
            with _strict():
                resolve1(reference).get_data()
        except Exception as error:
            return f"content stream {index}: {_first_line(error.__cause__ or error)}"
    return None


@contextmanager
def _strict():
    before, settings.STRICT = settings.STRICT, True
    try:
        yield
    finally:
        settings.STRICT = before


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0][:200]}" if text else type(error).__name__


def _read_page(page, number: int) -> Page:
    printed = [c for c in page.chars if c["text"].strip() or c["text"] == " "]
    chars = [c for c in printed if _on_page(c, page)]
    issues = []
    hidden = [c for c in printed if not _on_page(c, page) and c["text"].strip()]
    if hidden:
        above = any((c["top"] + c["bottom"]) / 2 < 0 for c in hidden)
        issues.append(PageIssue("hidden-text", number, len(hidden), "".join(c["text"] for c in hidden[:40]), above))
    if not printed and not (page.lines or page.rects or page.curves or page.images):
        issues.append(PageIssue("blank-page", number, 0))  # no ink at all
    page = _visible(page)
    grids = []
    in_cells: set[int] = set()
    if page.lines or page.rects:
        for table in _tables(page):
            grid, members = _grid(table, chars, number)
            if not grid.is_blank():
                grids.append(grid)
                in_cells |= members
    outside = [c for c in chars if id(c) not in in_cells]
    lines = [
        TextLine(
            text=line_text(group),
            location=Location(number, _char_box(group)),
            size=Counter(round(c["size"], 1) for c in group).most_common(1)[0][0],
        )
        for group in group_lines(outside)
    ]
    lines = [line for line in lines if line.text]
    blocks = sorted(lines + grids, key=lambda b: _reading_position(b, grids))
    return Page(number, float(page.width), float(page.height), blocks, issues)


def _on_page(ch: dict, page) -> bool:
    """A character whose centre lies inside the page box: the rest is never seen (a text box
    that runs on over a page break is printed whole on both pages, shifted off the page)."""
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return 0 <= cx <= float(page.width) and 0 <= cy <= float(page.height)


def _drop_repeated_boxes(pages: list[Page]) -> None:
    """A text box spanning a page break is printed whole on page n (clipped at its foot) and again
    on page n+1 (shifted up, its head off the page). The lines page n+1 shows again are dropped
    from page n, so that every sentence is read once, from the page that continues it."""
    for page, following in zip(pages, pages[1:]):
        hidden = next((issue for issue in following.issues if issue.kind == "hidden-text" and issue.above), None)
        if hidden is None:
            continue
        again = {b.text for b in following.blocks if isinstance(b, TextLine)}
        lines = [b for b in page.blocks if isinstance(b, TextLine)]
        first = next((i for i, line in enumerate(lines) if line.text in again), None)
        if first is None:
            continue
        repeated = [line for line in lines[first:] if line.text in again]
        page.blocks = [b for b in page.blocks if not any(b is line for line in repeated)]
        # one finding for the box: its copy hidden above page n+1 (the lines dropped from page n)
        following.issues[following.issues.index(hidden)] = PageIssue(
            "repeated-text", following.number, hidden.count, hidden.text, above=True)


def _mark_blank_pages(pages: list[Page]) -> None:
    """Blank pages count inside the disclosure only: a trailing blank page is not reported."""
    for page in reversed(pages):
        blank = [i for i in page.issues if i.kind == "blank-page"]
        if not blank:
            return
        page.issues = [i for i in page.issues if i.kind != "blank-page"]


def _reading_position(block, grids: list[Grid]) -> tuple[float, int]:
    """Top to bottom; a line inside a table's frame but in none of its cells (a table number
    where the grid has no cell) reads just before the table."""
    if isinstance(block, TextLine):
        box = block.location.bbox
        holder = next((g for g in grids if _inside(box, g.location.bbox)), None)
        return (holder.location.bbox.top, 0) if holder else (box.top, 0)
    return (block.location.bbox.top, 1)


def _inside(inner: BBox, outer: BBox) -> bool:
    cx, cy = (inner.x0 + inner.x1) / 2, (inner.top + inner.bottom) / 2
    return outer.x0 <= cx <= outer.x1 and outer.top <= cy <= outer.bottom


# Word draws each cell's border on its own, a few points off its neighbours': columns then split
# into slivers that cut through figures ("2,388.0" | "4"). Such pages are read again with the
# vertical lines snapped over a wider distance.
_SLIVER = 6.0
_WIDE_X = {"snap_x_tolerance": _SLIVER, "join_x_tolerance": _SLIVER, "intersection_x_tolerance": _SLIVER}


def _tables(page):
    tables = page.find_tables()
    if any(_has_slivers(table) for table in tables):
        return page.find_tables(_WIDE_X)
    return tables


def _has_slivers(table) -> bool:
    xs = _snap([x for cell in table.cells for x in (cell[0], cell[2])])
    return any(b - a < _SLIVER for a, b in zip(xs, xs[1:]))


def _visible(page):
    """The page cut to its visible box, for its ruling: a table embedded beyond the page edge
    is not printed there, so its grid ends at the edge (its characters are dropped above)."""
    x0, top, x1, bottom = page.bbox
    objects = page.chars + page.rects + page.lines
    if all(o["x0"] >= x0 - 1 and o["x1"] <= x1 + 1 and o["top"] >= top - 1 and o["bottom"] <= bottom + 1 for o in objects):
        return page
    return page.crop(page.bbox)


def _char_box(chars: list[dict]) -> BBox:
    return BBox(
        min(c["x0"] for c in chars),
        min(c["top"] for c in chars),
        max(c["x1"] for c in chars),
        max(c["bottom"] for c in chars),
    )


def _snap(values: list[float]) -> list[float]:
    snapped: list[float] = []
    for value in sorted(values):
        if not snapped or value - snapped[-1] > _SNAP:
            snapped.append(value)
    return snapped


def _nearest(grid_lines: list[float], value: float) -> int:
    return min(range(len(grid_lines)), key=lambda i: abs(grid_lines[i] - value))


def _grid(table, chars: list[dict], page_number: int) -> tuple[Grid, set[int]]:
    """The grid of a table found by pdfplumber, and the ids of the chars in its cells."""
    boxes = [BBox(*cell) for cell in table.cells]
    xs = _snap([b.x0 for b in boxes] + [b.x1 for b in boxes])
    ys = _snap([b.top for b in boxes] + [b.bottom for b in boxes])
    at: dict[tuple[int, int], Cell] = {}
    members: dict[int, list[dict]] = {}
    cells: list[Cell] = []
    for box in boxes:
        cell = Cell(
            "",
            Location(page_number, box),
            row=_nearest(ys, box.top),
            col=_nearest(xs, box.x0),
            row_end=_nearest(ys, box.bottom),
            col_end=_nearest(xs, box.x1),
        )
        cells.append(cell)
        members[id(cell)] = []
        for r in range(cell.row, cell.row_end):
            for c in range(cell.col, cell.col_end):
                at[(r, c)] = cell
    for word in _figure_runs(chars):
        cx = (word[0]["x0"] + word[-1]["x1"]) / 2
        cy = (word[0]["top"] + word[0]["bottom"]) / 2
        r, c = bisect.bisect(ys, cy) - 1, bisect.bisect(xs, cx) - 1
        cell = at.get((r, c))
        if cell is not None:
            members[id(cell)].extend(word)
    for cell in cells:
        cell.text = "\n".join(line_text(group) for group in group_lines(members[id(cell)]))
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    rows = [
        [at.get((r, c)) or Cell("", Location(page_number, None), r, c, r + 1, c + 1) for c in range(n_cols)]
        for r in range(n_rows)
    ]
    rows = _merge_sub_rows(rows)
    bbox = BBox(*table.bbox)
    placed = {id(ch) for group in members.values() for ch in group}
    return Grid(rows, Location(page_number, bbox), ruled=True, edges=xs), placed


def _figure_runs(chars: list[dict]) -> list[list[dict]]:
    """Chars in runs placed as one: the digits of a figure set close together stay in one cell
    even where a column line drawn a few points off cuts through them ("3,660.3" | "8")."""
    runs: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        last = runs[-1][-1] if runs else None
        if (last is not None and ch["text"] in _FIGURE_CHARS and last["text"] in _FIGURE_CHARS
                and abs(ch["top"] - last["top"]) < 1 and -0.5 < ch["x0"] - last["x1"] < 1.0):
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


_FIGURE_CHARS = set("0123456789.,-%")


def _merge_sub_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Word tables draw one printed row as several grid rows (the label cell spans them, the
    figure sits in one): such rows are one row. Two grid rows are merged when a cell with text
    spans both and no column holds two different cells with text."""
    merged: list[list[Cell]] = []
    for row in rows:
        above = merged[-1] if merged else None
        if above is not None and _sub_rows(above, row):
            merged[-1] = [a if a is b or a.text.strip() or not b.text.strip() else b for a, b in zip(above, row)]
        else:
            merged.append(list(row))
    return merged


def _sub_rows(above: list[Cell], row: list[Cell]) -> bool:
    shared = any(a is b and a.text.strip() for a, b in zip(above, row))
    clash = any(a is not b and a.text.strip() and b.text.strip() for a, b in zip(above, row))
    return shared and not clash


def build_paragraphs(pages: list[Page]) -> list[Paragraph]:
    """Join lines into paragraphs, also across a page break; a table between two lines ends the
    paragraph."""
    margins = _margins(pages)
    paragraphs: list[Paragraph] = []
    previous: TextLine | None = None
    for page in pages:
        left, right = _page_margins(page) or margins.get(round(page.width), (0.0, page.width))
        body = [b for b in page.blocks if not _is_page_number(b, page)]
        for block in body:
            if not isinstance(block, TextLine):
                previous = None
                continue
            if previous is not None and _continues(previous, block, left, right):
                last = paragraphs[-1]
                last.text += block.text
                if block.location.page not in last.pages:
                    last.pages.append(block.location.page)
            else:
                paragraphs.append(Paragraph(block.text, block.location, [block.location.page]))
            previous = block
    return paragraphs


def _margins(pages: list[Page]) -> dict[int, tuple[float, float]]:
    """Left and right text margins for each page width (portrait and landscape differ)."""
    lefts: dict[int, Counter] = {}
    rights: dict[int, Counter] = {}
    for page in pages:
        key = round(page.width)
        for block in page.blocks:
            if isinstance(block, TextLine) and len(block.text) > 10:
                lefts.setdefault(key, Counter())[round(block.location.bbox.x0)] += 1
                rights.setdefault(key, Counter())[round(block.location.bbox.x1)] += 1
    return {key: (min(_frequent(lefts[key])), max(_frequent(rights[key]))) for key in lefts}


_OWN_MARGIN_LINES = 8  # a page with this many long lines has margins of its own


def _page_margins(page: Page) -> tuple[float, float] | None:
    """The page's own text margins, where it has enough prose to tell: documents assembled from
    several sources set some pages with other margins than the rest."""
    long_lines = [b for b in page.blocks if isinstance(b, TextLine) and len(b.text) > 10]
    if len(long_lines) < _OWN_MARGIN_LINES:
        return None
    lefts = Counter(round(b.location.bbox.x0) for b in long_lines)
    rights = Counter(round(b.location.bbox.x1) for b in long_lines)
    return min(_frequent(lefts)), max(_frequent(rights))


def _frequent(counts: Counter) -> list[float]:
    """Positions seen at least a quarter as often as the commonest one (ignores odd lines)."""
    top = counts.most_common(1)[0][1]
    return [float(x) for x, n in counts.items() if n * 4 >= top]


def _continues(above: TextLine, line: TextLine, left: float, right: float) -> bool:
    """Chinese paragraphs indent their first line; a line at the margin goes on with the one
    above unless that one closed a sentence well short of the right margin."""
    if starts_item(line.text):
        return False
    size = line.size or 12.0
    if line.location.bbox.x0 > left + size * 1.2:
        return False
    if above.location.page == line.location.page:
        if line.location.bbox.top - above.location.bbox.bottom > size * 2.0:
            return False
    if above.location.bbox.x1 >= right - size * 4:
        return True
    # A short line that opens an item is a heading, whatever its punctuation.
    return not ends_sentence(above.text) and not starts_item(above.text)


def _is_page_number(block, page: Page) -> bool:
    if not isinstance(block, TextLine):
        return False
    text = block.text.replace(" ", "").strip("-—－–─·")  # ─ 7 ─, - 7 -, — 7 —
    return text.isdigit() and block.location.bbox.top > page.height * 0.85
