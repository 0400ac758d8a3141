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

from ..errors import BudgetkgError, UnknownTemplate
from ..ingest.layout import starts_item
from ..ingest.model import BBox, Document, Grid, Location, TextLine
from ..ingest.parts import join_documents
from .grids import columns_for, distinct, realigned, split_header
from .layouts import LAYOUTS
from .metadata import metadata_lines, read_unit, read_year, title_count
from .model import Amount, BudgetUnits, Disclosure, Finding, Row, Table
from .profiles import PROFILE_DIR, STRUCTURAL, Profile, TableSpec, load_profiles
from .publication import TABLES_ELSEWHERE, publications
from .text import chinese_numeral, label_key, looks_like_money, squeeze

__all__ = ["Amount", "Disclosure", "Finding", "Row", "Table", "recognise", "choose_profile", "documents_of_disclosures"]

# the amount unit a table states; letter-spaced too ("单 位 ：万元", as some Word tables print it)
_UNIT = re.compile(r"单\s*位\s*[:：]\s*(万\s*元|亿\s*元|千\s*元|元)")
_NUMBER = re.compile(r"公开\s*(\d+)\s*表|公开\s*表\s*([一二三四五六七八九十]+)|^\s*表\s*([一二三四五六七八九十]+)\s*$")
_NOISE = re.compile(r"^(续表|[-—－\s\d]*)$")  # page numbers and 续表 between two parts of a table
_HEADING_LENGTH = 40
_NOTE_WORDS = ("注", "说明")
_EMPTY_TABLE = re.compile(r"[(]?(此|本)表(为空|无数据)[)]?")  # printed as the only row of an empty table
_HEADER_ROWS = 4  # a title, 部门/单位 line and column header printed inside the frame
_TITLE_LINES = 6  # a table's number, title and 部门/单位 lines stand right above it (a page break between)
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
    text = "\n".join(metadata_lines(document))
    scored = []
    for profile in profiles:
        if profile.accepts(text):
            scored.append((title_count(document, profile), profile))
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
    lines = metadata_lines(document)
    return Disclosure(
        source=document.source,
        sha256=document.sha256,
        profile=profile.id,
        kind=profile.kind,
        scope=profile.scope,
        unit_name=read_unit(profile, lines),
        year=read_year(profile, lines),
        amount_unit=units.most_common(1)[0][0] if units else None,
        tables=tables,
        paragraphs=document.paragraphs,
        sections=_sections(document, profile, _narrative_anchor(document, profile, tables)),
        findings=findings,
        files=list(document.files),
        page_issues=document.issues(),
        budget_units=_budget_units(profile, document.lines()),
        contents_order=_contents_order(document, profile, tables),
    )


def documents_of_disclosures(documents: list[Document], profile_dir: Path = PROFILE_DIR) -> tuple[list[Document], list[BudgetkgError]]:
    """The documents given together, as one document per disclosure: the two files of a
    disclosure published as narrative + tables are joined; a part without its other part is an
    error (see publication.py)."""
    groups, errors = publications(documents, load_profiles(profile_dir))
    return [join_documents(group) if len(group) > 1 else group[0] for group in groups], errors


def _locate_tables(document: Document, profile: Profile, findings: list[Finding]) -> list[_Piece]:
    pieces: list[_Piece] = []
    context: list[str] = []
    last: _Piece | None = None
    blocks = [part for block in document.blocks() for part in _split_at_titles(block, profile)]
    for index, block in enumerate(blocks):
        if isinstance(block, TextLine):
            context.append(block.text)
            continue
        captions, block = _lift_captions(block, profile)
        context += [line for caption in captions for line in caption.text.split("\n") if line.strip()]
        heading = context[-_TITLE_LINES:] + _leading_lines(block)
        spec, title = _title(heading, profile)
        number = _number(heading)
        if spec is not None and last is not None and spec is last.spec and number in (None, last.number):
            last.grids.append(block)  # the title repeated on a continuation page
        elif spec is not None:
            last = _Piece(spec, title, number, _unit(heading + _header_cell_lines(block)))
            pieces.append(last)
            last.grids.append(block)
        elif last is not None and all(_NOISE.match(line) for line in context):
            last.grids.append(block)
        else:
            findings.append(Finding("unrecognised-grid", "a table without a known title was skipped", block.location))
            last = None
        context = []
        if last is not None:
            _attach_note(last, blocks[index + 1 : index + 4])
    return _without_stray_titles(pieces)


