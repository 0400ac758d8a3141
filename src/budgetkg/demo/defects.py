"""Planted defects: a generated district with known errors, to measure what the rules find.

Defects are planted on the document model (`document.py`) before rendering, so the text and the
PDF of a disclosure carry the same defect; the carry-forward break (Y-01) is planted on the
figures of a year before its document is built, so that the year stays consistent in itself.
Each defect aims at one rule and records every rule its edit is expected to break (a cell that is
both an addend and a compared figure breaks two), in the year it is planted or in the unit's next
year, so that precision is measured against everything the edit really breaks.

    documents, truth = plant_district(years, "national-2020", rate=0.5, per_document=3, seed=1)

`truth` lists one `Defect` per planted defect: its rule, unit, year, the edited cells (table, row,
column), sentences or paragraphs (index and section), or figures (Y-01), each with its original
and planted text, and the (rule, year) pairs expected to fire.

Every rule of the C, A, X, N and Y families has a planter; a layout without table numbers
(Shanghai 2024) cannot break C-02, and a renamed code (X-09) breaks Y-04 wherever the unit's
neighbouring years are published, and Y-04 is only broken by such a renaming (a name that agrees
with the code list in every year never differs across years unless the list renamed the code).
Two defects of one document never edit the same table or narrative part, and defects comparing
across years are not planted in adjacent years of a unit, so that each breaks what it says.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from .district import Year, district
from .document import DemoDocument, Paragraph, Table
from .figures import money, percent
from .render import DEFAULT_LAYOUT, LAYOUTS
from .run import write_documents
from .shanghai import LAYOUT as SHANGHAI
from .shanghai import printed
from .shanghai_budget import LAYOUT as SHANGHAI_BUDGET
from .shanghai_budget import yuan

TRUTH = "truth.json"
FEN_PER_WAN = 1_000_000
FEN_PER_YUAN = 100
CENT = 10_000  # 0.01 万元 in fen
_CHANGE = re.compile(r"(增加|减少)(\d+\.\d{2})万元，(增长|下降)(\d+\.\d{2})%")


class NotApplicable(Exception):
    """The document offers no place for this defect (no spending of that kind, no stated change ...)."""


@dataclass
class Edit:
    where: dict[str, str | int]  # table, row, column; or paragraph, sentence (index) and section
    original: str
    planted: str


@dataclass
class Defect:
    rule: str
    unit: str
    year: int
    edits: list[Edit]
    breaks: list[tuple[str, int]]  # (rule, year) of the same unit expected to fire
    file: str | None = None
    kind: str = "final-accounts"  # of the documents it breaks (final-accounts or budget)

    def as_dict(self) -> dict:
        found = asdict(self)
        found["breaks"] = [{"rule": rule, "year": year} for rule, year in self.breaks]
        return found


@dataclass
class Target:
    """The document a defect is planted in, with what the defect may need to know of its series."""

    document: DemoDocument
    year: Year
    rng: random.Random
    has_previous: bool
    has_next: bool
    edits: list[Edit] = field(default_factory=list)

    # --- amounts -------------------------------------------------------------------------
    def amount(self, at_most: int | None = None) -> int:
        """A planted difference in fen: 1.00 to 50.00 万元, at most half of `at_most` where given."""
        largest = 5_000 if at_most is None else min(5_000, at_most // 2 // CENT)
        if largest < 100:
            raise NotApplicable("too small an amount to move")
        return self.rng.randrange(100, largest + 1) * CENT

    def cell_text(self, fen: int, explicit_zero: bool = False, role: str | None = None) -> str:
        if role is not None and _fen_per(self.document.table(role)) == FEN_PER_YUAN:
            return yuan(fen)
        if self.document.layout in (SHANGHAI, SHANGHAI_BUDGET) and (fen or not explicit_zero):
            return printed(fen)
        return money(fen)

    # --- table cells ---------------------------------------------------------------------
    def fen(self, role: str, row: str, column: str) -> int:
        table = self.document.table(role)
        return to_fen(table.cell(row, column).text, _fen_per(table))

    def set_cell(self, role: str, row: str, column: str, text: str) -> None:
        cell = self.document.table(role).cell(row, column)
        self.edits.append(Edit({"table": role, "row": row, "column": column}, cell.text, text))
        cell.text = text

    def shift(self, role: str, row: str, column: str, delta: int) -> None:
        self.set_cell(role, row, column, self.cell_text(self.fen(role, row, column) + delta, role=role))

    # --- narrative ----------------------------------------------------------------------
    def sentence(self, pattern: str) -> tuple[int, int]:
        for p, s, text in self.document.sentences():
            if re.search(pattern, text) and not self.document.narrative[p].heading:
                return p, s
        raise NotApplicable(f"no sentence matching {pattern}")

    def section(self, paragraph: int) -> str:
        headings = [p.text for p in self.document.narrative[:paragraph] if p.heading]
        return headings[-1] if headings else ""

    def set_sentence(self, p: int, s: int, text: str) -> None:
        sentences = self.document.narrative[p].sentences
        self.edits.append(Edit({"paragraph": p, "sentence": s, "section": self.section(p)}, sentences[s], text))
        sentences[s] = text

    def replace_in_sentence(self, pattern: str, edit: Callable[[re.Match], str]) -> None:
        """The first sentence with `pattern`, its first match replaced by `edit(match)`."""
        p, s = self.sentence(pattern)
        old = self.document.narrative[p].sentences[s]
        self.set_sentence(p, s, re.sub(pattern, edit, old, count=1))


def _pick(rng: random.Random, choices: list):
    if not choices:
        raise NotApplicable("nowhere to plant")
    return rng.choice(choices)


def to_fen(text: str, fen_per: int = FEN_PER_WAN) -> int:
    """A printed amount in 万元 (or in the unit of `fen_per` fen; thousands separators allowed,
    blank for nothing) in fen."""
    cleaned = text.replace(",", "").strip()
    return int(Decimal(cleaned) * fen_per) if cleaned else 0


def _fen_per(table: Table) -> int:
    """Fen per unit of the table's amounts: its unit line says 万元 or 元."""
    return FEN_PER_WAN if "万元" in table.unit_line else FEN_PER_YUAN


