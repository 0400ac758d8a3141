"""A demo document as a text disclosure: tables as tab-separated rows (a spanning header cell
prints its text once, the positions it covers empty), paragraphs separated by blank lines."""

from __future__ import annotations

from .document import DemoDocument, Table

TAB = "\t"


def render_text(document: DemoDocument) -> str:
    lines = document.cover + [""]
    for paragraph in document.overview:
        lines += [paragraph.text, ""]
    lines += document.tables_heading + [""]
    for table in document.tables:
        lines += _table(table)
    for paragraph in document.narrative:
        lines += [paragraph.text, ""]
    return "\n".join(lines)


def _table(table: Table) -> list[str]:
    lines = [table.title] + ([table.number] if table.number else []) + [table.unit_line] + table.captions
    lines += _header(table)
    lines += [TAB.join(cell.text for cell in row) for row in table.body]
    return lines + ([""] + [table.note] if table.note else []) + [""]


def _header(table: Table) -> list[str]:
    rows = [[""] * table.width for _ in table.header]
    for cell, r, c in table.placed_header():
        rows[r][c] = cell.text
    return [TAB.join(row) for row in rows]
