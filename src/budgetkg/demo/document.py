"""A demo disclosure before it is rendered: cover, tables and narrative as plain data, the same
for every output format (text, PDF) and built by one builder per layout.

Every body cell says which row and which column it belongs to, and the narrative is a list of
paragraphs made of sentences, so a cell or a sentence can be found and edited before rendering:

    document.table("T3").cell("2010601", "basic").text = "1.00"
    document.narrative[3].sentences[0] = "..."  # document.sentences() lists (paragraph, sentence, text)

Row keys: the classification code of a coded row, else the row label as printed without white
space; a sub-row repeated under a summary row (the funds under 年初财政拨款结转和结余) is keyed
"summary label/sub-row label". Column keys: the column concept of the profiles (total, basic,
amount, budget ...), prefixed by the side in two-sided tables (income.amount, expense.total);
label, code and line cells use label, code (code.类/code.款/code.项 when split) and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SENTENCE = re.compile(r"(?<=。)")
_STRUCTURAL = {"label", "line", "name", "code"}


@dataclass
class HeaderCell:
    """A header cell covering `rows` × `cols` positions of the grid, from its top left one."""

    text: str
    cols: int = 1
    rows: int = 1


@dataclass
class Cell:
    text: str
    row: str | None = None
    column: str | None = None

    @property
    def is_amount(self) -> bool:
        return self.column is not None and not _STRUCTURAL & set(self.column.split("."))


@dataclass
class Table:
    role: str  # T1..T9
    title: str
    number: str | None  # as printed, e.g. "公开 01 表"; None where the layout does not number
    unit_line: str  # e.g. "单位：万元"
    captions: list[str]  # further lines above the grid, e.g. "部门：某区档案局"
    header: list[list[HeaderCell]]  # rows of header cells, positions covered by a span omitted
    body: list[list[Cell]]
    note: str | None = None

    @property
    def width(self) -> int:
        return sum(c.cols for c in self.header[0])

    def placed_header(self) -> list[tuple[HeaderCell, int, int]]:
        """Each header cell with the grid row and column of its top left position."""
        covered: set[tuple[int, int]] = set()
        placed = []
        for r, cells in enumerate(self.header):
            c = 0
            for cell in cells:
                while (r, c) in covered:
                    c += 1
                placed.append((cell, r, c))
                covered.update((r + dr, c + dc) for dr in range(cell.rows) for dc in range(cell.cols))
                c += cell.cols
        return placed

    def cell(self, row: str, column: str) -> Cell:
        found = [c for printed in self.body for c in printed if c.row == row and c.column == column]
        if len(found) != 1:
            raise KeyError(f"{self.role}: {len(found)} cells at row {row!r}, column {column!r}")
        return found[0]

    def amount_cells(self) -> list[Cell]:
        return [c for printed in self.body for c in printed if c.is_amount and c.row is not None]


@dataclass
class Paragraph:
    sentences: list[str]
    heading: bool = False

    @classmethod
    def of(cls, text: str, heading: bool = False) -> "Paragraph":
        return cls([s for s in _SENTENCE.split(text) if s], heading)

    @property
    def text(self) -> str:
        return "".join(self.sentences)


@dataclass
class DemoDocument:
    layout: str  # national-2020 | shanghai-2024
    unit: str
    year: int
    cover: list[str]
    overview: list[Paragraph]  # the 概况 part before the tables, where the layout has one
    tables_heading: list[str]
    tables: list[Table]
    narrative: list[Paragraph] = field(default_factory=list)

    def table(self, role: str) -> Table:
        for table in self.tables:
            if table.role == role:
                return table
        raise KeyError(f"no table {role}")

    def sentences(self) -> list[tuple[int, int, str]]:
        """(paragraph index, sentence index, sentence) of the narrative, headings included."""
        return [(p, s, sentence) for p, paragraph in enumerate(self.narrative)
                for s, sentence in enumerate(paragraph.sentences)]