def restated_change(current: int, previous: int) -> str:
    """The change clause from `previous` to `current` (fen) as the narratives word it."""
    delta = current - previous
    word, rate_word = ("增加", "增长") if delta >= 0 else ("减少", "下降")
    return f"{word}{money(abs(delta))}万元，{rate_word}{percent(abs(delta), previous)}%"


def _previous_of(change: re.Match, current: int) -> int:
    delta = to_fen(change.group(2))
    return current - delta if change.group(1) == "增加" else current + delta


# --- table defects -------------------------------------------------------------------------

def _rows(table: Table, column: str, pattern: str) -> list[str]:
    """Row keys with a non-zero amount in `column` whose key matches `pattern`."""
    return [c.row for c in table.amount_cells() if c.column == column and re.fullmatch(pattern, c.row) and to_fen(c.text)]


_CLASS_ROW = r"[一二三四五六七八九十]+、.+"


def _t1_other_income(t: Target) -> list[str]:
    t.shift("T1", "八、其他收入", "income.amount", t.amount())
    return ["A-01", "X-01"]  # T1's other income is also compared with T2's


def _t1_class(t: Target) -> list[str]:
    row = _pick(t.rng, _rows(t.document.table("T1"), "expense.amount", _CLASS_ROW))
    t.shift("T1", row, "expense.amount", t.amount())
    return ["A-02", "X-02"]  # each T1 class is also compared with T3's


def _t1_grand_total(t: Target) -> list[str]:
    t.shift("T1", "总计", "expense.amount", t.amount())  # the income side's is the narrative's 收入支出总计
    return ["A-03"]


def _t4_class_total(t: Target) -> list[str]:
    row = _pick(t.rng, _rows(t.document.table("T4"), "expense.total", _CLASS_ROW))
    t.shift("T4", row, "expense.total", t.amount())
    return ["A-04"]