def _without_stray_titles(pieces: list[_Piece]) -> list[_Piece]:
    """A piece that holds nothing but its title, where the same table is printed in full
    elsewhere: the title line of a text box cut at the foot of a page."""
    def title_only(piece: _Piece) -> bool:
        return all(len(_leading_lines(g)) and len(g.rows) == 1 for g in piece.grids)
    full = {id(p.spec) for p in pieces if not title_only(p)}
    return [p for p in pieces if not (title_only(p) and id(p.spec) in full)]


def _header_cell_lines(grid: Grid) -> list[str]:
    """The lines of a grid's first rows, cell by cell (a 单位：万元 printed in a header cell)."""
    cells = distinct([c for row in grid.rows[:_HEADER_ROWS] for c in row])
    return [line for c in cells for line in c.text.split("\n") if line.strip()]


def _leading_lines(grid: Grid) -> list[str]:
    """The lines of a grid's first row when it is one cell across: a title (and 部门/单位 line)
    printed inside the table."""
    lines: list[str] = []
    for row in grid.rows:
        texts = [c for c in distinct(row) if c.text.strip()]
        if not texts and not lines:
            continue  # a blank row above the title
        if len(texts) != 1 or looks_like_money(texts[0].text):
            break
        lines += [line for line in texts[0].text.split("\n") if line.strip()]
        if len(lines) >= 3:
            break
    return lines


def _split_at_titles(block, profile: Profile) -> list:
    """A grid holding the end of one table and the start of the next (Word documents flow
    tables into one another) as one grid per table: cut before every row that is a title."""
    if not isinstance(block, Grid):
        return [block]
    cuts = [r for r, row in enumerate(block.rows) if r > 0 and _title(_leading_lines(Grid([row], block.location, block.ruled)), profile)[0]]
    if not cuts:
        return [block]
    bounds = [0, *cuts, len(block.rows)]
    pieces = [_sub_grid(block, start, end) for start, end in zip(bounds, bounds[1:]) if end > start]
    return [piece for piece in pieces if not piece.is_blank()]


def _sub_grid(grid: Grid, start: int, end: int) -> Grid:
    rows = grid.rows[start:end]
    boxes = [c.location.bbox for row in rows for c in row if c.location.bbox is not None]
    box = BBox(min(b.x0 for b in boxes), min(b.top for b in boxes), max(b.x1 for b in boxes), max(b.bottom for b in boxes)) if boxes else grid.location.bbox
    return Grid(rows, Location(grid.location.page, box, grid.location.line, grid.location.file), grid.ruled, grid.edges)


def _lift_captions(grid: Grid, profile: Profile) -> tuple[list[TextLine], Grid]:
    """Some spreadsheets put the title and the 编制单位 / 单位 line inside the table's frame:
    leading rows that hold a table title or the unit line (or nothing) are lines above the table."""
    captions: list[TextLine] = []
    skipped = 0
    lifted: set[int] = set()  # a caption cell spanning down beside the header is lifted once
    for row in grid.rows:
        cells = [c for c in distinct(row) if c.text.strip() and id(c) not in lifted]
        texts = [c.text.strip() for c in cells]
        if texts and not (profile.table_for_title(texts[0]) or _UNIT.search(" ".join(texts))):
            break
        if any(id(c) in lifted for c in row):
            break  # the header rows beside a caption cell stay in the grid
        if texts:
            captions.append(TextLine(" ".join(texts), row[0].location))
            lifted |= {id(c) for c in cells}
        skipped += 1
    if not captions or skipped == len(grid.rows):
        return [], grid
    return captions, Grid(grid.rows[skipped:], grid.location, grid.ruled, grid.edges)


