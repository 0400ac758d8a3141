"""A department-year in the national 2020 layout: tables numbered 公开01表..公开09表 with 栏次
and 行次, codes printed whole, zeros printed as 0.00, the narrative in the project's own words."""

from __future__ import annotations

from .district import PERSONNEL, PUBLIC, Year
from .document import Cell, DemoDocument, HeaderCell, Paragraph, Table
from .figures import (
    ZERO, class_totals, code_names, column_numbers, function_rows, header, money, numeral, percent,
    sangong, side,
)

LAYOUT = "national-2020"
INCOME_SOURCES = ("二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入", "四、上级补助收入",
                  "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入")


def _table(y: Year, role: str, title: str, heading, body, note: str) -> Table:
    number = int(role[1:])
    return Table(role, title, f"公开 {number:02d} 表", "单位：万元", [f"部门：{y.department}"], heading, body, note)


def _t1(y: Year, names: dict[str, str]) -> Table:
    income = [("一、一般公共预算财政拨款收入", money(y.income))] + [(label, ZERO) for label in INCOME_SOURCES]
    expense = [(f"{numeral(i + 1)}、{names[c]}", money(v)) for i, (c, v) in enumerate(class_totals(y).items())]
    body = []
    for i in range(max(len(income), len(expense))):
        left = income[i] if i < len(income) else ("", "")
        right = expense[i] if i < len(expense) else ("", "")
        body.append(side("income", left[0], [("amount", left[1])], i + 1)
                    + side("expense", right[0], [("amount", right[1])], i + 15))
    for (left, line, value), (right, right_line, right_value) in (
            (("本年收入合计", 10, money(y.income)), ("本年支出合计", 23, money(y.total))),
            (("使用非财政拨款结余", 11, ZERO), ("结余分配", 24, ZERO)),
            (("年初结转和结余", 12, money(y.opening)), ("年末结转和结余", 25, money(y.closing))),
            (("总计", 13, money(y.income + y.opening)), ("总计", 26, money(y.total + y.closing)))):
        body.append(side("income", left, [("amount", value)], line)
                    + side("expense", right, [("amount", right_value)], right_line))
    heading = [header(("收 入", 3), ("支 出", 3)), header("项 目", "行次", "决算数", "项 目", "行次", "决算数")]
    return _table(y, "T1", "收入支出决算总表", heading, body, "注：本表反映部门本年度的总收支和年末结转结余情况。")


def _coded(code: str, label: str, amounts: list[tuple[str, str]]) -> list[Cell]:
    """A coded row, or a summary row (合计) printed in the code column."""
    row = code or label
    return [Cell(code or label, row, "code"), Cell(label if code else "", row, "name")] + [
        Cell(text, row, concept) for concept, text in amounts]


def _t2(y: Year, names: dict[str, str]) -> Table:
    others = ("superior-subsidy", "business-income", "operating-income", "affiliate-remittance", "other-income")

    def amounts(total: int) -> list[tuple[str, str]]:
        return [("total", money(total)), ("fiscal-appropriation", money(total))] + [(c, ZERO) for c in others]

    body = [_coded("", "合计", amounts(y.total))]
    body += [_coded(c, names[c], amounts(b + p)) for c, b, p in function_rows(y)]
    heading = [
        header(("项 目", 2), *[(t, 1, 2) for t in ("本年收入 合计", "财政拨款 收入", "上级补助 收入", "事业收 入", "经营收 入",
                                                 "附属单位上 缴收入", "其他收 入")]),
        header("功能分类 科目编码", "科目名称"), header(("栏次", 2)) + column_numbers(1, 7)]
    return _table(y, "T2", "收入决算表", heading, body, "注：本表反映部门本年度取得的各项收入情况。")


def _t3(y: Year, names: dict[str, str]) -> Table:
    others = ("remittance-to-superior", "operating-expenditure", "subsidy-to-affiliates")

    def amounts(basic: int, project: int) -> list[tuple[str, str]]:
        return [("total", money(basic + project)), ("basic", money(basic)), ("project", money(project))] + [
            (c, ZERO) for c in others]

    body = [_coded("", "合计", amounts(y.basic, y.project))]
    body += [_coded(c, names[c], amounts(b, p)) for c, b, p in function_rows(y)]
    heading = [
        header(("项 目", 2), *[(t, 1, 2) for t in ("本年支出 合计", "基本支出", "项目支出", "上缴上级 支出", "经营支出",
                                                 "对附属单位 补助支出")]),
        header("功能分类 科目编码", "科目名称"), header(("栏次", 2)) + column_numbers(1, 6)]
    return _table(y, "T3", "支出决算表", heading, body, "注：本表反映部门本年度各项支出情况。")


