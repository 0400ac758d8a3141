"""The district's budgets: for every department-year its 部门预算 and the 单位预算 of its budget
units (one, 本部, until the department gives its centre a budget of its own: the first of every
ten departments does so in its last year, so that its 部门预算 is the sum of two 单位预算), in the
Shanghai 区级 layout, optionally with planted defects of the budget rules (A-11, X-10, N-11,
N-12, N-13, C-12, D-02) and their truth.

    files, truth = write_budget_district(directory, departments=10, rate=0.25)  # rate 0: clean, truth []

Files are named department-year-budget (00-2026-budget.txt, the 部门预算), then -budget-unit (本部's
单位预算) and -budget-unit-2 (the centre's), beside the 决算 files of the same department
(00-2026.txt), so that `detection.by_department` puts a department's documents together.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .budget import CENT, CENTRE, Budget, budget_of, split
from .defects import Defect, Edit, NotApplicable, Planter, Target, _CLASS_ROW, _planter, _rows, _stated_amount
from .district import Year, district
from .document import DemoDocument
from .render import FORMATS
from .shanghai_budget import DEPARTMENT, UNIT, build, wan

SPLIT_EVERY = 10  # the first department of every ten gives its centre a budget of its own in its last year
SUFFIXES = ("budget", "budget-unit", "budget-unit-2")  # 部门预算, 本部's 单位预算, the centre's


@dataclass
class Published:
    """One budget document to write: its figures, its scope and the department-year it belongs to."""

    budget: Budget
    scope: str
    department: int  # index of the department in the district
    suffix: str

    def build(self) -> DemoDocument:
        return build(self.budget, self.scope)


def department_budgets(years: list[Year], index: int) -> list[list[Published]]:
    """The budgets of one department's consecutive years (`years`), one list per year."""
    published = []
    for y in years:
        budget = budget_of(y)
        if index % SPLIT_EVERY == 0 and y is years[-1]:
            budgets = split(budget, f"{y.department}{CENTRE}")
        else:
            budgets = (budget, budget)
        published.append([Published(b, scope, index, suffix)
                          for b, scope, suffix in zip(budgets, (DEPARTMENT, UNIT, UNIT), SUFFIXES)])
    return published


def district_budgets(years: list[Year]) -> list[list[Published]]:
    """Every department-year's budgets, in the order of `years` (a district's, department by department)."""
    found, index = [], 0
    for start in range(len(years)):
        if start and years[start].department == years[start - 1].department:
            continue
        series = [y for y in years[start:] if y.department == years[start].department]
        found += department_budgets(series, index)
        index += 1
    return found


# --- planters of the budget rules -------------------------------------------------------------

@dataclass
class BudgetTarget(Target):
    """A budget document to plant in, with its figures and the department's other budget units."""

    published: Published | None = None
    others: tuple[Budget, ...] = ()


def _unit_only(plant: Callable[[BudgetTarget], list[str]]) -> Callable[[BudgetTarget], list[str]]:
    def checked(t: BudgetTarget) -> list[str]:
        if t.published.scope != UNIT:
            raise NotApplicable("a 单位预算 figure")
        return plant(t)
    return checked


def _class_rows(t: BudgetTarget, column: str) -> list[str]:
    return _rows(t.document.table("T1"), f"expense.{column}", _CLASS_ROW)


def _project_between_classes(t: BudgetTarget) -> list[str]:
    """项目支出 moved between two 类 of the 财务收支预算总表 (its total and every other table kept):
    the two rows' 合计 no longer equal 人员 + 公用 + 项目."""
    source = t.rng.choice(_class_rows(t, "project") or [None])
    others = [row for row in _class_rows(t, "total") if row != source]
    if source is None or not others:
        raise NotApplicable("no two classes, one with projects")
    delta = t.amount(t.fen("T1", source, "expense.project"))
    t.shift("T1", source, "expense.project", -delta)
    t.shift("T1", t.rng.choice(others), "expense.project", delta)
    return ["A-11"]


def _personnel_for_project(t: BudgetTarget) -> list[str]:
    """In the 财务收支预算总表, 人员经费 of one 类 swapped for 项目支出 of another, each row's sum and
    each column's total kept: 人员 + 公用 of both 类 no longer equal the 支出预算总表's 基本支出."""
    projects = _class_rows(t, "project")
    source = t.rng.choice(projects or [None])
    others = [row for row in _class_rows(t, "personnel") if row != source]
    if source is None or not others:
        raise NotApplicable("no two classes, one with projects")
    other = t.rng.choice(others)
    delta = t.amount(min(t.fen("T1", source, "expense.project"), t.fen("T1", other, "expense.personnel")))
    for row, sign in ((source, 1), (other, -1)):
        t.shift("T1", row, "expense.personnel", sign * delta)
        t.shift("T1", row, "expense.project", -sign * delta)
    return ["X-10"]


def _vehicles_bought(t: BudgetTarget) -> list[str]:
    t.replace_in_sentence(r"(预算安排购置车辆)(\d+)(?=辆)", lambda m: m.group(1) + str(int(m.group(2)) + t.rng.randrange(1, 4)))
    return ["N-12"]  # the count above the categories, and a purchase with no 购置费


def _no_vehicles(t: BudgetTarget) -> list[str]:
    if not t.fen("T7", "公务用车运行费", "budget"):
        raise NotApplicable("no vehicle running costs")
    p, s = t.sentence(r"共有车辆[1-9]\d*辆")
    text = t.document.narrative[p].sentences[s]
    t.set_sentence(p, s, re.sub(r"(共有车辆|其他用车)\d+辆", r"\g<1>0辆", text))
    return ["N-13"]