def _title(lines: list[str], profile: Profile) -> tuple[TableSpec | None, str]:
    """The last line (or two consecutive lines: a title wrapped) naming one of the profile's tables."""
    for k in range(len(lines) - 1, -1, -1):
        for text in (lines[k], lines[k - 1] + lines[k] if k else None):
            spec = profile.table_for_title(text) if text else None
            if spec is not None:
                return spec, text
    return None, ""


def _number(lines: list[str]) -> str | None:
    """The table number, whatever its printed style (公开01表, 公开表一, 表一), as 公开NN表."""
    for line in lines:
        match = _NUMBER.search(line)
        if match:
            ordinal = match.group(1) or match.group(2) or match.group(3)
            number = int(ordinal) if ordinal.isdigit() else chinese_numeral(ordinal)
            return f"公开{number:02d}表"
    return None


def _unit(lines: list[str]) -> str | None:
    for line in lines:
        match = _UNIT.search(line)
        if match:
            return re.sub(r"\s", "", match.group(1))
    return None


def _attach_note(piece: _Piece, following: list) -> None:
    """The 注 printed right under a table (it says why an empty table is empty)."""
    for block in following:
        if not isinstance(block, TextLine):
            return
        if block.text.startswith(_NOTE_WORDS + ("（", "(")):
            piece.note = block.text if piece.note is None else f"{piece.note}\n{block.text}"


def _read_table(piece: _Piece, findings: list[Finding]) -> Table:
    spec = piece.spec
    reader = LAYOUTS[spec.layout]
    grids = _from_column_header(piece.grids, spec)
    first = grids[0]
    header_rows, data_rows = split_header(first, spec)
    columns = columns_for(first, spec, header_rows, data_rows)
    for column in columns:
        if column.rule is None and column.path:
            findings.append(Finding("unknown-column", f"{spec.role}: header {'/'.join(column.path)} matches no column concept", first.location))
    parts = [(first, data_rows)]
    printed_header = {squeeze(c.text) for r in header_rows for c in first.rows[r]} - {""}
    for grid in grids[1:]:
        if grid.width != first.width and first.edges and grid.edges:
            grid = realigned(grid, first.edges)
        if grid.width == first.width:
            parts.append((grid, _below_repeated_header(grid, printed_header)))
        else:
            findings.append(Finding("continuation-width", f"{spec.role}: continued on a grid of {grid.width} columns, not {first.width}; skipped", grid.location))
    parts, notes = _notes_inside(parts)
    if notes:
        piece.note = "\n".join(notes + ([piece.note] if piece.note else []))
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


def _notes_inside(parts):
    """The 注 a table prints in its own rows (or 此表为空 as its only row), as its note rather
    than as data rows."""
    notes, kept = [], []
    for grid, data_rows in parts:
        rows = []
        for r in data_rows:
            texts = [c.text.strip() for c in distinct(grid.rows[r]) if c.text.strip()]
            if len(texts) == 1 and (texts[0].startswith(_NOTE_WORDS) or _EMPTY_TABLE.fullmatch(squeeze(texts[0]))):
                notes.append(texts[0])
            else:
                rows.append(r)
        kept.append((grid, rows))
    return kept, notes


def _from_column_header(grids: list[Grid], spec: TableSpec) -> list[Grid]:
    """The grids of a table from the one that prints its column header: a title and 部门 line
    left alone at the foot of a page belong to the table that starts on the next."""
    words = {w for rule in spec.columns for group in rule.match for w in group}
    start = 0
    while start + 1 < len(grids) and not any(squeeze(c.text) in words for row in grids[start].rows for c in row):
        start += 1
    return grids[start:]


