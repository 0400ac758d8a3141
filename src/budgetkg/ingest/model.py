"""The document model: what ingestion produces and recognition reads.

A document is a list of pages; a page holds its content as blocks in reading order, each block
a text line or a table (a grid of cells). Paragraphs are built over the whole document, because
a sentence may run on across a page break. Every piece keeps where it came from: the page and
the bounding box for PDF, the line number for text files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class BBox:
    """A rectangle in PDF points, origin at the top left of the page (pdfplumber's convention)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]


@dataclass(frozen=True)
class Location:
    """Where a piece of text sits in its source: page and box (PDF) or line (text). `file` is
    the sha256 of the file when a disclosure is published in several files (page numbers
    restart in each); None for a disclosure of one file."""

    page: int | None = None
    bbox: BBox | None = None
    line: int | None = None
    file: str | None = None

    def as_dict(self) -> dict:
        found = {
            "page": self.page,
            "bbox": self.bbox.as_list() if self.bbox else None,
            "line": self.line,
        }
        if self.file is not None:
            found["file"] = self.file
        return found


@dataclass
class TextLine:
    text: str
    location: Location
    size: float = 0.0  # font size, 0 for text files


@dataclass
class Cell:
    """One cell of a grid. A spanning cell covers rows row..row_end-1 and cols col..col_end-1."""

    text: str
    location: Location
    row: int
    col: int
    row_end: int
    col_end: int

    @property
    def spans(self) -> bool:
        return self.row_end - self.row > 1 or self.col_end - self.col > 1


@dataclass
class Grid:
    """A table as printed: rows × columns of cells; a spanning cell appears at every position it
    covers. `ruled` tells whether spans were read from the ruling lines (PDF) or are unknown
    (text, where an empty cell may continue its left neighbour's header)."""

    rows: list[list[Cell]]
    location: Location
    ruled: bool
    edges: list[float] = field(default_factory=list)  # x of the column lines (ruled grids)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def is_blank(self) -> bool:
        return all(not c.text.strip() for row in self.rows for c in row)


Block = Union[TextLine, Grid]


@dataclass
class PageIssue:
    """Text the reader set aside (C-14): characters outside the visible page, or lines of a text
    box that the next page prints again. `text` is the start of what was set aside. Or a page
    that could not be read at all (C-14); `text` says why."""

    kind: str  # hidden-text | repeated-text | blank-page | damaged-page
    page: int
    count: int  # characters or lines
    text: str = ""
    above: bool = False  # hidden text above the page's top edge: the foot of a box begun on the page before


@dataclass
class Page:
    number: int | None
    width: float = 0.0
    height: float = 0.0
    blocks: list[Block] = field(default_factory=list)
    issues: list[PageIssue] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    location: Location  # where it starts
    pages: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class SourceFile:
    source: str  # the path as given
    sha256: str


@dataclass
class Document:
    """One disclosure's pages. A disclosure published as several files (a narrative PDF and a
    tables PDF) is one Document whose `files` lists them, first the one named by source/sha256."""

    source: str
    sha256: str
    media_type: str  # "application/pdf" or "text/plain"
    pages: list[Page]
    paragraphs: list[Paragraph]
    files: list[SourceFile] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.files:
            self.files = [SourceFile(self.source, self.sha256)]

    def lines(self) -> list[TextLine]:
        return [b for p in self.pages for b in p.blocks if isinstance(b, TextLine)]

    def grids(self) -> list[Grid]:
        return [b for p in self.pages for b in p.blocks if isinstance(b, Grid)]

    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]

    def issues(self) -> list[PageIssue]:
        return [issue for p in self.pages for issue in p.issues]
