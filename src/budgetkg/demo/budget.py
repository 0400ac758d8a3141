"""A department-year's budget (部门预算 / 单位预算) in fen, drawn from the figures of its 决算 so
that the two agree where a rule compares them: the budget of year Y spends what Y's 决算 states as
its 年初预算 (`Year.budget_total`, all of it 一般公共预算) and plans the 三公 that Y's 决算 prints as
预算数 (`Year.sangong_budget`); its stated changes are against the budget of Y − 1, the 年初预算 of
Y − 1's 决算.

A department is one budget unit (本部, its 事务 centre 不单列预算，并入本部) until it gives the
centre a budget of its own: from then on its 部门预算 is the sum of two 单位预算, 本部's and the
centre's (`split`), and 本部's figures are the department's less the centre's.

    budget = budget_of(year)
    headquarters, centre = split(budget, "某区档案局服务保障中心")
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .district import ADMINISTRATIVE, PUBLIC_SERVICE, Spending, Year

CENT = 10_000  # 0.01 万元 in fen: every budget figure is a whole number of them
CENTRE = "服务保障中心"  # the department's centre (not a name of district.SERVICE_CENTRES)
# the centre's share (per cent) of the department's basic spending on each 项, and of its projects
CENTRE_BASIC = {"2010601": 0, "2010602": 30, "2080505": 25, "2101101": 0, "2210201": 25}
CENTRE_PROJECT = 20
CENTRE_ECONOMIC = ("30101", "30102", "30113", "30302", "30201", "30299")  # no 三公 items


@dataclass
class Budget(Spending):
    """One budget unit's (or one department's) budget for one year, in fen."""

    unit: str
    year: int
    kind: str  # 行政 or 事业
    spending: dict[str, tuple[int, int]]  # 项 code -> (basic, project)
    economic: dict[str, int]  # 部门预算经济分类 款 -> basic spending
    sangong: dict[str, int]  # abroad, vehicle-purchase, vehicle-operation, reception
    operating_costs: int | None  # 机关运行经费; None for a 事业单位 that has none
    procurement: tuple[int, int, int]  # goods, works, services
    small_business: tuple[int, int]  # 面向中小企业预留, of which 小型和微型企业
    vehicles: int  # held at 31 August of the year before
    purchases: int  # vehicles the budget buys
    performance: tuple[int, int]  # projects with performance targets, their funds
    previous: "Budget | None" = None  # the same unit's budget of the year before, where it had one
    units: int = 1  # budget units it consolidates (a 部门预算's 机构设置)


def scaled(parts: dict[str, int], total: int) -> dict[str, int]:
    """`parts` scaled to add up to `total`, each a whole number of CENT (largest remainder)."""
    whole = sum(parts.values())
    if not whole:
        return {k: 0 for k in parts}
    exact = {k: v * (total // CENT) for k, v in parts.items()}
    found = {k: e // whole * CENT for k, e in exact.items()}
    short = (total - sum(found.values())) // CENT
    for k in sorted(parts, key=lambda k: (-(exact[k] % whole), k))[:short]:
        found[k] += CENT
    return found


def _cents(fen: int, percent: int) -> int:
    return fen * percent // 100 // CENT * CENT


def _ratio(fen: int, numerator: int, denominator: int) -> int:
    """`fen` × numerator / denominator, down to a whole number of CENT."""
    return fen * (numerator // CENT) // denominator * CENT


def _economic(y: Year, personnel: int, sangong: dict[str, int], public: int) -> dict[str, int]:
    """The 款 of the budget's basic spending: the 决算's personnel items scaled, 公务接待费 and
    公务用车运行维护费 as the 三公 budget plans them, the other public items scaled."""
    fixed = {"30217": sangong["reception"], "30231": sangong["vehicle-operation"]}
    people = scaled({k: v for k, v in y.economic.items() if k[:3] in ("301", "303")}, personnel)
    others = scaled({k: y.economic[k] for k in ("30201", "30299")}, public - sum(fixed.values()))
    return dict(sorted({**people, **others, **fixed}.items()))


def budget_of(y: Year) -> Budget:
    """Year Y's budget of the department whose 决算 of Y is `y`."""
    total = y.budget_total
    basic = _ratio(y.basic, total, y.total)
    spending = dict(zip(y.spending, zip(scaled({c: b for c, (b, _) in y.spending.items()}, basic).values(),
                                        scaled({c: p for c, (_, p) in y.spending.items()}, total - basic).values())))
    sangong = dict(y.sangong_budget)
    public = max(_cents(basic, 100 * y.public // y.basic), sangong["reception"] + sangong["vehicle-operation"] + 2 * CENT)
    economic = _economic(y, basic - public, sangong, public)
    goods, works, services = (_ratio(v, total, y.total) for v in y.procurement)
    reserved = _cents(services, 40)
    projects = sum(1 for _, p in spending.values() if p)
    return Budget(
        unit=y.department, year=y.year, kind=y.kind, spending=spending, economic=economic, sangong=sangong,
        operating_costs=public, procurement=(goods, works, services), small_business=(reserved, _cents(reserved, 70)),
        vehicles=y.previous.vehicles if y.previous else y.vehicles, purchases=0,
        performance=(2 * projects, total - basic), previous=budget_of(y.previous) if y.previous else None,
    )


def _less(whole: Budget, part: Budget) -> dict:
    """The figures of `whole` that are not `part`'s (the 本部 of a department and its centre)."""
    return {
        "spending": {c: (b - part.spending.get(c, (0, 0))[0], p - part.spending.get(c, (0, 0))[1])
                     for c, (b, p) in whole.spending.items()},
        "economic": {c: v - part.economic.get(c, 0) for c, v in whole.economic.items()},
        "procurement": tuple(a - b for a, b in zip(whole.procurement, part.procurement)),
        "small_business": tuple(a - b for a, b in zip(whole.small_business, part.small_business)),
        "performance": tuple(a - b for a, b in zip(whole.performance, part.performance)),
    }


def split(budget: Budget, centre: str) -> tuple[Budget, Budget, Budget]:
    """The department's budget as the sum of two budget units': (department, 本部, centre).
    本部 has the department's name, its 三公, vehicles and 机关运行经费 (the department's too); the
    centre is a 事业单位 with a share of the basic spending on some 项 and of the projects, no
    三公, no vehicles, no 机关运行经费, and a budget of its own for the first time."""
    spending = {c: (_cents(b, CENTRE_BASIC[c]), _cents(p, CENTRE_PROJECT)) for c, (b, p) in budget.spending.items()}
    basic = sum(b for b, _ in spending.values())
    economic = scaled({c: budget.economic[c] for c in CENTRE_ECONOMIC}, basic)
    goods, _, services = budget.procurement
    reserved = _cents(services, 10)
    centre_budget = Budget(
        unit=centre, year=budget.year, kind=PUBLIC_SERVICE, spending=spending, economic=economic,
        sangong={k: 0 for k in budget.sangong}, operating_costs=None, procurement=(_cents(goods, 25), 0, _cents(services, 25)),
        small_business=(reserved, _cents(reserved, 70)), vehicles=0, purchases=0,
        performance=(1, sum(p for _, p in spending.values())),
    )
    headquarters = replace(budget, kind=ADMINISTRATIVE, units=1, **_less(budget, centre_budget))
    headquarters.operating_costs = headquarters.public
    return replace(budget, units=2, operating_costs=headquarters.public), headquarters, centre_budget
