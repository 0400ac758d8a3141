"""Turning the data rows of a grid into table rows, one reader per layout of the profiles:

- coded: one row per classification code (T2, T3, T5, T8, T9), the code whole or split over
  类/款/项 columns;
- two-sided: income on the left, expense on the right, each with its own label (T1, T4);
- blocks: the economic classification printed in two or three side-by-side blocks (T6);
- pivot: one printed row whose columns are (item, 预算数/决算数) pairs (T7).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..ingest.model import Cell, Grid
from .grids import Column, distinct
from .model import Amount, Finding, Row
from .profiles import STRUCTURAL, TableSpec
from .text import code_digits, label_key, parse_amount, squeeze

# The parts of one table: each grid (the first page and its continuations) with its data rows.
Parts = list[tuple[Grid, list[int]]]
RowReader = Callable[[Parts, list[Column], TableSpec, list[Finding]], list[Row]]


def _label(cell: Cell) -> str:
    return re.sub(r"\s+", "", cell.text)


def _amount(cell: Cell, findings: list[Finding]) -> Amount | None:
    try:
        value, decimals = parse_amount(cell.text)
    except ValueError:
        findings.append(Finding("unreadable-amount", f"not an amount: {cell.text!r}", cell.location))
        return None
    return Amount(value, decimals, cell.text.strip(), cell.location)


def _amounts(row: list[Cell], columns: list[Column], findings: list[Finding]) -> dict[str, Amount]:
    cells = {}
    for column in columns:
        cell = row[column.index]
        if squeeze(cell.text) in column.path:  # the header's last line, printed in this row
            cells[column.concept] = Amount(None, None, "", cell.location)
            continue
        amount = _amount(cell, findings)
        if amount is not None:
            cells[column.concept] = amount
    return cells


def _of(columns: list[Column], concept: str) -> list[Column]:
    return [c for c in columns if c.concept == concept]


def _amount_columns(columns: list[Column]) -> list[Column]:
    return [c for c in columns if c.rule and c.concept not in STRUCTURAL]


def _printed_rows(parts: Parts):
    for grid, data_rows in parts:
        for r in data_rows:
            yield grid.rows[r]


def _sub_row(previous: list[Cell] | None, printed: list[Cell], figure_columns: list[Column]) -> bool:
    """A grid row that is part of the printed row above it: its figure cells are the same cells
    (they span both grid rows, as Word draws a wrapped label's row)."""
    return previous is not None and bool(figure_columns) and all(
        printed[c.index] is previous[c.index] for c in figure_columns)


def read_coded(parts: Parts, columns: list[Column], spec: TableSpec, findings: list[Finding]) -> list[Row]:
    code_columns, name_columns = _of(columns, "code"), _of(columns, "name")
    amount_columns = _amount_columns(columns)
    rows: list[Row] = []
    previous: list[Cell] | None = None
    for printed in _printed_rows(parts):
        parts = [printed[c.index].text for c in code_columns]
        code = _joined_code([code_digits(p) for p in parts]) or None
        label = "/".join(dict.fromkeys(t for c in distinct([printed[c.index] for c in name_columns]) if (t := _label(c))))
        if not label:  # 合计 printed across the code columns
            label = next((_label(printed[c.index]) for c in code_columns if not code_digits(printed[c.index].text) and printed[c.index].text.strip()), "")
        if not code and not label:
            continue
        if rows and _sub_row(previous, printed, amount_columns):
            if all(printed[c.index] is not previous[c.index] for c in name_columns) and label != rows[-1].label:
                rows[-1].label += label  # the name's next line
            previous = printed
            continue
        anchor = printed[(name_columns or code_columns)[0].index] if (name_columns or code_columns) else printed[0]
        rows.append(Row(label, code, _amounts(printed, amount_columns, findings), anchor.location))
        previous = printed
    return rows


def _joined_code(parts: list[str]) -> str:
    """A code split over 类/款/项 columns. The 款 and 项 columns hold two digits each; a spreadsheet
    that prints 款 02 as "2" dropped the leading zero. The 类 is kept as printed ("7" for 210 stays
    7, for the rules to report)."""
    if len(parts) < 2:
        return "".join(parts)
    return parts[0] + "".join(p.zfill(2) if len(p) == 1 else p for p in parts[1:])


def read_two_sided(parts: Parts, columns: list[Column], spec: TableSpec, findings: list[Finding]) -> list[Row]:
    rows: list[Row] = []
    labels_read: set[int] = set()  # a label cell spanning into the next side is read once
    all_amounts = _amount_columns(columns)
    for side in spec.sides:
        side_columns = [c for c in columns if c.side == side]
        if not side_columns:
            continue
        label_columns = _of(side_columns, "label")
        if not label_columns:
            findings.append(Finding("missing-column", f"{spec.role}: no label column on the {side} side"))
            continue
        amount_columns = _amount_columns(side_columns)
        last_index = max(c.index for c in side_columns)
        previous: list[Cell] | None = None
        last_row: Row | None = None
        for printed in _printed_rows(parts):
            label_cell = printed[label_columns[0].index]
            if id(label_cell) in labels_read:
                continue
            label = _label(label_cell)
            if last_row is not None and _sub_row(previous, printed, amount_columns):
                if label_cell is not previous[label_columns[0].index] and label:
                    last_row.label += label  # the label's next line
                previous = printed
                continue
            if label_cell.col_end > last_index + 1:
                # 当年支出小计 across both expense blocks: its figure stands after the span
                labels_read.add(id(label_cell))
                beyond = [c for c in all_amounts if c.index >= label_cell.col_end][:1]
                cells = _amounts(printed, beyond, findings)
            else:
                cells = _amounts(printed, amount_columns, findings)
            if label:
                last_row = Row(label, None, cells, label_cell.location, side=side)
                rows.append(last_row)
                previous = printed
            elif any(not a.is_blank for a in cells.values()):
                findings.append(Finding("unlabelled-row", f"{spec.role}: figures without a row label", label_cell.location))
    _nest_repeated_labels(rows)
    return rows


def _nest_repeated_labels(rows: list[Row]) -> None:
    """A label printed a second time on the same side (the funds under 年初财政拨款结转和结余)
    is a sub-row of the summary row above it."""
    seen: set[tuple[str | None, str]] = set()
    summary: dict[str | None, str] = {}
    for row in rows:
        key = (row.side, label_key(row.label))
        if key in seen:
            row.section = summary.get(row.side)
        seen.add(key)
        if key[1].endswith("合计") or "结转和结余" in key[1] or key[1] == "总计":
            summary[row.side] = row.label


def read_blocks(parts: Parts, columns: list[Column], spec: TableSpec, findings: list[Finding]) -> list[Row]:
    """Each block is read down before the next, so rows keep the printed order of the code list."""
    blocks = _blocks(columns)
    by_block: list[list[Row]] = [[] for _ in blocks]
    for printed in _printed_rows(parts):
        pending: tuple[str, Cell, int] | None = None
        for b, block in enumerate(blocks):
            code_cells = [printed[c.index] for c in _of(block, "code")]
            name_cells = [printed[c.index] for c in _of(block, "name")]
            anchor = (name_cells or code_cells)[0]
            amount_columns = _of(block, "amount")
            amount = _amount(printed[amount_columns[0].index], findings) if amount_columns else None
            cells = {"amount": amount} if amount else {}
            code = "".join(code_digits(c.text) for c in code_cells)
            words = "".join(_label(c) for c in distinct(code_cells + name_cells) if not code_digits(c.text))
            if code:
                by_block[b].append(Row(words, code, cells, anchor.location))
                pending = None
            elif words and amount is not None and not amount.is_blank:
                by_block[b].append(Row(words, None, cells, anchor.location))
                pending = None
            elif words:
                pending = (words, anchor, b)
            elif pending and amount is not None and not amount.is_blank:
                # a summary row (公用经费合计) whose figure is printed under a later block
                by_block[pending[2]].append(Row(pending[0], None, cells, pending[1].location))
                pending = None
        if pending:
            by_block[pending[2]].append(Row(pending[0], None, {}, pending[1].location))
    return [row for rows in by_block for row in rows]


def _blocks(columns: list[Column]) -> list[list[Column]]:
    blocks: list[list[Column]] = []
    previous = None
    for column in columns:
        if column.concept == "code" and previous != "code":
            blocks.append([])
        if blocks:
            blocks[-1].append(column)
        previous = column.concept
    return blocks


def read_pivot(parts: Parts, columns: list[Column], spec: TableSpec, findings: list[Finding]) -> list[Row]:
    printed_rows = list(_printed_rows(parts))
    by_item: dict[str, Row] = {}
    for printed in printed_rows[:1]:
        for column in columns:
            if not column.rule or not column.rule.row:
                continue
            amount = _amount(printed[column.index], findings)
            if amount is None:
                continue
            item = column.rule.row
            row = by_item.setdefault(item, Row(spec.row_labels.get(item, item), None, {}, printed[column.index].location))
            row.cells[column.concept] = amount
    if any(c.text.strip() for printed in printed_rows[1:] for c in printed):
        findings.append(Finding("extra-rows", f"{spec.role}: rows after the first figures row were ignored"))
    order = list(spec.row_labels) or list(by_item)
    return [by_item[item] for item in order if item in by_item]


LAYOUTS: dict[str, RowReader] = {
    "coded": read_coded,
    "two-sided": read_two_sided,
    "blocks": read_blocks,
    "pivot": read_pivot,
}