def _t2_class(t: Target) -> list[str]:
    row = _pick(t.rng, _rows(t.document.table("T2"), "total", r"\d{3}"))
    delta = t.amount()
    for column in ("total", "fiscal-appropriation"):
        t.shift("T2", row, column, delta)
    return ["A-05"]


def _t4_closing(t: Target) -> list[str]:
    delta = t.amount()
    for column in ("expense.total", "expense.general-budget"):
        t.shift("T4", "年末财政拨款结转和结余", column, delta)
    return ["A-06", "Y-01+1"]  # next year opens with another balance


def _t6_item(t: Target) -> list[str]:
    t.shift("T6", "30101", "amount", t.amount())
    return ["A-07"]


def _t7_purchase_budget(t: Target) -> list[str]:
    t.shift("T7", "公务用车购置费", "budget", t.amount())
    return ["A-08"]


def _t8_balance(t: Target) -> list[str]:
    t.set_cell("T8", "合计", "opening-balance", t.cell_text(t.amount()))
    t.set_cell("T8", "合计", "closing-balance", t.cell_text(0, explicit_zero=True))
    return ["A-09", "C-03"]  # figures under the note that calls the table empty


def _move(t: Target, role: str, rows: tuple[str, str], columns: tuple[str, ...], delta: int) -> None:
    for column in columns:
        t.shift(role, rows[0], column, -delta)
        t.shift(role, rows[1], column, delta)


def _t1_income_to_business(t: Target) -> list[str]:
    _move(t, "T1", ("一、一般公共预算财政拨款收入", "五、事业收入"), ("income.amount",),
          t.amount(t.fen("T1", "一、一般公共预算财政拨款收入", "income.amount")))
    return ["X-01", "X-03"]  # all income is 财政拨款: T2's 财政拨款 column then differs from T4 too


def _t1_income_to_fund(t: Target) -> list[str]:
    _move(t, "T1", ("一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入"), ("income.amount",),
          t.amount(t.fen("T1", "一、一般公共预算财政拨款收入", "income.amount")))
    return ["X-03"]


def _two_classes(t: Target, role: str, column: str) -> tuple[str, str]:
    rows = _rows(t.document.table(role), column, _CLASS_ROW)
    if len(rows) < 2:
        raise NotApplicable("one class only")
    return tuple(t.rng.sample(rows, 2))


def _t1_between_classes(t: Target) -> list[str]:
    rows = _two_classes(t, "T1", "expense.amount")
    _move(t, "T1", rows, ("expense.amount",), t.amount(t.fen("T1", rows[0], "expense.amount")))
    return ["X-02"]


def _t4_between_classes(t: Target) -> list[str]:
    rows = _two_classes(t, "T4", "expense.general-budget")
    _move(t, "T4", rows, ("expense.total", "expense.general-budget"), t.amount(t.fen("T4", rows[0], "expense.general-budget")))
    return ["X-04"]


def _t6_personnel_block(t: Target) -> list[str]:
    delta = t.amount()
    for row in ("30101", "301", "人员经费合计"):
        t.shift("T6", row, "amount", delta)
    t.replace_in_sentence(r"(?<=人员经费)(\d+\.\d{2})(?=万元)", lambda m: money(to_fen(m.group(1)) + delta))
    return ["X-05"]


def _t9_spending(t: Target) -> list[str]:
    amount = t.cell_text(t.amount())
    for column in ("expenditure", "basic"):
        t.set_cell("T9", "合计", column, amount)
    return ["X-06", "C-03"]  # figures under the note that calls the table empty


def _t3_sibling_items(t: Target) -> list[str]:
    """Basic and project spending swapped between two 项 of one 款 in T3 (all sums kept)."""
    t3 = t.document.table("T3")
    items = [c.row for c in t3.amount_cells() if c.column == "total" and re.fullmatch(r"\d{7}", c.row)]
    pairs = [(a, b) for a in items for b in items if a != b and a[:5] == b[:5]
             and t.fen("T3", a, "basic") >= 2 * 100 * CENT and t.fen("T3", b, "project") >= 2 * 100 * CENT]
    if not pairs:
        raise NotApplicable("no two items of one 款 with basic and project spending")
    a, b = _pick(t.rng, pairs)
    delta = t.amount(min(t.fen("T3", a, "basic"), t.fen("T3", b, "project")))
    for row, sign in ((a, 1), (b, -1)):
        t.shift("T3", row, "basic", -sign * delta)
        t.shift("T3", row, "project", sign * delta)
    return ["X-07"]


