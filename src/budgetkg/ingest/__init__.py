"""Ingest: read a published file into the document model (pages, lines, grids, paragraphs)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import EmptyFile, FileMissing, UnsupportedFormat
from .model import BBox, Cell, Document, Grid, Location, Page, Paragraph, TextLine
from .pdf import read_pdf
from .text import read_text

__all__ = [
    "BBox", "Cell", "Document", "Grid", "Location", "Page", "Paragraph", "TextLine", "read_document",
]

_TEXT_SUFFIXES = {".txt", ".text"}


def read_document(path: str | Path) -> Document:
    """Read a PDF or text disclosure. Raises an InputError naming the file and the reason."""
    path = Path(path)
    if not path.is_file():
        raise FileMissing(path)
    data = path.read_bytes()
    if not data.strip():
        raise EmptyFile(path)
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.lstrip().startswith(b"%PDF-"):
        pages, paragraphs = read_pdf(path)
        media_type = "application/pdf"
    elif suffix in _TEXT_SUFFIXES:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnsupportedFormat(path, f"not UTF-8 at byte {error.start}") from error
        pages, paragraphs = read_text(text)
        media_type = "text/plain"
    else:
        raise UnsupportedFormat(path, f"suffix {suffix or '(none)'}")
    return Document(str(path), digest, media_type, pages, paragraphs)
