"""A fictional district: departments over consecutive years of 决算, consistent within and across
years (tables add up, balances carry forward, the narrative states the true figures).

Amounts are drawn in fen (integers) from a seeded generator, so every sum is exact; they are
shown in 万元 with two decimals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

# 项 codes of the 2024 functional classification the departments spend on: (code, share of basic)
SPENDING_CODES = ("2010601", "2010602", "2080505", "2101101", "2210201")
# 经济分类 款 of basic spending, by 类; 30217 and 30231 feed the 三公 table
PERSONNEL = {"301": ("30101", "30102", "30113"), "303": ("30302",)}
PUBLIC = {"302": ("30201", "30217", "30231", "30299")}
DEPARTMENTS = ("档案局", "统计局", "司法局", "审计局", "民政局", "财政局", "商务局", "退役军人事务局",
               "科学技术局", "文化和旅游局", "卫生健康委员会", "机关事务管理局")
# further 行政 units, then 事业 units: each 行政 unit's service centres (large districts, 1,000 disclosures)
MORE_DEPARTMENTS = ("发展和改革委员会", "教育局", "人力资源和社会保障局", "规划和自然资源局", "生态环境局",
                    "建设和管理委员会", "交通委员会", "农业农村委员会", "水务局", "应急管理局", "市场监督管理局",
                    "医疗保障局", "体育局", "人民防空办公室", "信访办公室", "金融工作局", "国有资产监督管理委员会",
                    "绿化和市容管理局", "房屋管理局", "投资促进办公室", "数据局", "民族宗教事务局", "侨务办公室",
                    "科学技术协会", "地方志办公室", "政府研究室", "城市管理行政执法局", "住房保障局")
SERVICE_CENTRES = ("信息中心", "事务服务中心", "综合保障中心", "发展研究中心", "培训中心", "宣传教育中心",
                   "后勤服务中心", "技术服务中心", "档案资料中心")
ADMINISTRATIVE, PUBLIC_SERVICE = "行政", "事业"


class Spending:
    """What a year's spending adds up to, from its `spending` (项 code -> (basic, project)) and
    its `economic` (经济分类 款 -> basic spending), in fen: shared by the 决算 and the budget."""

    spending: dict[str, tuple[int, int]]
    economic: dict[str, int]

    @property
    def basic(self) -> int:
        return sum(b for b, _ in self.spending.values())

    @property
    def project(self) -> int:
        return sum(p for _, p in self.spending.values())

    @property
    def total(self) -> int:
        return self.basic + self.project

    def economic_class(self, code: str) -> int:
        return sum(v for k, v in self.economic.items() if k.startswith(code))

    @property
    def personnel(self) -> int:
        return sum(self.economic_class(c) for c in PERSONNEL)

    @property
    def public(self) -> int:
        return sum(self.economic_class(c) for c in PUBLIC)


@dataclass
class Year(Spending):
    """One department's figures for one year, in fen."""

    department: str
    year: int
    spending: dict[str, tuple[int, int]]  # 项 code -> (basic, project)
    economic: dict[str, int]  # 经济分类 款 -> basic spending
    opening: int
    closing: int
    sangong_budget: dict[str, int]  # abroad, vehicle-purchase, vehicle-operation, reception
    sangong_actual: dict[str, int]
    budget_total: int  # 年初预算 of general budget spending
    operating_costs: int  # 机关运行经费
    procurement: tuple[int, int, int]  # goods, works, services
    vehicles: int
    receptions: tuple[int, int]  # groups, persons
    previous: "Year | None" = field(default=None, repr=False)
    kind: str = ADMINISTRATIVE  # 行政 or 事业 unit

    @property
    def income(self) -> int:
        return self.total + self.closing - self.opening


def wan(fen: int) -> Decimal:
    """Fen as 万元 with two decimals (1 万元 = 1,000,000 fen; figures are kept to 100 fen)."""
    return (Decimal(fen) / Decimal(1_000_000)).quantize(Decimal("0.01"))


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randrange(1, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def _round(fen: int) -> int:
    return fen - fen % 10_000  # whole 0.01 万元


def _year(rng: random.Random, department: str, year: int, previous: Year | None) -> Year:
    scale = rng.randrange(2_000, 20_000) * 100_000 if previous is None else _round(previous.total * rng.randrange(90, 115) // 100)
    basic = _round(scale * rng.randrange(55, 80) // 100)
    project = _round(scale - basic)
    basics = [_round(x) for x in _split(rng, basic, len(SPENDING_CODES))]
    basics[0] += basic - sum(basics)
    projects = [_round(x) for x in _split(rng, project, 2)]
    projects[0] += project - sum(projects)
    spending = {code: (b, 0) for code, b in zip(SPENDING_CODES, basics)}
    spending["2010601"] = (spending["2010601"][0], 0)
    spending["2010602"] = (spending["2010602"][0], projects[0])
    spending["2210201"] = (spending["2210201"][0], projects[1])
    personnel = _round(basic * rng.randrange(70, 85) // 100)
    public = basic - personnel
    economic = {}
    for codes, amount in ((PERSONNEL["301"] + PERSONNEL["303"], personnel), (PUBLIC["302"], public)):
        shares = [_round(x) for x in _split(rng, amount, len(codes))]
        shares[0] += amount - sum(shares)
        economic.update(zip(codes, shares))
    reception, running = economic["30217"], economic["30231"]
    abroad = 0 if rng.random() < 0.6 else _round(rng.randrange(1, 5) * 1_000_000)
    actual = {"abroad": abroad, "vehicle-purchase": 0, "vehicle-operation": running, "reception": reception}
    budget = {k: _round(v * rng.randrange(100, 120) // 100) for k, v in actual.items()}
    opening = previous.closing if previous else _round(rng.randrange(0, 50) * 1_000_000)
    closing = opening  # balances carried through unchanged: income by code (T2) then equals spending
    goods = _round(public * rng.randrange(5, 20) // 100)
    services = _round(public * rng.randrange(5, 20) // 100)
    return Year(
        department=department, year=year, spending=spending, economic=economic, opening=opening,
        closing=closing, sangong_budget=budget, sangong_actual=actual,
        budget_total=_round((basic + project) * rng.randrange(85, 110) // 100),
        operating_costs=public, procurement=(goods, 0, services), vehicles=rng.randrange(1, 6),
        receptions=(rng.randrange(1, 30), rng.randrange(5, 200)), previous=previous,
    )


def unit_names(count: int) -> list[tuple[str, str]]:
    """`count` distinct unit names with their kind: the 行政 units first, then their 事业 units."""
    administrative = DEPARTMENTS + MORE_DEPARTMENTS
    names = [(name, ADMINISTRATIVE) for name in administrative]
    names += [(f"{name}{centre}", PUBLIC_SERVICE) for centre in SERVICE_CENTRES for name in administrative]
    if count > len(names):
        raise ValueError(f"at most {len(names)} departments")
    return names[:count]


def district(departments: int = 10, years: tuple[int, ...] = (2024, 2025, 2026), seed: int = 7,
             district_name: str = "某区") -> list[Year]:
    """Every department's figures for every year, seeded so that runs repeat."""
    rng = random.Random(seed)
    found = []
    for name, kind in unit_names(departments):
        previous = _year(rng, f"{district_name}{name}", years[0] - 1, None)
        for year in years:
            previous = replace(_year(rng, f"{district_name}{name}", year, previous), kind=kind)
            found.append(previous)
    return found