def _t6_reception(t: Target) -> list[str]:
    _move(t, "T6", ("30201", "30217"), ("amount",), t.amount(t.fen("T6", "30201", "amount")))
    return ["X-08"]


def _renamed_code(t: Target) -> list[str]:
    """A 项 of T3 under another name than the code list's (and than the unit's other years)."""
    t3 = t.document.table("T3")
    cell = _pick(t.rng, [c for printed_row in t3.body for c in printed_row if c.column == "name" and c.row and re.fullmatch(r"\d{7}", c.row)])
    t.set_cell("T3", cell.row, "name", cell.text + ("支出" if cell.text.endswith("费") else "费"))
    return ["X-09"] + (["Y-04"] if t.has_previous else []) + ["Y-04+1"]


def _renamed_across_years(t: Target) -> list[str]:
    if not (t.has_previous or t.has_next):
        raise NotApplicable("no other year published")
    return _renamed_code(t)


# --- completeness defects ------------------------------------------------------------------

def _drop_table(t: Target) -> list[str]:
    table = t.document.table("T9")
    t.edits.append(Edit({"table": "T9"}, table.title, ""))
    t.document.tables.remove(table)
    return ["C-01"]


def _misnumbered(t: Target) -> list[str]:
    numbered = [table for table in t.document.tables if table.number]
    if len(numbered) < 2:
        raise NotApplicable("the layout does not number its tables")
    index = t.rng.randrange(len(numbered) - 1)
    table, following = numbered[index], numbered[index + 1]
    t.edits.append(Edit({"table": table.role}, table.number, following.number))
    table.number = following.number
    return ["C-02"]


def _unexplained_empty_table(t: Target) -> list[str]:
    table = t.document.table("T8")
    t.edits.append(Edit({"table": "T8", "note": "note"}, table.note or "", ""))
    table.note = None
    return ["C-03"]


def _drop_section(t: Target) -> list[str]:
    narrative = t.document.narrative
    start = _pick(t.rng, [i for i, p in enumerate(narrative) if p.heading and "政府采购" in p.text][:1])
    end = next((i for i in range(start + 1, len(narrative)) if narrative[i].heading), len(narrative))
    t.edits.append(Edit({"paragraph": start, "section": narrative[start].text},
                        "".join(p.text for p in narrative[start:end]), ""))
    del narrative[start:end]
    return ["C-04"]


def _only_children(table: Table, column: str, length: int, parent: int) -> list[str]:
    codes = [c.row for c in table.amount_cells() if c.column == column and re.fullmatch(rf"\d{{{length}}}", c.row)]
    return [code for code in codes if sum(other[:parent] == code[:parent] for other in codes) == 1]


def _t5_without_item(t: Target) -> list[str]:
    t5 = t.document.table("T5")
    code = _pick(t.rng, _only_children(t5, "total", 7, 5))
    row = next(r for r in t5.body if any(c.row == code for c in r))
    t.edits.append(Edit({"table": "T5", "row": code}, "\t".join(c.text for c in row), ""))
    t5.body.remove(row)
    return ["C-05"]


def _t6_without_item(t: Target) -> list[str]:
    t6 = t.document.table("T6")
    code = _pick(t.rng, _only_children(t6, "amount", 5, 3))
    cells = [c for r in t6.body for c in r if c.row == code]
    t.edits.append(Edit({"table": "T6", "row": code}, "\t".join(c.text for c in cells), ""))
    for cell in cells:
        cell.text, cell.row, cell.column = "", None, None
    return ["C-06"]