def _below_repeated_header(grid: Grid, printed_header: set[str]) -> list[int]:
    """The rows of a continuation grid below the title and column header it repeats (a blank
    row stops it: blank rows are data rows of an empty table)."""
    start = 0
    for row in grid.rows:
        texts = {squeeze(c.text) for c in row} - {""}
        if not texts or not texts <= printed_header:
            break
        start += 1
    return list(range(start, len(grid.rows)))


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


def _sections(document: Document, profile: Profile, tables_end: Location | None) -> dict[str, Location]:
    """Headings of the 情况说明, which follows the tables (before them stands the table of
    contents, whose lines name the same sections). In a narrative file of its own the tables'
    place is the line saying they are 附后."""
    anchors = {tables_end.file if tables_end else None: tables_end}
    for paragraph in document.paragraphs:
        if paragraph.location.file not in anchors and TABLES_ELSEWHERE.search(paragraph.text):
            anchors[paragraph.location.file] = paragraph.location
    found: dict[str, Location] = {}
    for paragraph in document.paragraphs:
        anchor = anchors.get(paragraph.location.file)
        if not _is_heading(paragraph.text) or not _after(paragraph.location, anchor):
            continue
        if profile.table_for_title(paragraph.text):
            continue  # a table's title ("“三公”经费和机关运行经费预算表") is no narrative heading
        heading = label_key(paragraph.text)
        for section in profile.sections:
            if section.id not in found and any(title in heading for title in section.titles):
                found[section.id] = paragraph.location
    return found


def _contents_order(document: Document, profile: Profile, tables: list[Table]) -> dict[str, int]:
    """The tables in the order the document's own 目录 lists them (role -> position from 1): the
    目录 of the file that holds the tables where a disclosure has two files, each with its 目录. A
    title wrapped onto the next line (or page) is joined. Empty unless a 目录 lists two tables."""
    lines = document.lines()
    listed = [(lines[start].location.file, _listed_tables(lines, start, profile))
              for start, line in enumerate(lines) if squeeze(line.text) == "目录"]
    listed = [(file, order) for file, order in listed if len(order) >= 2]
    tables_file = tables[0].location.file if tables else None
    return next((order for file, order in listed if file == tables_file), listed[0][1] if listed else {})


def _listed_tables(lines: list[TextLine], start: int, profile: Profile) -> dict[str, int]:
    entries = [line.text for line in lines[start + 1 : _contents_end(lines, start) + 1]]
    order: dict[str, int] = {}
    for k, text in enumerate(entries):
        spec = profile.table_for_title(text)
        if spec is None and k + 1 < len(entries) and profile.table_for_title(entries[k + 1]) is None:
            spec = profile.table_for_title(text + entries[k + 1])
        if spec is not None and spec.role not in order:
            order[spec.role] = len(order) + 1
    return order


def _narrative_anchor(document: Document, profile: Profile, tables: list[Table]) -> Location | None:
    """Where the narrative headings begin: after the tables (决算), or after the 目录 (budgets,
    whose 编制说明 precedes the tables)."""
    if profile.sections_after == "contents":
        lines = document.lines()
        start = next((i for i, line in enumerate(lines) if squeeze(line.text) == "目录"), None)
        if start is None:
            return None
        return lines[_contents_end(lines, start)].location
    return tables[-1].location if tables else None


def _contents_end(lines: list[TextLine], start: int) -> int:
    """The last line of the 目录 that begins at `start`: it runs on while its lines look like headings."""
    end = start
    while end + 1 < len(lines) and _is_heading(lines[end + 1].text):
        end += 1
    return end


def _is_heading(text: str) -> bool:
    return len(text) <= _HEADING_LENGTH and (starts_item(text) or not any(mark in text for mark in "，。；,"))


def _after(location: Location, anchor: Location | None) -> bool:
    if anchor is None:
        return True
    if location.line is not None and anchor.line is not None:
        return location.line > anchor.line
    return (location.page or 0, location.bbox.top if location.bbox else 0) > (
        anchor.page or 0, anchor.bbox.top if anchor.bbox else 0)
