"""Reading disclosures converted to plain text: tables as tab-separated rows, paragraphs
separated by blank lines, page breaks left as blank lines inside a sentence."""

from __future__ import annotations

from .layout import ends_sentence, starts_item, without_item_marker
from .model import Cell, Grid, Location, Page, Paragraph, TextLine

# Prose this long that stops without closing punctuation was cut by a page break.
_WRAPPED_LENGTH = 20


def read_text(text: str) -> tuple[list[Page], list[Paragraph]]:
    lines = text.splitlines()
    blocks: list = []
    pending_rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(lines, 1):
        if "\t" in raw:
            pending_rows.append((number, raw.split("\t")))
            continue
        if not raw.strip():
            continue  # a blank line inside a table is a page break, not its end
        if pending_rows:
            blocks.append(_grid(pending_rows))
            pending_rows = []
        blocks.append(TextLine(raw.strip(), Location(line=number)))
    if pending_rows:
        blocks.append(_grid(pending_rows))
    return [Page(None, blocks=blocks)], _paragraphs(lines)


def _grid(numbered_rows: list[tuple[int, list[str]]]) -> Grid:
    width = max(len(cells) for _, cells in numbered_rows)
    rows = []
    for r, (number, cells) in enumerate(numbered_rows):
        padded = cells + [""] * (width - len(cells))
        rows.append([Cell(t.strip(), Location(line=number), r, c, r + 1, c + 1) for c, t in enumerate(padded)])
    return Grid(rows, Location(line=numbered_rows[0][0]), ruled=False)


def _paragraphs(lines: list[str]) -> list[Paragraph]:
    """Blank-line-separated chunks, each joined to the one before when that one was cut by a
    page break (long, no closing punctuation) and no table stands between them."""
    paragraphs: list[Paragraph] = []
    previous_was_text = False
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if "\t" in raw:
            previous_was_text = False
            continue
        if not text:
            continue
        if (
            previous_was_text
            and paragraphs
            and _cut_by_page_break(paragraphs[-1].text)
            and not starts_item(text)
        ):
            paragraphs[-1].text += text
        else:
            paragraphs.append(Paragraph(text, Location(line=number)))
        previous_was_text = True
    return paragraphs


def _cut_by_page_break(text: str) -> bool:
    """Prose (it has clause punctuation; titles have none) that stops mid-sentence."""
    is_prose = any(mark in without_item_marker(text) for mark in "，,。；、")
    return is_prose and len(text) >= _WRAPPED_LENGTH and not ends_sentence(text)