def _t7_without_abroad(t: Target) -> list[str]:
    t7 = t.document.table("T7")
    header = _pick(t.rng, [c for row in t7.header for c in row if "出国" in c.text][:1])
    t.edits.append(Edit({"table": "T7", "header": "因公出国（境）费"}, header.text, "其他费用"))
    header.text = "其他费用"
    spent = t.fen("T7", "因公出国（境）费", "budget") or t.fen("T7", "因公出国（境）费", "actual")
    return ["C-07"] + (["A-08"] if spent else [])  # T7's total then lacks an addend


def _drop_sentence(t: Target, pattern: str) -> None:
    p, s = t.sentence(pattern)
    t.set_sentence(p, s, "")
    del t.document.narrative[p].sentences[s]


def _no_reception_counts(t: Target) -> list[str]:
    if not t.fen("T7", "合计", "actual"):
        raise NotApplicable("no 三公 spending")
    _drop_sentence(t, "接待来访团组")
    return ["C-08"]


def _no_sme_share(t: Target) -> list[str]:
    _drop_sentence(t, "授予中小企业")
    return ["C-09"]


def _no_unit(t: Target) -> list[str]:
    table = t.document.table("T2")
    t.edits.append(Edit({"table": "T2", "unit": "unit"}, table.unit_line, ""))
    table.unit_line = ""
    return ["C-10"]


def _residue(t: Target) -> list[str]:
    table = t.document.table("T8")
    note = table.note or ""
    if "本部门" in note:
        planted = note.replace("本部门", "XX单位", 1)
    elif t.document.unit in note:
        planted = note.replace(t.document.unit, "XX单位", 1)
    else:
        raise NotApplicable("no unit named in the note")
    t.edits.append(Edit({"table": "T8", "note": "note"}, note, planted))
    table.note = planted
    return ["C-11"]


# --- narrative defects ---------------------------------------------------------------------

def _stated(prefix: str, figure: str, edit: Callable[[Target, str], str], rules: tuple[str, ...]) -> Callable[[Target], list[str]]:
    """A planter editing the first figure (`figure` pattern) after `prefix` in a sentence."""
    def plant(t: Target) -> list[str]:
        t.replace_in_sentence(rf"({prefix})({figure})", lambda m: m.group(1) + edit(t, m.group(2)))
        return list(rules)
    return plant


def _stated_amount(prefix: str, *rules: str) -> Callable[[Target], list[str]]:
    return _stated(prefix, r"\d+\.\d{2}(?=万元)", lambda t, text: money(to_fen(text) + t.amount()), rules)


def _stated_rate(prefix: str, *rules: str) -> Callable[[Target], list[str]]:
    return _stated(prefix, r"\d+\.\d{2}(?=%)",
                   lambda t, text: str(Decimal(text) + Decimal(t.rng.randrange(200, 800)) / 100), rules)


def _paragraph(t: Target, pattern: str) -> int:
    for p, paragraph in enumerate(t.document.narrative):
        if not paragraph.heading and re.search(pattern, paragraph.text):
            return p
    raise NotApplicable(f"no paragraph matching {pattern}")


def _set_paragraph(t: Target, p: int, text: str) -> None:
    t.edits.append(Edit({"paragraph": p, "section": t.section(p)}, t.document.narrative[p].text, text))
    t.document.narrative[p] = Paragraph.of(text)


def _change_of(t: Target, subject: str) -> tuple[int, re.Match, re.Match]:
    """The paragraph stating `subject`'s amount, that amount and the change stated after it."""
    p = _paragraph(t, subject + r"\d+\.\d{2}万元")
    text = t.document.narrative[p].text
    amount = re.search(subject + r"(\d+\.\d{2})万元", text)
    change = _CHANGE.search(text, amount.end())
    if not change:
        raise NotApplicable("no change stated")
    return p, amount, change


