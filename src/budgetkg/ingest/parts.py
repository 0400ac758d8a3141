"""One disclosure published as several files (a narrative PDF and a tables PDF): their documents
joined into one, every location keeping its own file, since page numbers restart in each."""

from __future__ import annotations

from dataclasses import replace

from .model import Cell, Document, Grid, Location, Page, Paragraph


def join_documents(documents: list[Document]) -> Document:
    """The documents as one, in the order given; each location names its file's sha256."""
    pages: list[Page] = []
    paragraphs: list[Paragraph] = []
    for document in documents:
        pages += [_tag_page(page, document.sha256) for page in document.pages]
        paragraphs += [replace(p, location=_tag(p.location, document.sha256)) for p in document.paragraphs]
    first = documents[0]
    return Document(first.source, first.sha256, first.media_type, pages, paragraphs,
                    [f for d in documents for f in d.files])


def _tag(location: Location, sha256: str) -> Location:
    return location if location.file else replace(location, file=sha256)


def _tag_page(page: Page, sha256: str) -> Page:
    blocks = []
    for block in page.blocks:
        if isinstance(block, Grid):
            copies: dict[int, Cell] = {}  # a spanning cell stands at several positions: copy it once
            rows = [[copies.setdefault(id(c), replace(c, location=_tag(c.location, sha256))) for c in row]
                    for row in block.rows]
            block = replace(block, rows=rows)
        blocks.append(replace(block, location=_tag(block.location, sha256)))
    return replace(page, blocks=blocks)
