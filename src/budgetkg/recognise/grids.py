"""From a printed grid to its header paths and data rows.

A grid's header is the run of rows above its first data row; each column's header path is the
list of distinct header texts above it, top to bottom. Layouts differ in how a data row turns into
table rows; see `layouts.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..ingest.model import Cell, Grid
from .profiles import STRUCTURAL, ColumnRule, TableSpec
from .text import is_code, label_key, looks_like_money, squeeze, title_key


@dataclass
class Column:
    index: int
    path: list[str]
    rule: ColumnRule | None
    side: str | None = None

    @property
    def concept(self) -> str | None:
        return self.rule.concept if self.rule else None


def is_column_number_row(row: list[Cell]) -> bool:
    """The 栏次 row: 1, 2, 3 ... under the header, or a row that says 栏次."""
    texts = [squeeze(c.text) for c in distinct(row) if squeeze(c.text)]
    if any("栏次" in t for t in texts):
        return True
    numbers = [int(t) for t in texts if t.isdigit()]
    return len(texts) >= 2 and len(numbers) == len(texts) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def is_data_row(row: list[Cell], labelled: bool = True) -> bool:
    """A row with figures or codes; in layouts whose rows carry labels, also a row labelled
    合计/总计 or with list numbering (一、), which may be blank all along."""
    if is_column_number_row(row):
        return False
    texts = [squeeze(c.text) for c in distinct(row)]
    if any(looks_like_money(t) or is_code(t) for t in texts):
        return True
    if not labelled:
        return False
    first = next((t for t in texts if t), "")
    return label_key(first) in ("合计", "总计") or label_key(first) != first


def split_header(grid: Grid, spec: TableSpec) -> tuple[list[int], list[int]]:
    """Indices of the header rows and of the data rows. Where no row holds data (an empty
    table), the data starts after the last row that carries a header word of the spec."""
    labelled = spec.layout != "pivot"
    first_data = next((i for i, row in enumerate(grid.rows) if is_data_row(row, labelled)), None)
    if first_data is None:
        words = {w for rule in spec.columns for group in rule.match for w in group}
        marked = [i for i, row in enumerate(grid.rows) if any(squeeze(c.text) in words for c in row)]
        first_data = (marked[-1] + 1) if marked else 0
    header = [i for i in range(first_data) if not is_column_number_row(grid.rows[i])]
    return header, list(range(first_data, len(grid.rows)))


def header_paths(grid: Grid, header_rows: list[int]) -> list[list[str]]:
    texts = _header_texts(grid, header_rows)
    paths = []
    for c in range(grid.width):
        path: list[str] = []
        previous: Cell | None = None
        for k, r in enumerate(header_rows):
            cell = grid.rows[r][c]
            if cell is previous:
                continue
            previous = cell
            text = texts[k][c]
            if text and (not path or path[-1] != text):
                path.append(text)
        paths.append(path)
    return paths


def _header_texts(grid: Grid, header_rows: list[int]) -> list[list[str]]:
    """Squeezed header texts. In an unruled grid (text files) an empty header cell continues its
    left neighbour when both sit under the same parent header: the span the rules would show."""
    filled: list[list[str]] = []
    for k, r in enumerate(header_rows):
        row = [title_key(grid.rows[r][c].text) for c in range(grid.width)]
        if not grid.ruled:
            for c in range(1, len(row)):
                same_parent = k == 0 or filled[k - 1][c] == filled[k - 1][c - 1]
                if not row[c] and row[c - 1] and same_parent:
                    row[c] = row[c - 1]
        filled.append(row)
    return filled


def columns_for(grid: Grid, spec: TableSpec, header_rows: list[int], data_rows: list[int]) -> list[Column]:
    paths = header_paths(grid, header_rows)
    _absorb_header_words(grid, spec, paths, data_rows[:1])
    columns: list[Column] = []
    for index, path in enumerate(paths):
        rule = spec.column_for(path)
        if rule is None and columns and columns[-1].rule and columns[-1].concept in ("name", "label") \
                and path == columns[-1].path[: len(path)]:
            rule = columns[-1].rule  # a blank header beside a name header: the name's second column
        columns.append(Column(index, path, rule, _side(spec, path)))
    return columns


def _side(spec: TableSpec, path: list[str]) -> str | None:
    """The side whose word (or one of its words, "本年收入|收入") stands deepest in the header
    path (支出用途 under 支出)."""
    depth = {word: i for i, word in enumerate(path)}
    found = [(depth[word], side) for side, words in spec.sides.items() for word in words.split("|") if word in depth]
    return max(found)[1] if found else None


def _absorb_header_words(grid: Grid, spec: TableSpec, paths: list[list[str]], first_rows: list[int]) -> None:
    """Some templates print the last header line inside the first data row (合计 | 小计 | 基本支出
    ...). Words there that are not figures extend the header path of non-structural columns."""
    for r in first_rows:
        previous: Cell | None = None
        for c, cell in enumerate(grid.rows[r]):
            if cell is previous:
                continue
            previous = cell
            text = squeeze(cell.text)
            if not text or looks_like_money(text) or text.isdigit():
                continue
            rule = spec.column_for(paths[c])
            if rule is None or rule.concept not in STRUCTURAL:
                paths[c].append(text)


def distinct(cells: list[Cell]) -> list[Cell]:
    """Cells in order, a spanning cell once."""
    unique: list[Cell] = []
    for cell in cells:
        if all(cell is not seen for seen in unique):
            unique.append(cell)
    return unique


def realigned(grid: Grid, edges: list[float]) -> Grid:
    """A table's continuation drawn with other column lines than its first page (Word tables),
    laid on the first page's columns: each column takes the cell under its middle."""
    middles = [(a + b) / 2 for a, b in zip(edges, edges[1:])]
    rows = []
    for r, row in enumerate(grid.rows):
        cells = [c for c in distinct(row) if c.location.bbox is not None]
        placed = [next((c for c in cells if c.location.bbox.x0 <= m <= c.location.bbox.x1), None) for m in middles]
        spans = {id(c): [k for k, p in enumerate(placed) if p is c] for c in cells}
        copies = {id(c): replace(c, row=r, row_end=r + 1, col=spans[id(c)][0], col_end=spans[id(c)][-1] + 1)
                  for c in cells if spans[id(c)]}
        rows.append([copies[id(p)] if p is not None else Cell("", grid.location, r, k, r + 1, k + 1)
                     for k, p in enumerate(placed)])
    return Grid(rows, grid.location, grid.ruled, list(edges))