def _restate(t: Target, subject: str, current: Callable[[int], int], previous: Callable[[int, int], int]) -> None:
    """`subject`'s amount and change restated: the current amount `current(stated)`, the previous
    one `previous(stated current, stated previous)`, the change and its rate consistent with both."""
    p, amount, change = _change_of(t, subject)
    text = t.document.narrative[p].text
    stated = to_fen(amount.group(1))
    before = previous(stated, _previous_of(change, stated))
    now = current(stated)
    restated = (text[:amount.start(1)] + money(now) + text[amount.end(1):change.start()]
                + restated_change(now, before) + text[change.end():])
    _set_paragraph(t, p, restated)


def _growth_on_zero_base(t: Target) -> list[str]:
    _restate(t, "机关运行经费支出", lambda stated: stated, lambda stated, previous: 0)
    return ["N-04"]


def _operating_costs_above_public(t: Target) -> list[str]:
    raised = t.amount()
    _restate(t, "机关运行经费支出", lambda stated: stated + raised, lambda stated, previous: previous)
    return ["N-07"]


def _no_reason(t: Target) -> list[str]:
    p, _, _ = _change_of(t, "机关运行经费支出")
    text = t.document.narrative[p].text
    _set_paragraph(t, p, re.sub(r"，主要原因[^。]*|(?<=。)主要原因[^。]*。", "", text, count=1))
    return ["N-09"]


def _other_vehicle_count(t: Target) -> list[str]:
    t.replace_in_sentence(r"(共有车辆)(\d+)(?=辆)", lambda m: m.group(1) + str(int(m.group(2)) + t.rng.randrange(1, 4)))
    return ["N-10"]


def _restated_previous(t: Target) -> list[str]:
    if not t.has_previous:
        raise NotApplicable("no previous year published")
    _restate(t, "一般公共预算财政拨款支出", lambda stated: stated, lambda stated, previous: previous - t.amount(previous))
    return ["Y-02"]


def _sangong_change(t: Target) -> list[str]:
    """A 三公 year-on-year statement (consistent in itself) from another previous figure than last
    year's T7."""
    if not t.has_previous:
        raise NotApplicable("no previous year published")
    current = t.fen("T7", "合计", "actual")
    previous = sum(t.year.previous.sangong_actual.values()) + t.amount()
    p, s = t.sentence(r"“三公”经费财政拨款支出(年初)?预算为")
    statement = f"“三公”经费支出决算与上年相比，{restated_change(current, previous)}，主要原因是公务活动变化。"
    t.document.narrative[p].sentences.insert(s + 1, statement)
    t.edits.append(Edit({"paragraph": p, "sentence": s + 1, "section": t.section(p)}, "", statement))
    return ["Y-03"]


# --- the carry-forward break, planted on the figures ------------------------------------------

def shifted_balances(year: Year, delta: int) -> Year:
    """The year with opening and closing balances both `delta` higher (consistent in itself)."""
    return replace(year, opening=year.opening + delta, closing=year.closing + delta)


@dataclass(frozen=True)
class Planter:
    rule: str
    plant: Callable[[Target], list[str]]
    touches: frozenset[str]  # tables and narrative parts edited: two defects of a document never share one
    cross_year: bool = False  # compares with the unit's other years: not planted in adjacent years


def _planter(rule: str, plant: Callable[[Target], list[str]], *touches: str, cross_year: bool = False) -> Planter:
    return Planter(rule, plant, frozenset(touches), cross_year)


