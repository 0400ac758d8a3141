"""Recognise: from the document model to a typed disclosure.

The profile is chosen from the document (detection patterns, then the number of its table titles
found); tables are found by their titles, continued over pages, and read by the layout their role
has in the profile.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnknownTemplate
from ..ingest.layout import starts_item
from ..ingest.model import Document, Grid, Location, TextLine
from .grids import columns_for, distinct, split_header
from .layouts import LAYOUTS
from .model import Amount, BudgetUnits, Disclosure, Finding, Row, Table
from .profiles import PROFILE_DIR, STRUCTURAL, Profile, TableSpec, load_profiles
from .text import label_key, squeeze, title_key

__all__ = ["Amount", "Disclosure", "Finding", "Row", "Table", "recognise", "choose_profile"]

_UNIT = re.compile(r"单位[:：]\s*(万元|元|亿元|千元)")
_NUMBER = re.compile(r"公开\s*(\d+)\s*表")
_NOISE = re.compile(r"^(续表|[-—－\s\d]*)$")  # page numbers and 续表 between two parts of a table
_HEADING_LENGTH = 40
_MIN_TITLES = 3  # fewer table titles than this and the profile is not the document's template


@dataclass
class _Piece:
    spec: TableSpec
    title: str
    number: str | None
    unit: str | None
    grids: list[Grid] = field(default_factory=list)
    note: str | None = None


def choose_profile(document: Document, profiles: tuple[Profile, ...]) -> Profile:
    text = "\n".join(line.text for line in document.lines())
    titles = {title_key(line.text) for line in document.lines()}
    scored = []
    for profile in profiles:
        if profile.accepts(text):
            found = sum(1 for spec in profile.tables if titles & set(spec.titles))
            scored.append((found, profile))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] < _MIN_TITLES:
        tried = ", ".join(p.id for p in profiles)
        raise UnknownTemplate(document.source, f"tried {tried}; no profile's table titles found")
    return scored[0][1]


def recognise(document: Document, profile_dir: Path = PROFILE_DIR) -> Disclosure:
    profile = choose_profile(document, load_profiles(profile_dir))
    findings: list[Finding] = []
    pieces = _locate_tables(document, profile, findings)
    tables = [_read_table(piece, findings) for piece in pieces]
    found_roles = {t.role for t in tables}
    for spec in profile.tables:
        if spec.required and spec.role not in found_roles:
            findings.append(Finding("missing-table", f"{spec.role} ({spec.titles[0]}) not found"))
    units = Counter(t.unit for t in tables if t.unit)
    lines = document.lines()
    return Disclosure(
        source=document.source,
        sha256=document.sha256,
        profile=profile.id,
        kind=profile.kind,
        scope=profile.scope,
        unit_name=_first_match(profile.unit_patterns, lines, "unit"),
        year=_year(profile, lines),
        amount_unit=units.most_common(1)[0][0] if units else None,
        tables=tables,
        paragraphs=document.paragraphs,
        sections=_sections(document, profile, _narrative_anchor(document, profile, tables)),
        findings=findings,
        page_issues=document.issues(),
        budget_units=_budget_units(profile, lines),
    )


def _locate_tables(document: Document, profile: Profile, findings: list[Finding]) -> list[_Piece]:
    pieces: list[_Piece] = []
    context: list[TextLine] = []
    last: _Piece | None = None
    blocks = document.blocks()
    for index, block in enumerate(blocks):
        if isinstance(block, TextLine):
            context.append(block)
            continue
        captions, block = _lift_captions(block, profile)
        context.extend(captions)
        spec, title = _title(context, profile)
        if spec is not None:
            last = _Piece(spec, title, _number(context), _unit(context))
            pieces.append(last)
            last.grids.append(block)
        elif last is not None and all(_NOISE.match(line.text) for line in context):
            last.grids.append(block)
        else:
            findings.append(Finding("unrecognised-grid", "a table without a known title was skipped", block.location))
            last = None
        context = []
        if last is not None:
            _attach_note(last, blocks[index + 1 : index + 4])
    return pieces


def _lift_captions(grid: Grid, profile: Profile) -> tuple[list[TextLine], Grid]:
    """Some spreadsheets put the title and the 编制单位 / 单位 line inside the table's frame:
    leading rows that hold a table title or the unit line (or nothing) are lines above the table."""
    captions: list[TextLine] = []
    skipped = 0
    for row in grid.rows:
        texts = [c.text.strip() for c in distinct(row) if c.text.strip()]
        if texts and not (profile.table_for_title(texts[0]) or _UNIT.search(" ".join(texts))):
            break
        if texts:
            captions.append(TextLine(" ".join(texts), row[0].location))
        skipped += 1
    if not captions or skipped == len(grid.rows):
        return [], grid
    return captions, Grid(grid.rows[skipped:], grid.location, grid.ruled)


def _title(context: list[TextLine], profile: Profile) -> tuple[TableSpec | None, str]:
    for line in reversed(context):
        spec = profile.table_for_title(line.text)
        if spec is not None:
            return spec, line.text
    return None, ""


def _number(context: list[TextLine]) -> str | None:
    for line in context:
        match = _NUMBER.search(line.text)
        if match:
            return f"公开{int(match.group(1)):02d}表"
    return None


def _unit(context: list[TextLine]) -> str | None:
    for line in context:
        match = _UNIT.search(line.text)
        if match:
            return match.group(1)
    return None


def _attach_note(piece: _Piece, following: list) -> None:
    """The 注 printed right under a table (it says why an empty table is empty)."""
    for block in following:
        if not isinstance(block, TextLine):
            return
        if block.text.startswith(("注", "说明")):
            piece.note = block.text if piece.note is None else f"{piece.note}\n{block.text}"


def _read_table(piece: _Piece, findings: list[Finding]) -> Table:
    spec = piece.spec
    reader = LAYOUTS[spec.layout]
    first = piece.grids[0]
    header_rows, data_rows = split_header(first, spec)
    columns = columns_for(first, spec, header_rows, data_rows)
    for column in columns:
        if column.rule is None and column.path:
            findings.append(Finding("unknown-column", f"{spec.role}: header {'/'.join(column.path)} matches no column concept", first.location))
    parts = [(first, data_rows)]
    for grid in piece.grids[1:]:
        if grid.width != first.width:
            grid = _realigned(grid, first) or grid
        if grid.width == first.width:
            # a continuation page may repeat the column header (or not): its rows before the
            # first data row are header
            parts.append((grid, split_header(grid, spec)[1]))
        else:
            findings.append(Finding("continuation-width", f"{spec.role}: continued on a grid of {grid.width} columns, not {first.width}; skipped", grid.location))
    rows = reader(parts, columns, spec, findings)
    pages = sorted({g.location.page for g in piece.grids if g.location.page is not None})
    return Table(
        role=spec.role,
        title=piece.title,
        number=piece.number,
        unit=piece.unit,
        location=first.location,
        columns=list(dict.fromkeys(c.concept for c in columns if c.rule and c.concept not in STRUCTURAL)),
        rows=rows,
        pages=pages,
        note=piece.note,
    )


def _realigned(grid: Grid, first: Grid) -> Grid | None:
    """A continuation grid ruled with other columns (a lone 合计 row whose label spans the code and
    name columns) put on the first page's columns by x-position: each column of the first grid
    takes the cell under its centre, as a spanning cell would."""
    centres = _column_centres(first)
    if centres is None or not grid.ruled:
        return None
    rows = []
    for row in grid.rows:
        cells = distinct(row)
        placed = [next((c for c in cells if c.location.bbox and c.location.bbox.x0 <= x <= c.location.bbox.x1), None)
                  for x in centres]
        if any(c is None for c in placed):
            return None
        rows.append(placed)
    return Grid(rows, grid.location, grid.ruled)


def _column_centres(grid: Grid) -> list[float] | None:
    """The x centre of each column, from cells one column wide."""
    centres: dict[int, float] = {}
    for row in grid.rows:
        for cell in row:
            if cell.col_end - cell.col == 1 and cell.location.bbox and cell.col not in centres:
                centres[cell.col] = (cell.location.bbox.x0 + cell.location.bbox.x1) / 2
    if len(centres) != grid.width:
        return None
    return [centres[c] for c in range(grid.width)]


def _budget_units(profile: Profile, lines: list[TextLine]) -> BudgetUnits | None:
    """本部 + the subordinates the 机构设置 names − those merged into 本部."""
    if profile.budget_units is None:
        return None
    subordinates, merged = profile.budget_units
    stated = next(((line, m) for line in lines if (m := subordinates.search(squeeze(line.text)))), None)
    if stated is None:
        return None
    line, match = stated
    folded = sum(1 for other in lines if merged.search(squeeze(other.text)))
    return BudgetUnits(1 + int(match["n"]) - folded, line.text, line.location)


def _first_match(patterns, lines: list[TextLine], group: str) -> str | None:
    for pattern in patterns:
        for line in lines:
            match = pattern.search(line.text)
            if match:
                return re.sub(r"\s+", "", match.group(group))
    return None


def _year(profile: Profile, lines: list[TextLine]) -> int | None:
    year = _first_match(profile.year_patterns, lines, "year")
    return int(year) if year else None


def _sections(document: Document, profile: Profile, tables_end: Location | None) -> dict[str, Location]:
    """Headings of the 情况说明, which follows the tables (before them stands the table of
    contents, whose lines name the same sections)."""
    found: dict[str, Location] = {}
    for paragraph in document.paragraphs:
        if not _is_heading(paragraph.text) or not _after(paragraph.location, tables_end):
            continue
        if profile.table_for_title(paragraph.text):
            continue  # a table's title ("“三公”经费和机关运行经费预算表") is no narrative heading
        heading = label_key(paragraph.text)
        for section in profile.sections:
            if section.id not in found and any(title in heading for title in section.titles):
                found[section.id] = paragraph.location
    return found


def _narrative_anchor(document: Document, profile: Profile, tables: list[Table]) -> Location | None:
    """Where the narrative headings begin: after the tables (决算), or after the 目录 (budgets,
    whose 编制说明 precedes the tables)."""
    if profile.sections_after == "contents":
        lines = document.lines()
        start = next((i for i, line in enumerate(lines) if squeeze(line.text) == "目录"), None)
        if start is None:
            return None
        end = start  # the 目录 runs on while its lines look like headings
        while end + 1 < len(lines) and _is_heading(lines[end + 1].text):
            end += 1
        return lines[end].location
    return tables[-1].location if tables else None


def _is_heading(text: str) -> bool:
    return len(text) <= _HEADING_LENGTH and (starts_item(text) or not any(mark in text for mark in "，。；,"))


def _after(location: Location, anchor: Location | None) -> bool:
    if anchor is None:
        return True
    if location.line is not None and anchor.line is not None:
        return location.line > anchor.line
    return (location.page or 0, location.bbox.top if location.bbox else 0) > (
        anchor.page or 0, anchor.bbox.top if anchor.bbox else 0)
