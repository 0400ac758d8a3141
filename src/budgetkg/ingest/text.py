"""Reading disclosures converted to plain text: tables as tab-separated rows, paragraphs
separated by blank lines, page breaks left as blank lines inside a sentence."""

from __future__ import annotations

from .layout import ends_sentence, starts_item
from .model import Cell, Grid, Location, Page, Paragraph, TextLine

# A paragraph this long that stops without closing punctuation was cut by a page break.
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
    paragraphs: list[Paragraph] = []
    current: list[tuple[int, str]] = []

    def close() -> None:
        if current:
            paragraphs.append(Paragraph("".join(t for _, t in current), Location(line=current[0][0])))
            current.clear()

    joinable = False
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if "\t" in raw:
            close()
            joinable = False
            continue
        if not text:
            last = paragraphs[-1].text if not current else "".join(t for _, t in current)
            joinable = bool(current) and _cut_by_page_break(last)
            if not joinable:
                close()
            continue
        if current and joinable and starts_item(text):
            close()
        current.append((number, text))
        joinable = False
    close()
    return paragraphs


def _cut_by_page_break(text: str) -> bool:
    return len(text) >= _WRAPPED_LENGTH and not ends_sentence(text) and not starts_item(text)
