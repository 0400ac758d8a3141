"""A budget in the Shanghai 区级 layout (BUDGETS.md §1-2): the 部门预算 (scope 部门) and the
单位预算 (scope 单位) of a `budget.Budget`. Cover, 目录, 主要职能, 机构设置 (the 部门预算 counts its
budget units there), 名词解释 and 编制说明 before the nine tables; tables without numbers, in 元 with
two decimals and separators, zeros blank, codes split over 类/款/项 columns, the 三公 and
机关运行经费 table in 万元; the 单位预算's 财务收支预算总表 splits its expense into 合计, 人员经费,
公用经费 and 项目支出; then the 其他相关情况说明 in five parts. The narrative is in 万元."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .budget import CENTRE, Budget, scaled
from .document import Cell, DemoDocument, HeaderCell, Paragraph, Table
from .figures import class_totals, code_names, function_rows, header, numeral, sangong, side
from .shanghai import FUNCTIONS, _code_cells, _two_sided, printed

LAYOUT = "shanghai-district-budget"
DEPARTMENT, UNIT = "department", "unit"
INCOME = ("一、财政拨款收入", "1. 一般公共预算资金", "2. 政府性基金", "3. 国有资本经营预算", "二、事业收入",
          "三、事业单位经营收入", "四、其他收入")
FUNDS = ("一、一般公共预算资金", "二、政府性基金", "三、国有资本经营预算")
# the 三公 table's columns in print order (出国, 接待, 车), by the profile's row labels
SANGONG_COLUMNS = ("合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费")
VEHICLE_KINDS = ("部级领导干部用车", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车",
                 "离退休干部用车")
_WORDS = {  # what the scope changes in the wording
    DEPARTMENT: {"scope": "部门", "tables": "部门", "sangong": "部门", "editor": "编制部门", "self": "本部门", "cover": "预算主管部门"},
    UNIT: {"scope": "单位", "tables": "预算单位", "sangong": "单位", "editor": "编制单位", "self": "本单位", "cover": "预算单位"},
}


def yuan(fen: int) -> str:
    """A table figure in 元 as the Shanghai budgets print it: two decimals, separators, blank for nothing."""
    return f"{Decimal(fen) / 100:,.2f}" if fen else ""


def wan(fen: int) -> str:
    """A narrative figure in 万元: two decimals, 0 for nothing."""
    return f"{Decimal(fen) / 1_000_000:.2f}" if fen else "0"


class _Builder:
    """The tables and texts of one budget document; `scope` is DEPARTMENT or UNIT."""

    def __init__(self, b: Budget, scope: str):
        self.b, self.scope, self.words = b, scope, _WORDS[scope]
        self.names = code_names(b.year)

    def table(self, role: str, title: str, heading: list[list[HeaderCell]], body: list[list[Cell]],
              note: str | None = None, unit: str = "单位：元") -> Table:
        caption = f"{self.words['editor']}：{self.b.unit} {unit}"
        prefix = self.words["sangong" if role == "T7" else "tables"]
        return Table(role, f"{self.b.year}年{prefix}{title}", None, caption, [], heading, body, note)

    # --- tables ------------------------------------------------------------------------------
    def class_rows(self, columns: list[tuple[str, Callable[[str, int, int], int]]]) -> list[list[Cell]]:
        """The 类 with spending, renumbered, each with `columns` (concept, amount of the 类's rows)."""
        rows = [(c, [(b, p) for code, b, p in function_rows(self.b) if code == c][0]) for c in class_totals(self.b)]
        return [side("expense", f"{numeral(i + 1)}、{self.names[c]}", [(concept, yuan(f(c, b, p))) for concept, f in columns])
                for i, (c, (b, p)) in enumerate(rows)]

    def expense_columns(self) -> list[tuple[str, Callable[[str, int, int], int]]]:
        if self.scope == DEPARTMENT:
            return [("amount", lambda c, b, p: b + p)]
        economic = self.class_economics()
        return [("total", lambda c, b, p: b + p), ("personnel", lambda c, b, p: economic[c][0]),
                ("public", lambda c, b, p: economic[c][1]), ("project", lambda c, b, p: p)]

    def class_economics(self) -> dict[str, tuple[int, int]]:
        """(人员经费, 公用经费) of each 类's basic spending, 公用经费 shared out by basic spending."""
        basic = {code: b for code, b, _ in function_rows(self.b) if len(code) == 3}
        public = scaled(basic, self.b.public)
        return {code: (basic[code] - public[code], public[code]) for code in basic}

    def t1(self) -> Table:
        b = self.b
        income = [side("income", label, [("amount", yuan(b.total if i < 2 else 0))]) for i, label in enumerate(INCOME)]
        columns = self.expense_columns()
        body = _two_sided(income, self.class_rows(columns), 2, 1 + len(columns))
        totals = {"amount": b.total, "total": b.total, "personnel": b.personnel, "public": b.public, "project": b.project}
        body.append(side("income", "收入总计", [("amount", yuan(b.total))])
                    + side("expense", "支出总计", [(concept, yuan(totals[concept])) for concept, _ in columns]))
        if self.scope == DEPARTMENT:
            heading = [header(("本年收入", 2), ("本年支出", 2)), header("项目", "预算数", "项目", "预算数")]
        else:
            # the label columns repeat 项目 on every header line: a line opening with 合计 would read as a row
            labels = ("项目", "预算数", "项目")
            heading = [header(("本年收入", 2), ("本年支出", 5)), header(*labels, ("预算数", 4)),
                       header(*labels, ("合计", 1, 2), ("基本支出", 2), ("项目支出", 1, 2)), header(*labels, "人员经费", "公用经费")]
        return self.table("T1", "财务收支预算总表", heading, body)

    def coded(self, code: str, amounts: list[tuple[str, str]]) -> list[Cell]:
        row = code or "合计"
        return _code_cells(code, row) + [Cell(self.names[code] if code else "合计", row, "name")] + [
            Cell(text, row, concept) for concept, text in amounts]

    def coded_table(self, role: str, title: str, group: str, columns: tuple[str, ...], concepts: tuple[str, ...],
                    amounts, note: str | None = None) -> Table:
        rows = [self.coded(code, list(zip(concepts, amounts(b, p)))) for code, b, p in function_rows(self.b)] if amounts else []
        total = list(zip(concepts, amounts(self.b.basic, self.b.project))) if amounts else [(c, "") for c in concepts]
        heading = [header(("项目", 4), (group, len(columns))),
                   header(("功能分类科目编码", 3), ("功能分类科目名称", 1, 2), *[(c, 1, 2) for c in columns]),
                   header("类", "款", "项")]
        return self.table(role, title, heading, rows + [self.coded("", total)], note)

    def t2(self) -> Table:
        return self.coded_table("T2", "收入预算总表", "收入预算", ("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"),
                                ("total", "fiscal-appropriation", "business-income", "operating-income", "other-income"),
                                lambda b, p: (yuan(b + p), yuan(b + p), "", "", ""))

    def spending_table(self, role: str, title: str, group: str) -> Table:
        return self.coded_table(role, title, group, ("合计", "基本支出", "项目支出"), ("total", "basic", "project"),
                                lambda b, p: (yuan(b + p), yuan(b), yuan(p)))

    def empty_table(self, role: str, title: str, fund: str) -> Table:
        note = f"注：{self.words['self']}{self.b.year}年无{fund}财政拨款安排的预算，故本表为空表。"
        return self.coded_table(role, title, f"{fund}支出", ("合计", "基本支出", "项目支出"), ("expenditure", "basic", "project"),
                                None, note)

    def t4(self) -> Table:
        b = self.b
        income = [side("income", label, [("amount", yuan(b.total if i == 0 else 0))]) for i, label in enumerate(FUNDS)]
        funds = [("total", lambda c, bb, p: bb + p), ("general-budget", lambda c, bb, p: bb + p),
                 ("government-fund", lambda c, bb, p: 0), ("state-capital", lambda c, bb, p: 0)]
        body = _two_sided(income, self.class_rows(funds), 2, 5)
        body.append(side("income", "收入总计", [("amount", yuan(b.total))])
                    + side("expense", "支出总计", list(zip(("total", "general-budget", "government-fund", "state-capital"),
                                                          (yuan(b.total), yuan(b.total), "", "")))))
        heading = [header(("财政拨款收入", 2), ("财政拨款支出", 5)),
                   header("项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算")]
        return self.table("T4", "财政拨款收支预算总表", heading, body)

    def t6(self) -> Table:
        economic = {code: amount for code, amount in self.b.economic.items() if amount}
        classes = sorted({code[:3] for code in economic})
        body = [self.economic(code, self.b.economic_class(code) if len(code) == 3 else economic[code])
                for code in sorted(classes + list(economic))]
        body.append(self.economic("", self.b.basic))
        names = ("部门预算经济分类科目编码", "经济分类科目名称") if self.scope == DEPARTMENT else ("经济分类科目编码", "部门经济分类科目名称")
        heading = [header(("项目", 3), ("一般公共预算基本支出", 3)),
                   header((names[0], 2), (names[1], 1, 2), ("合计", 1, 2), ("人员经费", 1, 2), ("公用经费", 1, 2)),
                   header("类", "款")]
        return self.table("T6", "一般公共预算基本支出部门预算经济分类预算表", heading, body)

    def economic(self, code: str, amount: int) -> list[Cell]:
        row = code or "合计"
        people = self.b.personnel if not code else (amount if code[:3] != "302" else 0)
        costs = self.b.public if not code else (amount if code[:3] == "302" else 0)
        return [Cell(code[:3], row, "code.类"), Cell(code[3:], row, "code.款"),
                Cell(self.names[code] if code else "合计", row, "name"),
                Cell(yuan(amount), row, "total"), Cell(yuan(people), row, "personnel"), Cell(yuan(costs), row, "public")]

    def t7(self) -> Table:
        figures = dict(sangong(self.b.sangong))
        cells = [Cell(printed(figures[label]), label, "budget") for label in SANGONG_COLUMNS]
        cells.append(Cell(printed(self.b.operating_costs or 0), "机关运行经费", "budget"))
        heading = [header(("“三公”经费预算数", 6), ("机关运行经费预算数", 1, 3)),
                   header(("合计", 1, 2), ("因公出国(境)费", 1, 2), ("公务接待费", 1, 2), ("公务用车购置及运行费", 3)),
                   header("小计", "购置费", "运行费")]
        note = None if any(c.text for c in cells) else \
            f"注：{self.words['self']}{self.b.year}年无“三公”经费和机关运行经费预算，故本表为空表。"
        return self.table("T7", "“三公”经费和机关运行经费预算表", heading, [cells], note, unit="单位:万元")

    def tables(self) -> list[Table]:
        return [self.t1(), self.t2(), self.spending_table("T3", "支出预算总表", "支出预算"), self.t4(),
                self.spending_table("T5", "一般公共预算支出功能分类预算表", "一般公共预算支出"),
                self.empty_table("T8", "政府性基金预算支出功能分类预算表", "政府性基金预算"),
                self.empty_table("T9", "国有资本经营预算支出功能分类预算表", "国有资本经营预算"),
                self.t6(), self.t7()]

    # --- texts -------------------------------------------------------------------------------
    def change(self, current: int, previous: int) -> str:
        """"比2024年预算增加10.00万元" (or 减少), "与2024年预算持平"."""
        last = self.b.year - 1
        if current == previous:
            return f"与{last}年预算持平"
        return f"比{last}年预算{'增加' if current > previous else '减少'}{wan(abs(current - previous))}万元"

    def previous(self, figure) -> int:
        return figure(self.b.previous) if self.b.previous else 0

    def before_tables(self) -> list[Paragraph]:
        b, w = self.b, self.words
        h, t = (lambda text: Paragraph.of(text, heading=True)), Paragraph.of
        contents = [f"{numeral(i)}、{title}" for i, title in enumerate(
            (f"{w['scope']}主要职能", f"{w['scope']}机构设置", "名词解释", f"{w['scope']}预算编制说明", f"{w['scope']}预算表",
             "其他相关情况说明"), 1)]
        return [h("目录"), *map(t, contents), h(f"{b.unit}主要职能"), t(f"{b.unit}{FUNCTIONS[b.kind]}"),
                h(f"{b.unit}机构设置"), *map(t, self.structure()), h("名词解释"),
                t("（一）基本支出预算：是区级预算主管部门及所属预算单位为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划，包括人员经费和公用经费两部分。"),
                t("（二）项目支出预算：是区级预算主管部门及所属预算单位为完成行政工作任务、事业发展目标或政府发展战略、特定目标，在基本支出之外编制的年度支出计划。"),
                h(f"{b.year}年{w['scope']}预算编制说明"), *map(t, self.explanation())]

    def structure(self) -> list[str]:
        """机构设置: a 部门预算 names its budget units (a centre merged into 本部 is none)."""
        b = self.b
        if self.scope == UNIT:
            return [f"{b.unit}单位预算包括本单位以及下属0家预算单位的综合收支计划。"]
        centre = f"{b.unit}{CENTRE}"
        merged = "" if b.units > 1 else "不单列预算，并入本部"
        return [f"{b.unit}部门预算是包括{b.unit}本部以及下属1家事业单位的综合收支计划。本部门中，行政单位1家，事业单位1家，具体包括：",
                f"1.{b.unit}本部。", f"2.下属事业单位{centre}{merged}。"]

    def explanation(self) -> list[str]:
        b = self.b
        change = self.change(b.total, self.previous(lambda p: p.total))
        items = [f"{i}.“{self.names[c[:3]]}（类）{self.names[c[:5]]}（款）{self.names[c]}（项）”{wan(bb + p)}万元，主要用于{'基本支出' if bb else ''}{'和' if bb and p else ''}{'项目支出' if p else ''}。"
                 for i, (c, bb, p) in enumerate([r for r in function_rows(b) if len(r[0]) == 7], 1)]
        direction = "增加" if "增加" in change else "减少"
        return [f"{b.year}年，{b.unit}收入预算{wan(b.total)}万元，其中：财政拨款收入{wan(b.total)}万元，{change}；事业收入0万元；事业单位经营收入0万元；其他收入0万元。",
                f"支出预算{wan(b.total)}万元，其中：财政拨款支出预算{wan(b.total)}万元，{change}。财政拨款支出预算中，一般公共预算拨款支出预算{wan(b.total)}万元，{change}；"
                f"政府性基金拨款支出预算0万元，与{b.year - 1}年预算持平；国有资本经营预算拨款支出预算0万元，与{b.year - 1}年预算持平。",
                *([f"财政拨款收入支出{direction}的主要原因是人员经费和项目安排变化。"] if "持平" not in change else []),
                "财政拨款支出主要内容如下：", *items]

    def after_tables(self) -> list[Paragraph]:
        h, t = (lambda text: Paragraph.of(text, heading=True)), Paragraph.of
        b, w, year = self.b, self.words, self.b.year
        s, p = dict(sangong(b.sangong)), dict(sangong(b.previous.sangong)) if b.previous else {k: 0 for k in SANGONG_COLUMNS}
        said = {label: f"{wan(s[label])}万元，{self.change(s[label], p[label])}{self.reason(s[label], p[label])}" for label in s}
        goods, works, services = b.procurement
        operating = (f"{year}年{b.unit}财政拨款的机关运行经费预算为{wan(b.operating_costs)}万元。" if b.operating_costs is not None
                     else f"{year}年{b.unit}无机关运行经费。")
        none = "、".join(f"{kind}0辆" for kind in VEHICLE_KINDS)
        return [
            h("其他相关情况说明"), h(f"一、{year}年“三公”经费预算情况说明"),
            t(f"{year}年“三公”经费预算数为{said['合计']}。其中："),
            t(f"（一）因公出国（境）费{said['因公出国（境）费']}。"),
            t(f"（二）公务用车购置及运行费{said['公务用车购置及运行费']}。其中：公务用车购置费{said['公务用车购置费']}；公务用车运行费{said['公务用车运行费']}。"),
            t(f"（三）公务接待费{said['公务接待费']}。"),
            h("二、机关运行经费预算"), t(operating),
            h("三、政府采购预算情况"),
            t(f"{year}年度{w['self']}政府采购预算{wan(goods + works + services)}万元，其中：政府采购货物预算{wan(goods)}万元、政府采购工程预算{wan(works)}万元、政府采购服务预算{wan(services)}万元。"),
            t(f"{year}年度{w['self']}面向中小企业预留政府采购项目预算金额{wan(b.small_business[0])}万元，其中，预留给小型和微型企业的政府采购项目预算为{wan(b.small_business[1])}万元。"),
            h("四、绩效目标设置情况"),
            t(f"{year}年度，{w['self']}编报绩效目标的项目共{b.performance[0]}个，涉及项目预算资金{wan(b.performance[1])}万元。"),
            h("五、国有资产占有使用情况"),
            t(f"截至{year - 1}年8月31日，{b.unit}共有车辆{b.vehicles}辆，其中：{none}、其他用车{b.vehicles}辆；单价100万元（含）以上设备（不含车辆）0台（套）。"),
            t(f"{year}年{w['scope']}预算安排购置车辆{b.purchases}辆，其中：{none}、其他用车{b.purchases}辆；{w['scope']}预算安排购置单价100万元（含）以上设备（不含车辆）0台（套）。"),
        ]

    @staticmethod
    def reason(current: int, previous: int) -> str:
        return "" if current == previous else "，主要原因是公务活动安排变化"

    def document(self) -> DemoDocument:
        w = self.words
        cover = [f"上海市某区{self.b.year}年区级{w['scope']}预算", f"{w['cover']}：{self.b.unit}"]
        return DemoDocument(LAYOUT, self.b.unit, self.b.year, cover, self.before_tables(), [], self.tables(), self.after_tables())


def build(budget: Budget, scope: str) -> DemoDocument:
    """The 部门预算 (scope DEPARTMENT) or a 单位预算 (UNIT) of `budget`."""
    return _Builder(budget, scope).document()