def _t4(y: Year, names: dict[str, str]) -> Table:
    classes = list(class_totals(y).items())
    left = [("一、一般公共预算财政拨款", money(y.income)), ("二、政府性基金预算财政拨款", ZERO), ("三、国有资本经营预算财政拨款", ZERO)]
    funds = ("total", "general-budget", "government-fund", "state-capital")
    body = []
    for i in range(max(len(left), len(classes))):
        label, value = left[i] if i < len(left) else ("", "")
        right = (f"{numeral(i + 1)}、{names[classes[i][0]]}", money(classes[i][1])) if i < len(classes) else ("", "")
        amounts = (right[1], right[1], ZERO, ZERO) if right[1] else ("", "", "", "")
        body.append(side("income", label, [("amount", value)], i + 1)
                    + side("expense", right[0], list(zip(funds, amounts)), i + 15))
    opening = "年初财政拨款结转和结余"
    for (label, line, value, row), (right, right_line, amounts) in (
            (("本年收入合计", 9, money(y.income), None), ("本年支出合计", 23, (money(y.total), money(y.total), ZERO, ZERO))),
            ((opening, 10, money(y.opening), None), ("年末财政拨款结转和结余", 24, (money(y.closing), money(y.closing), ZERO, ZERO))),
            (("一般公共预算财政拨款", 11, money(y.opening), opening), ("", 25, ("",) * 4)),
            (("政府性基金预算财政拨款", 12, ZERO, opening), ("", 26, ("",) * 4)),
            (("国有资本经营预算财政拨款", 13, ZERO, opening), ("", 27, ("",) * 4)),
            (("总计", 14, money(y.income + y.opening), None),
             ("总计", 28, (money(y.total + y.closing), money(y.total + y.closing), ZERO, ZERO)))):
        body.append(side("income", label, [("amount", value)], line, f"{row}/{label}" if row else None)
                    + side("expense", right, list(zip(funds, amounts)), right_line))
    heading = [
        header(("收 入", 3), ("支 出", 6)),
        header("项 目", "行次", "金额", "项 目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
        header(("栏 次", 2), "1", ("栏 次", 2), "2", "3", "4", "5")]
    return _table(y, "T4", "财政拨款收入支出决算总表", heading, body, "注：本表反映部门本年度财政拨款的总收支和年末结转结余情况。")


def _t5(y: Year, names: dict[str, str]) -> Table:
    def amounts(basic: int, project: int) -> list[tuple[str, str]]:
        return [("total", money(basic + project)), ("basic", money(basic)), ("project", money(project))]

    body = [_coded("", "合计", amounts(y.basic, y.project))]
    body += [_coded(c, names[c], amounts(b, p)) for c, b, p in function_rows(y)]
    heading = [header(("项目", 2), ("本年支出", 3)), header("功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"),
               header(("栏次", 2)) + column_numbers(1, 3)]
    return _table(y, "T5", "一般公共预算财政拨款支出决算表", heading, body, "注：本表反映部门本年度一般公共预算财政拨款支出情况。")


def economic_blocks(y: Year) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(code, amount) of the personnel block (类 then its 款) and of the public block."""
    personnel = [item for c in sorted(PERSONNEL) for item in [(c, y.economic_class(c))] + [(k, y.economic[k]) for k in PERSONNEL[c]]]
    public = [("302", y.economic_class("302"))] + [(k, y.economic[k]) for k in PUBLIC["302"]]
    return personnel, public


def _economic(item: tuple[str, int] | None, names: dict[str, str]) -> list[Cell]:
    if item is None:
        return [Cell(""), Cell(""), Cell("")]
    code, amount = item
    return [Cell(code, code, "code"), Cell(names[code], code, "name"), Cell(money(amount), code, "amount")]


def _t6(y: Year, names: dict[str, str]) -> Table:
    left, right = economic_blocks(y)
    body = [_economic(left[i] if i < len(left) else None, names) + _economic(right[i] if i < len(right) else None, names)
            for i in range(max(len(left), len(right)))]
    body.append(_coded("", "人员经费合计", [("amount", money(y.personnel))])
                + _coded("", "公用经费合计", [("amount", money(y.public))]))
    heading = [header("经济分类 科目编码", "科目名称", "决算数", "经济分类 科目编码", "科目名称", "决算数")]
    return _table(y, "T6", "一般公共预算财政拨款基本支出决算表", heading, body, "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。")


def _t7(y: Year) -> Table:
    body = [[Cell(money(v), label, phase) for phase, figures in (("budget", y.sangong_budget), ("actual", y.sangong_actual))
             for label, v in sangong(figures)]]
    def items() -> list[HeaderCell]:
        return header(("合计", 1, 2), ("因公出国 (境) 费", 1, 2), ("公务用车购置及运行费", 3), ("公务 接待费", 1, 2))

    def vehicle() -> list[HeaderCell]:
        return header("小计", "公务用车 购置费", "公务用车 运行费")

    heading = [header(("预算数", 6), ("决算数", 6)), items() + items(), vehicle() + vehicle(), column_numbers(1, 12)]
    return _table(y, "T7", "一般公共预算财政拨款“三公”经费支出决算表", heading, body, "注：本表反映部门本年度“三公”经费支出预决算情况。")


def _t8(y: Year) -> Table:
    concepts = ("opening-balance", "income", "expenditure", "basic", "project", "closing-balance")
    body = [_coded("", "合计", [(c, "") for c in concepts])]
    heading = [header(("项 目", 2), ("年初结转和结余", 1, 2), ("本年收入", 1, 2), ("本年支出", 3), ("年末结转和结余", 1, 2)),
               header("功能分类 科目编码", "科目名称", "小计", "基本支出", "项目支出"), header(("栏次", 2)) + column_numbers(1, 6)]
    return _table(y, "T8", "政府性基金预算财政拨款收入支出决算表", heading, body,
                  "注：本表反映部门本年度政府性基金预算财政拨款收支情况，本部门没有政府性基金收支，故本表无数据。")


def _t9(y: Year) -> Table:
    body = [_coded("", "合计", [(c, "") for c in ("expenditure", "basic", "project")])]
    heading = [header(("项 目", 2), ("本年支出", 3)), header("功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"),
               header(("栏次", 2)) + column_numbers(1, 3)]
    return _table(y, "T9", "国有资本经营预算财政拨款支出决算表", heading, body,
                  "注：本表反映部门本年度国有资本经营预算财政拨款支出情况，本部门没有国有资本经营预算支出，故本表无数据。")


def _change(current: int, previous: int) -> str:
    delta = current - previous
    if delta == 0:
        return "与上年持平"
    word, rate_word = ("增加", "增长") if delta > 0 else ("减少", "下降")
    return f"与上年相比，{word}{money(abs(delta))}万元，{rate_word}{percent(abs(delta), previous)}%"


def _narrative(y: Year, names: dict[str, str]) -> list[Paragraph]:
    p = y.previous
    structure = "；".join(f"{names[c]}（类）{money(v)}万元，占{percent(v, y.total)}%" for c, v in class_totals(y).items())
    a, b = y.sangong_budget, y.sangong_actual
    total_b, total_a = sum(a.values()), sum(b.values())
    vehicle_b = a["vehicle-purchase"] + a["vehicle-operation"]
    vehicle_a = b["vehicle-purchase"] + b["vehicle-operation"]
    goods, works, services = y.procurement
    procurement = goods + works + services
    comparison = "大于" if y.total > y.budget_total else ("小于" if y.total < y.budget_total else "等于")
    trips = (1, 3) if b["abroad"] else (0, 0)
    h, t = (lambda text: Paragraph.of(text, heading=True)), Paragraph.of
    return [
        h("第三部分"), h(f"{y.year}年度部门决算情况说明"),
        h("一、收入支出决算总体情况说明"),
        t(f"{y.year}年度收入支出总计{money(y.total + y.closing)}万元。{_change(y.total + y.closing, p.total + p.closing)}，主要原因是业务工作量变化。"),
        h("二、收入决算情况说明"),
        t(f"本年收入合计{money(y.income)}万元，其中：财政拨款收入{money(y.income)}万元，占100.00%。"),
        h("三、支出决算情况说明"),
        t(f"本年支出合计{money(y.total)}万元，其中：基本支出{money(y.basic)}万元，占{percent(y.basic, y.total)}%；项目支出{money(y.project)}万元，占{percent(y.project, y.total)}%。"),
        h("四、财政拨款收入支出决算总体情况说明"),
        t(f"{y.year}年度财政拨款收入支出总计{money(y.total + y.closing)}万元。{_change(y.total + y.closing, p.total + p.closing)}，主要原因是业务工作量变化。"),
        h("五、一般公共预算财政拨款支出决算情况说明"),
        h("（一）一般公共预算财政拨款支出决算总体情况"),
        t(f"一般公共预算财政拨款支出{money(y.total)}万元，占本年支出合计的100.00%。{_change(y.total, p.total)}，主要原因是项目安排变化。"),
        h("（二）一般公共预算财政拨款支出决算结构情况"),
        t(f"一般公共预算财政拨款支出{money(y.total)}万元，主要用于以下方面：{structure}。"),
        h("（三）一般公共预算财政拨款支出决算具体情况"),
        t(f"一般公共预算财政拨款支出年初预算为{money(y.budget_total)}万元，支出决算为{money(y.total)}万元，完成年初预算的{percent(y.total, y.budget_total)}%。决算数{comparison}年初预算数的主要原因是：年中追加调整。"),
        h("六、一般公共预算财政拨款基本支出决算情况说明"),
        t(f"一般公共预算财政拨款基本支出{money(y.basic)}万元。其中：人员经费{money(y.personnel)}万元，主要包括基本工资、津贴补贴、住房公积金等；公用经费{money(y.public)}万元，主要包括办公费、公务接待费等。"),
        h("七、一般公共预算财政拨款三公经费支出决算情况说明"),
        t(f"“三公”经费财政拨款支出预算为{money(total_b)}万元，支出决算为{money(total_a)}万元，完成预算的{percent(total_a, total_b)}%。"),
        t(f"因公出国（境）费支出预算为{money(a['abroad'])}万元，支出决算为{money(b['abroad'])}万元。全年安排因公出国（境）团组{trips[0]}个，累计{trips[1]}人次。"),
        t(f"公务接待费支出预算为{money(a['reception'])}万元，支出决算为{money(b['reception'])}万元。全年共接待来访团组{y.receptions[0]}个、来宾{y.receptions[1]}人次。"),
        t(f"公务用车购置费及运行维护费支出预算为{money(vehicle_b)}万元，支出决算为{money(vehicle_a)}万元。截止{y.year}年12月31日，公务用车保有量为{y.vehicles}辆。"),
        h("八、政府性基金预算收入支出决算情况"), t(f"{y.year}年度本部门没有政府性基金预算财政拨款收入和支出。"),
        h("九、国有资本经营预算支出决算情况"), t(f"{y.year}年度本部门没有使用国有资本经营预算安排的支出。"),
        h("十、关于机关运行经费支出说明"),
        t(f"本部门{y.year}年度机关运行经费支出{money(y.operating_costs)}万元，{_change(y.operating_costs, p.operating_costs)}，主要原因是公用支出变化。"),
        h("十二、关于政府采购支出说明"),
        t(f"本部门{y.year}年度政府采购支出总额{money(procurement)}万元，其中：政府采购货物支出{money(goods)}万元、政府采购工程支出{money(works)}万元、政府采购服务支出{money(services)}万元。授予中小企业合同金额{money(services)}万元，占政府采购支出总额的{percent(services, procurement)}%。"),
        h("十三、关于国有资产占用情况说明"),
        t(f"截至{y.year}年12月31日，本单位共有车辆{y.vehicles}辆。"),
        h("十四、预算绩效情况说明"), t("本部门开展了预算绩效自评。"),
        h("第四部分"), h("名词解释"), t("一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。"),
    ]


def build(y: Year) -> DemoDocument:
    names = code_names(y.year)
    tables = [_t1(y, names), _t2(y, names), _t3(y, names), _t4(y, names), _t5(y, names), _t6(y, names),
              _t7(y), _t8(y), _t9(y)]
    return DemoDocument(LAYOUT, y.department, y.year, [f"{y.year}年度", y.department, "部门决算"], [],
                        ["第二部分", "部门决算表"], tables, _narrative(y, names))