CARRY_FORWARD = "Y-01"
PLANTERS = {p.rule: p for p in (
    _planter("C-01", _drop_table, "T9"),
    _planter("C-02", _misnumbered, "numbers"),
    _planter("C-03", _unexplained_empty_table, "T8"),
    _planter("C-04", _drop_section, "procurement"),
    _planter("C-05", _t5_without_item, "T5", "items"),
    _planter("C-06", _t6_without_item, "T6"),
    _planter("C-07", _t7_without_abroad, "T7", "sangong"),
    _planter("C-08", _no_reception_counts, "sangong"),
    _planter("C-09", _no_sme_share, "procurement"),
    _planter("C-10", _no_unit, "T2"),
    _planter("C-11", _residue, "T8"),
    _planter("A-01", _t1_other_income, "T1", "T2"),
    _planter("A-02", _t1_class, "T1", "T3"),
    _planter("A-03", _t1_grand_total, "T1"),
    _planter("A-04", _t4_class_total, "T4"),
    _planter("A-05", _t2_class, "T2"),
    _planter("A-06", _t4_closing, "T4", cross_year=True),
    _planter("A-07", _t6_item, "T6"),
    _planter("A-08", _t7_purchase_budget, "T7"),
    _planter("A-09", _t8_balance, "T8"),
    _planter("A-10", _stated_amount("货物[^0-9万]*?", "A-10"), "procurement"),
    _planter("X-01", _t1_income_to_business, "T1", "T2", "T4"),
    _planter("X-02", _t1_between_classes, "T1", "T3"),
    _planter("X-03", _t1_income_to_fund, "T1", "T4"),
    _planter("X-04", _t4_between_classes, "T4", "T5"),
    _planter("X-05", _t6_personnel_block, "T6", "T5", "basic"),
    _planter("X-06", _t9_spending, "T9", "T4"),
    _planter("X-07", _t3_sibling_items, "T3", "T5"),
    _planter("X-08", _t6_reception, "T6", "T7"),
    _planter("X-09", _renamed_code, "T3", "names", cross_year=True),
    _planter("N-01", _stated_amount("本年收入合计", "N-01"), "income"),
    _planter("N-02", _stated_rate(r"（类）\d+\.\d{2}万元，占", "N-02"), "structure"),
    _planter("N-03", _stated_rate("增长|下降", "N-03"), "grand-total"),
    _planter("N-04", _growth_on_zero_base, "operating-costs"),
    _planter("N-05", _stated_rate("完成年初预算的", "N-05"), "execution"),
    _planter("N-06", _stated_amount(r"公务接待费支出预算为\d+\.\d{2}万元，支出决算为", "N-06"), "sangong"),
    _planter("N-07", _operating_costs_above_public, "operating-costs"),
    _planter("N-08", _stated_amount("一般公共预算财政拨款支出(?=\\d+\\.\\d{2}万元，主要用于)", "N-08", "N-01"), "structure"),
    _planter("N-09", _no_reason, "operating-costs"),
    _planter("N-10", _other_vehicle_count, "assets"),
    _planter(CARRY_FORWARD, lambda t: [], "T1", "T4", "grand-total", cross_year=True),
    _planter("Y-02", _restated_previous, "general-budget-change", cross_year=True),
    _planter("Y-03", _sangong_change, "sangong", cross_year=True),
    _planter("Y-04", _renamed_across_years, "T3", "names", cross_year=True),
)}


def _expected(rules: list[str], year: int, has_next: bool) -> list[tuple[str, int]]:
    """(rule, year) pairs from a planter's rules, "+1" marking the unit's next year."""
    found = []
    for rule in rules:
        name, _, offset = rule.partition("+")
        if not offset or has_next:
            found.append((name, year + int(offset or 0)))
    return found


def _adjacent(years: list[Year], i: int, step: int) -> bool:
    j = i + step
    return 0 <= j < len(years) and years[j].department == years[i].department and years[j].year == years[i].year + step


@dataclass
class _Planting:
    """The state of one district's planting: the rotation of rules (so that every rule is planted
    in turn) and the unit-years holding a defect that compares across years."""

    rng: random.Random
    queue: list[str]
    cross_year: set[tuple[str, int]] = field(default_factory=set)

    def allowed(self, planter: Planter, year: Year, touched: set[str], first: bool) -> bool:
        if planter.touches & touched:
            return False
        if planter.rule == CARRY_FORWARD and not first:
            return False  # it rebuilds the document: the first defect of its document
        return not (planter.cross_year and (year.department, year.year - 1) in self.cross_year)

    def rotate(self, planted: list[str]) -> None:
        self.queue = [r for r in self.queue if r not in planted] + planted


