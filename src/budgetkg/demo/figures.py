"""What every layout's builder reads off a `district.Year`: figures as printed, the 功能分类
rows with spending, code names, and small cell and header constructors."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from ..codelists import code_list_for
from .district import Year, wan
from .document import Cell, HeaderCell

ZERO = "0.00"
NUMERALS = "一二三四五六七八九十"
# 三公 items as the profiles label them, with the Year's keys they add up
SANGONG_ITEMS = (
    ("合计", ("abroad", "vehicle-purchase", "vehicle-operation", "reception")),
    ("因公出国（境）费", ("abroad",)),
    ("公务用车购置及运行费", ("vehicle-purchase", "vehicle-operation")),
    ("公务用车购置费", ("vehicle-purchase",)),
    ("公务用车运行费", ("vehicle-operation",)),
    ("公务接待费", ("reception",)),
)


def money(fen: int) -> str:
    return str(wan(fen))


def percent(part: int, whole: int) -> str:
    if not whole:
        return ZERO
    return str((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def numeral(n: int) -> str:
    """1 -> 一, 12 -> 十二, 26 -> 二十六 (list numbering up to 99)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return NUMERALS[ones - 1]
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def code_names(year: int) -> dict[str, str]:
    return {**code_list_for("function", year).names, **code_list_for("economic", year).names}


def function_rows(y: Year) -> list[tuple[str, int, int]]:
    """(code, basic, project) for every 类, 款 and 项 with spending, in code order."""
    totals: dict[str, list[int]] = {}
    for code, (basic, project) in y.spending.items():
        for prefix in (code[:3], code[:5], code):
            entry = totals.setdefault(prefix, [0, 0])
            entry[0] += basic
            entry[1] += project
    return [(code, b, p) for code, (b, p) in sorted(totals.items())]


def class_totals(y: Year) -> dict[str, int]:
    return {code: b + p for code, b, p in function_rows(y) if len(code) == 3}


def sangong(figures: dict[str, int]) -> list[tuple[str, int]]:
    """(item label, amount) for the six 三公 items, totals included."""
    return [(label, sum(figures[k] for k in keys)) for label, keys in SANGONG_ITEMS]


def key(label: str) -> str:
    return re.sub(r"\s+", "", label)


def header(*cells: str | tuple) -> list[HeaderCell]:
    """Header cells from texts, or (text, cols, rows) where one spans."""
    return [HeaderCell(c) if isinstance(c, str) else HeaderCell(*c) for c in cells]


def column_numbers(first: int, last: int) -> list[HeaderCell]:
    return [HeaderCell(str(n)) for n in range(first, last + 1)]


def side(name: str, label: str, amounts: list[tuple[str, str]], line: int | None = None,
         row: str | None = None) -> list[Cell]:
    """One side of a two-sided row: label, 行次 where printed, then the amounts by concept."""
    row = row or (key(label) or None)
    cells = [Cell(label, row, f"{name}.label")]
    if line is not None:
        cells.append(Cell(str(line), row, f"{name}.line"))
    return cells + [Cell(text, row, f"{name}.{concept}") for concept, text in amounts]
