"""A department-year in the Shanghai 2024 layout (普陀区 and the official template): a 概况
part before the tables, nine tables without 公开NN numbering, codes split over 类/款/项 columns,
every 功能分类 类 listed in T1 and T4, zeros left blank, figures with thousands separators, 三公
in 预算数/决算数 pairs, T8 and T9 with balances, the narrative in Shanghai's wording."""

from __future__ import annotations

from .district import ADMINISTRATIVE, PUBLIC_SERVICE, Year, wan
from .document import Cell, DemoDocument, HeaderCell, Paragraph, Table
from .figures import (
    class_totals, code_names, function_rows, header, key, money, numeral, percent, sangong, side,
)
from .national import economic_blocks

LAYOUT = "shanghai-2024"
# 类 of the code list that departments' final accounts do not print (预备费, 转移性支出, 债务发行费用)
UNPRINTED_CLASSES = ("227", "230", "233")
INCOME_SOURCES = ("一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入",
                  "四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入")
FUNDS = ("一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "三、国有资本经营预算财政拨款")
CODE_LEVELS = (("类", 0, 3), ("款", 3, 5), ("项", 5, 7))
FUNCTIONS = {ADMINISTRATIVE: "是区政府工作部门，负责本领域的行政管理和公共服务工作。",
             PUBLIC_SERVICE: "是区属公益类事业单位，负责本领域的公共服务和技术支撑工作。"}


def printed(fen: int) -> str:
    """A table figure as Shanghai prints it: thousands separators, blank for nothing."""
    return f"{wan(fen):,}" if fen else ""


def _table(role: str, title: str, heading: list[list[HeaderCell]], body: list[list[Cell]], note: str | None = None) -> Table:
    return Table(role, title, None, "单位：万元", [], heading, body, note)


def _printed_classes(names: dict[str, str]) -> list[str]:
    return sorted(c for c in names if len(c) == 3 and c.startswith("2") and c not in UNPRINTED_CLASSES)


def _two_sided(left: list[list[Cell]], right: list[list[Cell]], left_width: int, right_width: int) -> list[list[Cell]]:
    rows = []
    for i in range(max(len(left), len(right))):
        rows.append((left[i] if i < len(left) else [Cell("") for _ in range(left_width)])
                    + (right[i] if i < len(right) else [Cell("") for _ in range(right_width)]))
    return rows


def _class_rows(y: Year, names: dict[str, str], spent: tuple[str, ...], unused: tuple[str, ...] = ()) -> list[list[Cell]]:
    """Every printed 类, numbered, with its spending in the `spent` columns (blank where none)
    and the `unused` columns blank."""
    totals = class_totals(y)
    return [side("expense", f"{numeral(i + 1)}、{names[c]}",
                 [(concept, printed(totals.get(c, 0))) for concept in spent] + [(concept, "") for concept in unused])
            for i, c in enumerate(_printed_classes(names))]


def _t1(y: Year, names: dict[str, str]) -> Table:
    income = [side("income", label, [("amount", printed(y.income if i == 0 else 0))]) for i, label in enumerate(INCOME_SOURCES)]
    body = _two_sided(income, _class_rows(y, names, ("amount",)), 2, 2)
    for left, value, right, right_value in (
            ("本年收入合计", y.income, "本年支出合计", y.total),
            ("使用非财政拨款结余（含专用结余）", 0, "结余分配", 0),
            ("年初结转和结余", y.opening, "年末结转和结余", y.closing),
            ("总计", y.income + y.opening, "总计", y.total + y.closing)):
        body.append(side("income", left, [("amount", printed(value))]) + side("expense", right, [("amount", printed(right_value))]))
    heading = [header(("收入", 2), ("支出", 2)), header("项目", "决算数", "项目", "决算数")]
    return _table("T1", "收入支出决算总表", heading, body)


def _t4(y: Year, names: dict[str, str]) -> Table:
    opening = "年初财政拨款结转和结余"
    funds = ("total", "general-budget", "government-fund", "state-capital")
    income = [side("income", label, [("amount", printed(y.income if i == 0 else 0))]) for i, label in enumerate(FUNDS)]
    body = _two_sided(income, _class_rows(y, names, funds[:2], funds[2:]), 2, 5)
    body.append(side("income", "本年收入合计", [("amount", printed(y.income))])
                + side("expense", "本年支出合计", list(zip(funds, (printed(y.total), printed(y.total), "", "")))))
    body.append(side("income", opening, [("amount", printed(y.opening))])
                + side("expense", "年末财政拨款结转和结余", list(zip(funds, (printed(y.closing), printed(y.closing), "", "")))))
    for i, fund in enumerate(FUNDS):
        body.append(side("income", fund, [("amount", printed(y.opening if i == 0 else 0))], row=f"{opening}/{fund}")
                    + [Cell("") for _ in range(5)])
    body.append(side("income", "总计", [("amount", printed(y.income + y.opening))])
                + side("expense", "总计", list(zip(funds, (printed(y.total + y.closing), printed(y.total + y.closing), "", "")))))
    heading = [header(("收入", 2), ("支出", 5)),
               header("项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")]
    return _table("T4", "财政拨款收入支出决算总表", heading, body)


def _code_cells(code: str, row: str) -> list[Cell]:
    return [Cell(code[start:end], row, f"code.{level}") for level, start, end in CODE_LEVELS]


def _coded(code: str, label: str, amounts: list[tuple[str, str]]) -> list[Cell]:
    row = code or key(label)
    return _code_cells(code, row) + [Cell(label, row, "name")] + [Cell(text, row, concept) for concept, text in amounts]


def _coded_heading(columns: tuple[str, ...]) -> list[list[HeaderCell]]:
    return [header(("项目", 4), *[(c, 1, 3) for c in columns]),
            header(("支出功能分类科目编码", 3), ("科目名称", 1, 2)),
            header("类", "款", "项")]


def _t2(y: Year, names: dict[str, str]) -> Table:
    others = ("superior-subsidy", "business-income", "operating-income", "affiliate-remittance", "other-income")

    def amounts(total: int) -> list[tuple[str, str]]:
        return [("total", printed(total)), ("fiscal-appropriation", printed(total))] + [(c, "") for c in others]

    body = [_coded("", "合计", amounts(y.total))] + [_coded(c, names[c], amounts(b + p)) for c, b, p in function_rows(y)]
    heading = _coded_heading(("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"))
    return _table("T2", "收入决算表", heading, body)


def _spending(basic: int, project: int) -> list[tuple[str, str]]:
    return [("total", printed(basic + project)), ("basic", printed(basic)), ("project", printed(project))]


def _t3(y: Year, names: dict[str, str]) -> Table:
    others = [(c, "") for c in ("remittance-to-superior", "operating-expenditure", "subsidy-to-affiliates")]
    body = [_coded("", "合计", _spending(y.basic, y.project) + others)]
    body += [_coded(c, names[c], _spending(b, p) + others) for c, b, p in function_rows(y)]
    heading = _coded_heading(("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"))
    return _table("T3", "支出决算表", heading, body)


def _t5(y: Year, names: dict[str, str]) -> Table:
    body = [_coded(c, names[c], _spending(b, p)) for c, b, p in function_rows(y)]
    body.append(_coded("", "合计", _spending(y.basic, y.project)))
    return _table("T5", "一般公共预算财政拨款支出决算表", _coded_heading(("合计", "基本支出", "项目支出")), body)


def _economic(item: tuple[str, int] | str | None, names: dict[str, str], amount: int = 0) -> list[Cell]:
    """An economic 类 or 款 row of one block, a summary row (a label and its amount), or nothing."""
    if item is None:
        return [Cell("") for _ in range(4)]
    if isinstance(item, str):
        return [Cell("", item, "code.类"), Cell("", item, "code.款"), Cell(item, item, "name"),
                Cell(printed(amount), item, "amount")]
    code, value = item
    return [Cell(code[:3], code, "code.类"), Cell(code[3:], code, "code.款"), Cell(names[code], code, "name"),
            Cell(printed(value), code, "amount")]


def _t6(y: Year, names: dict[str, str]) -> Table:
    left, right = economic_blocks(y)
    body = [_economic(left[i] if i < len(left) else None, names) + _economic(right[i] if i < len(right) else None, names)
            for i in range(max(len(left), len(right)))]
    body.append(_economic("人员经费合计", names, y.personnel) + _economic("公用经费合计", names, y.public))
    block = (("经济分类科目编码", 2), ("科目名称", 1, 2), ("决算数", 1, 2))
    heading = [header(*block, *block), header("类", "款", "类", "款")]
    return _table("T6", "一般公共预算财政拨款基本支出决算表", heading, body)


def _t7(y: Year) -> Table:
    budget, actual = dict(sangong(y.sangong_budget)), dict(sangong(y.sangong_actual))
    body = [[Cell(printed(figures[label]), label, phase) for label in budget
             for phase, figures in (("budget", budget), ("actual", actual))]]
    heading = [header(("财政拨款“三公”经费", 12)),
               header(("合计", 2, 2), ("因公出国（境）费", 2, 2), ("公务用车购置及运行费", 6), ("公务接待费", 2, 2)),
               header(("小计", 2), ("公务用车购置费", 2), ("公务用车运行费", 2)),
               header(*["预算数", "决算数"] * 6)]
    return _table("T7", "财政拨款“三公”经费支出决算表", heading, body)


def _balances(role: str, title: str, fund: str, y: Year) -> Table:
    concepts = ("opening-balance", "income", "expenditure", "basic", "project", "closing-balance")
    body = [[Cell("") for _ in range(10)] for _ in range(3)]
    body.append(_coded("", "合计", [(c, "") for c in concepts]))
    heading = [header(("项目", 4), ("年初结转和结余", 1, 3), ("本年收入", 1, 3), ("本年支出", 3), ("年末结转和结余", 1, 3)),
               header(("支出功能分类科目编码", 3), ("科目名称", 1, 2), ("小计", 1, 2), ("基本支出", 1, 2), ("项目支出", 1, 2)),
               header("类", "款", "项")]
    return _table(role, title, heading, body, f"注：{y.department}无{fund}财政拨款支出，故本表无数据。")


def _change(subject: str, current: int, previous: int, year: int) -> str:
    delta = current - previous
    if delta == 0:
        return f"与{year - 1}年度相比，{subject}持平。"
    word, rate_word = ("增加", "增长") if delta > 0 else ("减少", "下降")
    return f"与{year - 1}年度相比，{subject}{word}{money(abs(delta))}万元，{rate_word}{percent(abs(delta), previous)}%。"


def _item_paragraphs(y: Year, names: dict[str, str]) -> list[Paragraph]:
    items = [(c, b + p) for c, b, p in function_rows(y) if len(c) == 7]
    return [Paragraph.of(f"{i}、{names[c[:3]]}（类）{names[c[:5]]}（款）{names[c]}（项）。主要用于：本部门履职的基本支出和项目支出。"
                         f"支出决算为{money(v)}万元。") for i, (c, v) in enumerate(items, 1)]


def _overview(y: Year) -> list[Paragraph]:
    h = lambda text: Paragraph.of(text, heading=True)  # noqa: E731
    return [h(f"第一部分 {y.department}概况"), h("一、主要职能"),
            Paragraph.of(f"{y.department}{FUNCTIONS[y.kind]}"),
            h("二、部门决算单位构成"),
            Paragraph.of(f"从预算单位构成看，{y.department}部门决算包括：{y.department}本级。")]


def _narrative(y: Year, names: dict[str, str]) -> list[Paragraph]:
    p, unit = y.previous, y.department
    h, t = (lambda text: Paragraph.of(text, heading=True)), Paragraph.of
    structure = "；".join(f"{names[c]}（类）{money(v)}万元，占{percent(v, y.total)}%" for c, v in class_totals(y).items())
    a, b = y.sangong_budget, y.sangong_actual
    total_b, total_a = sum(a.values()), sum(b.values())
    vehicle_b, vehicle_a = a["vehicle-purchase"] + a["vehicle-operation"], b["vehicle-purchase"] + b["vehicle-operation"]
    goods, works, services = y.procurement
    procurement = goods + works + services
    comparison = "大于" if y.total > y.budget_total else ("小于" if y.total < y.budget_total else "等于")
    trips = (1, 3) if b["abroad"] else (0, 0)
    grand, previous_grand = y.total + y.closing, p.total + p.closing
    return [
        h(f"第三部分 {unit}{y.year}年度部门决算情况说明"),
        h("一、收入支出决算总体情况说明"),
        t(f"{unit}{y.year}年度收入支出总计{money(grand)}万元。{_change('收入支出总计', grand, previous_grand, y.year)}主要原因：业务工作量变化。"),
        h("二、收入决算情况说明"),
        t(f"本年收入合计{money(y.income)}万元，其中：财政拨款收入{money(y.income)}万元，占100.00%；"),
        h("三、支出决算情况说明"),
        t(f"本年支出合计{money(y.total)}万元，其中：基本支出{money(y.basic)}万元，占{percent(y.basic, y.total)}%；项目支出{money(y.project)}万元，占{percent(y.project, y.total)}%；"),
        h("四、财政拨款收入支出决算总体情况说明"),
        t(f"{unit}{y.year}年度财政拨款收入支出总计{money(grand)}万元。{_change('财政拨款收入支出总计', grand, previous_grand, y.year)}主要原因：业务工作量变化。"),
        h("五、一般公共预算财政拨款支出决算情况说明"),
        h("（一）一般公共预算财政拨款支出决算总体情况"),
        t(f"一般公共预算财政拨款支出{money(y.total)}万元，占本年支出合计的100.00%。{_change('一般公共预算财政拨款支出', y.total, p.total, y.year)}主要原因：项目安排变化。"),
        h("（二）一般公共预算财政拨款支出决算结构情况"),
        t(f"一般公共预算财政拨款支出{money(y.total)}万元，主要用于以下方面：{structure}；"),
        h("（三）一般公共预算财政拨款支出决算具体情况"),
        t(f"一般公共预算财政拨款支出年初预算为{money(y.budget_total)}万元，支出决算为{money(y.total)}万元，完成年初预算的{percent(y.total, y.budget_total)}%。决算数{comparison}预算数的主要原因：年中追加调整。其中："),
        *_item_paragraphs(y, names),
        h("六、一般公共预算财政拨款基本支出决算情况说明"),
        t(f"一般公共预算财政拨款基本支出{money(y.basic)}万元。其中：人员经费{money(y.personnel)}万元，主要包括：基本工资、津贴补贴、住房公积金、退休费；公用经费{money(y.public)}万元，主要包括：办公费、公务接待费、公务用车运行维护费、其他商品和服务支出。"),
        h("七、财政拨款“三公”经费支出决算情况说明"),
        h("（一）“三公”经费财政拨款支出决算总体情况说明。"),
        t(f"“三公”经费财政拨款支出年初预算为{money(total_b)}万元，支出决算为{money(total_a)}万元，完成预算的{percent(total_a, total_b)}%。"),
        h("（二）“三公”经费财政拨款支出决算具体情况说明。"),
        t(f"1、因公出国（境）费支出预算为{money(a['abroad'])}万元，支出决算为{money(b['abroad'])}万元。全年安排因公出国（境）团组{trips[0]}个，累计{trips[1]}人次。"),
        t(f"2、公务用车购置费及运行维护费支出预算为{money(vehicle_b)}万元，支出决算为{money(vehicle_a)}万元。截至{y.year}年12月31日，公务用车保有量为{y.vehicles}辆。"),
        t(f"3、公务接待费支出预算为{money(a['reception'])}万元，支出决算为{money(b['reception'])}万元。全年共接待来访团组{y.receptions[0]}个、来宾{y.receptions[1]}人次。"),
        h("八、政府性基金预算财政拨款收入支出决算情况说明"),
        t(f"{unit}{y.year}年度无政府性基金预算财政拨款收入和支出。"),
        h("九、国有资本经营预算财政拨款收入支出决算情况说明"),
        t(f"{unit}{y.year}年度无国有资本经营预算财政拨款收入和支出。"),
        h("十、预算绩效管理情况"),
        t(f"{unit}{y.year}年度开展了预算绩效自评。"),
        h("十一、其他重要事项的情况说明"),
        h("（一）机关运行经费支出情况"),
        t(f"机关运行经费支出{money(y.operating_costs)}万元，{_change('', y.operating_costs, p.operating_costs, y.year)}主要原因是公用支出变化。"),
        h("（二）政府采购支出情况"),
        t(f"{unit}{y.year}年度政府采购金额（以合同签订为准）为{money(procurement)}万元，其中：货物采购金额{money(goods)}万元、工程采购金额{money(works)}万元、服务采购金额{money(services)}万元。授予中小企业合同金额{money(services)}万元，占政府采购支出总额的{percent(services, procurement)}%。"),
        h("（三）国有资产占有使用情况说明"),
        t(f"截至{y.year}年12月31日，{unit}共有车辆{y.vehicles}辆。"),
        h("第四部分 名词解释"),
        t("一、财政拨款收入：指单位本年度从本级财政部门取得的财政拨款。"),
    ]


def build(y: Year) -> DemoDocument:
    names = code_names(y.year)
    tables = [_t1(y, names), _t2(y, names), _t3(y, names), _t4(y, names), _t5(y, names), _t6(y, names), _t7(y),
              _balances("T8", "政府性基金预算财政拨款收入支出决算表", "政府性基金预算", y),
              _balances("T9", "国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算", y)]
    return DemoDocument(LAYOUT, y.department, y.year, [y.department, f"{y.year}年度部门决算"], _overview(y),
                        [f"第二部分 {y.department}{y.year}年度部门决算表"], tables, _narrative(y, names))