def _carry_forward(years: list[Year], i: int, rng: random.Random) -> tuple[list[Edit], list[str]]:
    """Year i's opening and closing balances shifted (the year consistent in itself, its next year's
    narrative comparing with it): the opening differs from last year's closing, the closing from
    next year's opening."""
    has_previous, has_next = _adjacent(years, i, -1), _adjacent(years, i, 1)
    if not (has_previous or has_next):
        raise NotApplicable("no other year published")
    year = years[i]
    delta = rng.randrange(100, 5_000) * CENT
    years[i] = shifted_balances(year, delta)
    if has_next:
        years[i + 1] = replace(years[i + 1], previous=years[i])
    edits = [Edit({"figures": name}, money(getattr(year, name)), money(getattr(years[i], name))) for name in ("opening", "closing")]
    return edits, ([CARRY_FORWARD] if has_previous else []) + [CARRY_FORWARD + "+1"]


def _plant_document(state: _Planting, years: list[Year], i: int, layout: str, wanted: int) -> tuple[DemoDocument, list[Defect]]:
    build = LAYOUTS[layout].build
    document, defects, touched = None, [], set()
    has_previous, has_next = _adjacent(years, i, -1), _adjacent(years, i, 1)
    planted = []
    for rule in list(state.queue):
        if len(planted) == wanted:
            break
        planter = PLANTERS[rule]
        if not state.allowed(planter, years[i], touched, first=not planted):
            continue
        try:
            if rule == CARRY_FORWARD:
                edits, rules = _carry_forward(years, i, state.rng)
                candidate = build(years[i])
            else:
                target = Target(copy.deepcopy(document or build(years[i])), years[i], state.rng, has_previous, has_next)
                rules = planter.plant(target)
                candidate, edits = target.document, target.edits
        except (NotApplicable, KeyError):  # KeyError: the layout has no such table or cell
            continue
        document = candidate
        touched |= planter.touches
        planted.append(rule)
        if planter.cross_year:
            state.cross_year.add((years[i].department, years[i].year))
        defects.append(Defect(rule, years[i].department, years[i].year, edits, _expected(rules, years[i].year, has_next)))
    state.rotate(planted)
    return document or build(years[i]), defects


def plant_district(years: list[Year], layout: str, rate: float, per_document: int, seed: int) -> tuple[list[DemoDocument], list[Defect]]:
    """Every department-year's document, a share `rate` of them with 1 to `per_document` defects
    (seeded); the documents in the order of `years`, and the planted defects."""
    rng = random.Random(seed)
    queue = sorted(PLANTERS)
    rng.shuffle(queue)
    state = _Planting(rng, queue)
    years = list(years)
    documents, truth = [], []
    for i in range(len(years)):
        wanted = rng.randint(1, per_document) if rng.random() < rate else 0
        document, defects = _plant_document(state, years, i, layout, wanted)
        documents.append(document)
        truth += defects
    return documents, truth


def write_defective_district(directory: Path, departments: int, years: tuple[int, ...], seed: int, rate: float,
                             per_document: int, layout: str = DEFAULT_LAYOUT,
                             formats: tuple[str, ...] = ("txt",), budget_departments: int = 0) -> tuple[list[Path], list[Defect]]:
    """A district with planted defects written in each format, and its truth file (truth.json:
    every defect with the file it is planted in); with `budget_departments`, the budgets of that
    many departments (the first) beside their 决算, with defects planted at the same rate."""
    from .budgets import write_budget_district  # budgets builds on this module

    district_years = district(departments, years, seed, LAYOUTS[layout].district_name)
    documents, truth = plant_district(district_years, layout, rate, per_document, seed)
    files = write_documents(directory, documents, len(years), formats)
    names = {(d.unit, d.year): path.name for d, path in zip(documents, files[::len(formats)])}
    for defect in truth:
        defect.file = names[(defect.unit, defect.year)]
    if budget_departments:
        budget_files, budget_truth = write_budget_district(directory, budget_departments, years, seed, formats, rate,
                                                           per_document, LAYOUTS[layout].district_name)
        files, truth = files + budget_files, truth + budget_truth
    (directory / TRUTH).write_text(json.dumps([d.as_dict() for d in truth], ensure_ascii=False, indent=1), encoding="utf-8")
    return files, truth
