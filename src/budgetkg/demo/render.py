"""A department-year of the fictional district written out as a 决算 disclosure in the national
2020 layout, as text (tables as tab-separated rows, the narrative in the project's own words)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..codelists import code_list_for
from .district import PERSONNEL, PUBLIC, Year, wan

T = "\t"
Z = "0.00"


def _m(fen: int) -> str:
    return str(wan(fen))


def _pct(part: int, whole: int) -> str:
    return str((Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)) if whole else "0.00"


def _row(*cells: object) -> str:
    return T.join(str(c) for c in cells)


def _codes(y: Year) -> list[tuple[str, int, int]]:
    """(code, basic, project) for every 类, 款 and 项 with spending, in code order."""
    totals: dict[str, list[int]] = {}
    for code, (basic, project) in y.spending.items():
        for prefix in (code[:3], code[:5], code):
            entry = totals.setdefault(prefix, [0, 0])
            entry[0] += basic
            entry[1] += project
    return [(code, b, p) for code, (b, p) in sorted(totals.items())]


def _header(title: str, number: int, y: Year) -> list[str]:
    return [title, f"公开 {number:02d} 表", "单位：万元", f"部门：{y.department}"]


def _t1(y: Year, names: dict[str, str]) -> list[str]:
    classes = [(c, b + p) for c, b, p in _codes(y) if len(c) == 3]
    income = [("一、一般公共预算财政拨款收入", _m(y.income))] + [(label, Z) for label in (
        "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入", "四、上级补助收入", "五、事业收入",
        "六、经营收入", "七、附属单位上缴收入", "八、其他收入")]
    numerals = "一二三四五六七八"
    expense = [(f"{numerals[i]}、{names[c]}", _m(v)) for i, (c, v) in enumerate(classes)]
    lines = _header("收入支出决算总表", 1, y) + [_row("收 入", "", "", "支 出", "", ""),
                                               _row("项 目", "行次", "决算数", "项 目", "行次", "决算数")]
    for i in range(max(len(income), len(expense))):
        left = income[i] if i < len(income) else ("", "")
        right = expense[i] if i < len(expense) else ("", "")
        lines.append(_row(left[0], i + 1, left[1], right[0], i + 15, right[1]))
    lines += [_row("本年收入合计", 10, _m(y.income), "本年支出合计", 23, _m(y.total)),
              _row("使用非财政拨款结余", 11, Z, "结余分配", 24, Z),
              _row("年初结转和结余", 12, _m(y.opening), "年末结转和结余", 25, _m(y.closing)),
              _row("总计", 13, _m(y.income + y.opening), "总计", 26, _m(y.total + y.closing))]
    return lines + ["", "注：本表反映部门本年度的总收支和年末结转结余情况。", ""]


def _t2_t3_t5(y: Year, names: dict[str, str]) -> list[str]:
    codes = _codes(y)
    lines = _header("收入决算表", 2, y) + [
        _row("项 目", "", "本年收入 合计", "财政拨款 收入", "上级补助 收入", "事业收 入", "经营收 入", "附属单位上 缴收入", "其他收 入"),
        _row("功能分类 科目编码", "科目名称", *[""] * 7), _row("栏次", "", *range(1, 8)),
        _row("合计", "", _m(y.total), _m(y.total), Z, Z, Z, Z, Z)]
    lines += [_row(c, names[c], _m(b + p), _m(b + p), Z, Z, Z, Z, Z) for c, b, p in codes]
    lines += ["", "注：本表反映部门本年度取得的各项收入情况。", ""]
    lines += _header("支出决算表", 3, y) + [
        _row("项 目", "", "本年支出 合计", "基本支出", "项目支出", "上缴上级 支出", "经营支出", "对附属单位 补助支出"),
        _row("功能分类 科目编码", "科目名称", *[""] * 6), _row("栏次", "", *range(1, 7)),
        _row("合计", "", _m(y.total), _m(y.basic), _m(y.project), Z, Z, Z)]
    lines += [_row(c, names[c], _m(b + p), _m(b), _m(p), Z, Z, Z) for c, b, p in codes]
    lines += ["", "注：本表反映部门本年度各项支出情况。", ""]
    lines += _t4(y, names, codes)
    lines += _header("一般公共预算财政拨款支出决算表", 5, y) + [
        _row("项目", "", "本年支出", "", ""), _row("功能分类科目编码", "科目名称", "小计", "基本支出", "项目支出"),
        _row("栏次", "", 1, 2, 3), _row("合计", "", _m(y.total), _m(y.basic), _m(y.project))]
    lines += [_row(c, names[c], _m(b + p), _m(b), _m(p)) for c, b, p in codes]
    return lines + ["", "注：本表反映部门本年度一般公共预算财政拨款支出情况。", ""]


def _t4(y: Year, names: dict[str, str], codes) -> list[str]:
    classes = [(c, b + p) for c, b, p in codes if len(c) == 3]
    numerals = "一二三四五六七八"
    lines = _header("财政拨款收入支出决算总表", 4, y) + [
        _row("收 入", "", "", "支 出", "", "", "", "", ""),
        _row("项 目", "行次", "金额", "项 目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
        _row("栏 次", "", 1, "栏 次", "", 2, 3, 4, 5)]
    left = [("一、一般公共预算财政拨款", _m(y.income)), ("二、政府性基金预算财政拨款", Z), ("三、国有资本经营预算财政拨款", Z)]
    for i in range(max(len(left), len(classes))):
        label, value = left[i] if i < len(left) else ("", "")
        right = (f"{numerals[i]}、{names[classes[i][0]]}", _m(classes[i][1])) if i < len(classes) else ("", "")
        amounts = (right[1], right[1], Z, Z) if right[1] else ("", "", "", "")
        lines.append(_row(label, i + 1, value, right[0], i + 15, *amounts))
    lines += [_row("本年收入合计", 9, _m(y.income), "本年支出合计", 23, _m(y.total), _m(y.total), Z, Z),
              _row("年初财政拨款结转和结余", 10, _m(y.opening), "年末财政拨款结转和结余", 24, _m(y.closing), _m(y.closing), Z, Z),
              _row("一般公共预算财政拨款", 11, _m(y.opening), "", 25, "", "", "", ""),
              _row("政府性基金预算财政拨款", 12, Z, "", 26, "", "", "", ""),
              _row("国有资本经营预算财政拨款", 13, Z, "", 27, "", "", "", ""),
              _row("总计", 14, _m(y.income + y.opening), "总计", 28, _m(y.total + y.closing), _m(y.total + y.closing), Z, Z)]
    return lines + ["", "注：本表反映部门本年度财政拨款的总收支和年末结转结余情况。", ""]


def _t6(y: Year, names: dict[str, str]) -> list[str]:
    left = [(c, y.economic_class(c)) for c in sorted(PERSONNEL)]
    left = [item for c, v in left for item in [(c, v)] + [(k, y.economic[k]) for k in PERSONNEL[c]]]
    right = [("302", y.economic_class("302"))] + [(k, y.economic[k]) for k in PUBLIC["302"]]
    lines = _header("一般公共预算财政拨款基本支出决算表", 6, y)
    lines.append(_row("经济分类 科目编码", "科目名称", "决算数", "经济分类 科目编码", "科目名称", "决算数"))
    for i in range(max(len(left), len(right))):
        a = (left[i][0], names[left[i][0]], _m(left[i][1])) if i < len(left) else ("", "", "")
        b = (right[i][0], names[right[i][0]], _m(right[i][1])) if i < len(right) else ("", "", "")
        lines.append(_row(*a, *b))
    lines.append(_row("人员经费合计", "", _m(y.personnel), "公用经费合计", "", _m(y.public)))
    return lines + ["", "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。", ""]


def _sangong_values(figures: dict[str, int]) -> list[str]:
    vehicle = figures["vehicle-purchase"] + figures["vehicle-operation"]
    total = figures["abroad"] + vehicle + figures["reception"]
    return [_m(v) for v in (total, figures["abroad"], vehicle, figures["vehicle-purchase"],
                            figures["vehicle-operation"], figures["reception"])]


def _t7_to_t9(y: Year) -> list[str]:
    lines = _header("一般公共预算财政拨款“三公”经费支出决算表", 7, y) + [
        _row("预算数", *[""] * 5, "决算数", *[""] * 5),
        _row(*(["合计", "因公出国 (境) 费", "公务用车购置及运行费", "", "", "公务 接待费"] * 2)),
        _row(*(["", "", "小计", "公务用车 购置费", "公务用车 运行费", ""] * 2)),
        _row(*range(1, 13)), _row(*_sangong_values(y.sangong_budget), *_sangong_values(y.sangong_actual)),
        "", "注：本表反映部门本年度“三公”经费支出预决算情况。", ""]
    lines += _header("政府性基金预算财政拨款收入支出决算表", 8, y) + [
        _row("项 目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"),
        _row("功能分类 科目编码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""),
        _row("栏次", "", *range(1, 7)), _row("合计", *[""] * 7),
        "", "注：本表反映部门本年度政府性基金预算财政拨款收支情况，本部门没有政府性基金收支，故本表无数据。", ""]
    lines += _header("国有资本经营预算财政拨款支出决算表", 9, y) + [
        _row("项 目", "", "本年支出", "", ""), _row("功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        _row("栏次", "", 1, 2, 3), _row("合计", "", "", "", ""),
        "", "注：本表反映部门本年度国有资本经营预算财政拨款支出情况，本部门没有国有资本经营预算支出，故本表无数据。", ""]
    return lines


def _change(current: int, previous: int) -> str:
    delta = current - previous
    if delta == 0:
        return "与上年持平"
    word, rate_word = ("增加", "增长") if delta > 0 else ("减少", "下降")
    return f"与上年相比，{word}{_m(abs(delta))}万元，{rate_word}{_pct(abs(delta), previous)}%"


def _narrative(y: Year, names: dict[str, str]) -> list[str]:
    p = y.previous
    classes = [(c, b + q) for c, b, q in _codes(y) if len(c) == 3]
    structure = "；".join(f"{names[c]}（类）{_m(v)}万元，占{_pct(v, y.total)}%" for c, v in classes)
    a, b = y.sangong_budget, y.sangong_actual
    total_b, total_a = sum(a.values()), sum(b.values())
    vehicle_b = a["vehicle-purchase"] + a["vehicle-operation"]
    vehicle_a = b["vehicle-purchase"] + b["vehicle-operation"]
    goods, works, services = y.procurement
    procurement = goods + works + services
    comparison = "大于" if y.total > y.budget_total else ("小于" if y.total < y.budget_total else "等于")
    trips = (1, 3) if b["abroad"] else (0, 0)
    paragraphs = [
        "第三部分", f"{y.year}年度部门决算情况说明",
        "一、收入支出决算总体情况说明",
        f"{y.year}年度收入支出总计{_m(y.total + y.closing)}万元。{_change(y.total + y.closing, p.total + p.closing)}，主要原因是业务工作量变化。",
        "二、收入决算情况说明",
        f"本年收入合计{_m(y.income)}万元，其中：财政拨款收入{_m(y.income)}万元，占100.00%。",
        "三、支出决算情况说明",
        f"本年支出合计{_m(y.total)}万元，其中：基本支出{_m(y.basic)}万元，占{_pct(y.basic, y.total)}%；项目支出{_m(y.project)}万元，占{_pct(y.project, y.total)}%。",
        "四、财政拨款收入支出决算总体情况说明",
        f"{y.year}年度财政拨款收入支出总计{_m(y.total + y.closing)}万元。{_change(y.total + y.closing, p.total + p.closing)}，主要原因是业务工作量变化。",
        "五、一般公共预算财政拨款支出决算情况说明",
        "（一）一般公共预算财政拨款支出决算总体情况",
        f"一般公共预算财政拨款支出{_m(y.total)}万元，占本年支出合计的100.00%。{_change(y.total, p.total)}，主要原因是项目安排变化。",
        "（二）一般公共预算财政拨款支出决算结构情况",
        f"一般公共预算财政拨款支出{_m(y.total)}万元，主要用于以下方面：{structure}。",
        "（三）一般公共预算财政拨款支出决算具体情况",
        f"一般公共预算财政拨款支出年初预算为{_m(y.budget_total)}万元，支出决算为{_m(y.total)}万元，完成年初预算的{_pct(y.total, y.budget_total)}%。决算数{comparison}年初预算数的主要原因是：年中追加调整。",
        "六、一般公共预算财政拨款基本支出决算情况说明",
        f"一般公共预算财政拨款基本支出{_m(y.basic)}万元。其中：人员经费{_m(y.personnel)}万元，主要包括基本工资、津贴补贴、住房公积金等；公用经费{_m(y.public)}万元，主要包括办公费、公务接待费等。",
        "七、一般公共预算财政拨款三公经费支出决算情况说明",
        f"“三公”经费财政拨款支出预算为{_m(total_b)}万元，支出决算为{_m(total_a)}万元，完成预算的{_pct(total_a, total_b)}%。",
        f"因公出国（境）费支出预算为{_m(a['abroad'])}万元，支出决算为{_m(b['abroad'])}万元。全年安排因公出国（境）团组{trips[0]}个，累计{trips[1]}人次。",
        f"公务接待费支出预算为{_m(a['reception'])}万元，支出决算为{_m(b['reception'])}万元。全年共接待来访团组{y.receptions[0]}个、来宾{y.receptions[1]}人次。",
        f"公务用车购置费及运行维护费支出预算为{_m(vehicle_b)}万元，支出决算为{_m(vehicle_a)}万元。截止{y.year}年12月31日，公务用车保有量为{y.vehicles}辆。",
        "八、政府性基金预算收入支出决算情况", f"{y.year}年度本部门没有政府性基金预算财政拨款收入和支出。",
        "九、国有资本经营预算支出决算情况", f"{y.year}年度本部门没有使用国有资本经营预算安排的支出。",
        "十、关于机关运行经费支出说明",
        f"本部门{y.year}年度机关运行经费支出{_m(y.operating_costs)}万元，{_change(y.operating_costs, p.operating_costs)}，主要原因是公用支出变化。",
        "十二、关于政府采购支出说明",
        f"本部门{y.year}年度政府采购支出总额{_m(procurement)}万元，其中：政府采购货物支出{_m(goods)}万元、政府采购工程支出{_m(works)}万元、政府采购服务支出{_m(services)}万元。授予中小企业合同金额{_m(services)}万元，占政府采购支出总额的{_pct(services, procurement)}%。",
        "十三、关于国有资产占用情况说明",
        f"截至{y.year}年12月31日，本单位共有车辆{y.vehicles}辆。",
        "十四、预算绩效情况说明", "本部门开展了预算绩效自评。",
        "第四部分", "名词解释", "一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。",
    ]
    return [line for paragraph in paragraphs for line in (paragraph, "")]


def render_text(y: Year) -> str:
    names = {**code_list_for("function", y.year).names, **code_list_for("economic", y.year).names}
    lines = [f"{y.year}年度", y.department, "部门决算", "", "第二部分", "部门决算表", ""]
    lines += _t1(y, names) + _t2_t3_t5(y, names) + _t6(y, names) + _t7_to_t9(y) + _narrative(y, names)
    return "\n".join(lines)