def _base_year(t: BudgetTarget) -> list[str]:
    t.replace_in_sentence(r"([比与])(\d{4})(?=年预算)", lambda m: m.group(1) + str(int(m.group(2)) - 1))
    return ["C-12"]


def _unit_over_department(t: BudgetTarget) -> list[str]:
    """本部's budget with basic spending moved from one 项 to another that no other unit of the
    department spends on, a sibling of one 款 where there is one (each document consistent in
    itself): cells of the 单位预算 that differ from the 部门预算's (one budget unit), or exceed
    them (several)."""
    if t.published.suffix != SUFFIXES[1]:
        raise NotApplicable("本部's 单位预算")
    budget = t.published.budget
    alone = [c for c in budget.spending if not any(o.spending.get(c, (0, 0))[0] for o in t.others)]
    code = t.rng.choice(alone)
    sources = [c for c, (basic, _) in budget.spending.items() if c != code and basic >= 200 * CENT]
    siblings = [c for c in sources if c[:5] == code[:5]]
    if not sources:
        raise NotApplicable("no 项 to move from")
    source = t.rng.choice(siblings or sources)
    delta = t.amount(budget.spending[source][0])
    spending = dict(budget.spending)
    for c, sign in ((source, -1), (code, 1)):
        basic, project = spending[c]
        spending[c] = (basic + sign * delta, project)
    t.published = replace(t.published, budget=replace(budget, spending=spending))
    t.document = t.published.build()
    t.edits += [Edit({"figures": f"spending/{c}/basic"}, wan(budget.spending[c][0]), wan(spending[c][0])) for c in (source, code)]
    return ["D-02"]


FIGURES = "D-02"  # planted on the figures: it rebuilds its document, the first defect there
BUDGET_PLANTERS = {p.rule: p for p in (
    _planter("A-11", _unit_only(_project_between_classes), "T1"),
    _planter("X-10", _unit_only(_personnel_for_project), "T1"),
    _planter("N-11", _stated_amount("涉及项目预算资金", "N-11"), "performance"),
    _planter("N-12", _vehicles_bought, "assets"),
    _planter("N-13", _no_vehicles, "assets"),
    _planter("C-12", _base_year, "sangong"),
    _planter(FIGURES, _unit_over_department, "T1", "T2", "T3", "T4", "T5", "T6", "items"),
)}


def _plant_once(planter: Planter, rng: random.Random, group: list[Published], documents: list[DemoDocument],
                defects: list[list[Defect]], touched: list[set[str]]) -> bool:
    """`planter`'s defect in the first document of the department-year that offers a place for it."""
    for i, published in enumerate(group):
        if planter.touches & touched[i] or (planter.rule == FIGURES and defects[i]):
            continue
        others = tuple(p.budget for p in group[1:] if p is not published)
        target = BudgetTarget(copy.deepcopy(documents[i]), None, rng, False, False, published=published, others=others)
        try:
            rules = planter.plant(target)
        except NotApplicable:
            continue
        documents[i], touched[i] = target.document, touched[i] | planter.touches
        b = published.budget
        defects[i].append(Defect(planter.rule, b.unit, b.year, target.edits, [(r, b.year) for r in rules], kind="budget"))
        return True
    return False


def plant_budgets(budgets: list[list[Published]], rate: float, per_document: int,
                  seed: int) -> tuple[list[list[DemoDocument]], list[list[list[Defect]]]]:
    """Every department-year's budget documents, a share `rate` of the department-years with 1 to
    `per_document` defects (never two of one rule in a department-year: the 部门预算 and 本部's
    单位预算 share the unit's name; every rule planted in turn); the documents and each one's
    defects, as `budgets` orders them."""
    rng = random.Random(seed)
    queue = sorted(set(BUDGET_PLANTERS) - {FIGURES})
    rng.shuffle(queue)
    queue.insert(0, FIGURES)  # the rule of a department's several documents first, even in a small district
    documents, truth = [], []
    for group in budgets:
        wanted = rng.randint(1, per_document) if rng.random() < rate else 0
        built = [published.build() for published in group]
        defects: list[list[Defect]] = [[] for _ in group]
        touched: list[set[str]] = [set() for _ in group]
        planted = []
        for rule in queue:
            if len(planted) < wanted and _plant_once(BUDGET_PLANTERS[rule], rng, group, built, defects, touched):
                planted.append(rule)
        queue = [r for r in queue if r not in planted] + planted
        documents.append(built)
        truth.append(defects)
    return documents, truth


def write_budget_district(directory: Path, departments: int = 10, years: tuple[int, ...] = (2024, 2025, 2026),
                          seed: int = 7, formats: tuple[str, ...] = ("txt",), rate: float = 0.0, per_document: int = 3,
                          district_name: str = "某区") -> tuple[list[Path], list[Defect]]:
    """The budgets of the district `district.district(departments, years, seed, district_name)`
    (the one the 决算 files show) written in each format into `directory`; with a rate, planted
    defects, each with its file. Returns the files and the defects."""
    budgets = district_budgets(district(departments, years, seed, district_name))
    documents, planted = plant_budgets(budgets, rate, per_document, seed)
    directory.mkdir(parents=True, exist_ok=True)
    width = max(2, len(str(departments - 1)))
    files, truth = [], []
    for group, built, defects in zip(budgets, documents, planted):
        for published, document, found in zip(group, built, defects):
            stem = f"{published.department:0{width}d}-{published.budget.year}-{published.suffix}"
            for extension in formats:
                path = directory / f"{stem}.{extension}"
                path.write_bytes(FORMATS[extension](document))
                files.append(path)
            for defect in found:
                defect.file = f"{stem}.{formats[0]}"
            truth += found
    return files, truth
