"""What a document says about itself before its tables are read: which profile's table titles it
prints, its unit and its year (read from lines and from the header rows of its grids, where
table files print `部门：…` and the title inside the table)."""

from __future__ import annotations

import re

from ..ingest.model import Document
from .profiles import Profile, bare_title
from .text import squeeze

_HEADER_ROWS = 3  # a grid's title and 部门/单位 line stand in its first rows


def metadata_lines(document: Document) -> list[str]:
    """The document's lines, then the lines of its grids' first rows, each once."""
    lines = [line.text for line in document.lines()]
    for grid in document.grids():
        seen: set[int] = set()
        for row in grid.rows[:_HEADER_ROWS]:
            for cell in row:
                if id(cell) not in seen:
                    seen.add(id(cell))
                    lines += [part for part in cell.text.split("\n") if part.strip()]
    return lines


def title_count(document: Document, profile: Profile) -> int:
    """How many of the profile's tables have a title the document prints; none when the profile
    is not used in the year the document states."""
    lines = metadata_lines(document)
    if not profile.covers_year(read_year(profile, lines)):
        return 0
    titles = {key for text in lines for key in (squeeze(text), bare_title(text))}
    return sum(1 for spec in profile.tables if titles & set(spec.titles))


def first_match(patterns, lines: list[str], group: str) -> str | None:
    for pattern in patterns:
        for line in lines:
            match = pattern.search(line)
            if match:
                return re.sub(r"\s+", "", match.group(group))
    return None


def read_unit(profile: Profile, lines: list[str]) -> str | None:
    return first_match(profile.unit_patterns, lines, "unit")


def read_year(profile: Profile, lines: list[str]) -> int | None:
    year = first_match(profile.year_patterns, lines, "year")
    return int(year) if year else None
