"""Refined rules of issue 11, each on a real corpus page (or the minimal disclosure with a real
template's wording): failing before the refinement, silent after; and the new checks firing."""

from __future__ import annotations

import copy
from pathlib import Path

from budgetkg.claims import narrative_claims
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.validate import validate_graphs
from conftest import CAIZHENGJU, SHEHUIGONGZUOBU, ZHUZHOU, _disclosure

MINI = Path(__file__).parent / "fixtures" / "mini-2024.txt"


def _results(disclosure, rule: str) -> list[tuple]:
    iri, graph = disclosure_graph(disclosure)
    return sorted((r["severity"], r["expected"], r["actual"]) for r in validate_graphs({iri: graph}).results
                  if r["rule"] == rule)


def _mini(tmp_path, old: str, new: str):
    text = MINI.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "mini.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return recognise(read_document(path))


def test_touching_intervals_are_rounding():
    """财政局 p.6 and p.15: 社会保障和就业支出 326.71 (T1, T4) against 326.72 (T3, T5): the gap is
    the sum of the half-steps, so rounding (info), not a violation."""
    disclosure = _disclosure(CAIZHENGJU)
    assert _results(disclosure, "X-02") == [("info", "326.72", "326.71")]
    assert _results(disclosure, "X-04") == [("info", "326.71", "326.72")]


def test_a_figure_cut_rather_than_rounded_is_an_info(tmp_path):
    """A narrative 基本支出 one unit below the table in its last place (cut, not rounded) is an
    info; one unit above is still wrong (株洲: 403.68 against 403.67)."""
    cut = _mini(tmp_path, "基本支出80.00万元", "基本支出79.9万元")
    assert _results(cut, "N-01") == [("info", "80.00", "79.9万元")]
    above = _mini(tmp_path, "基本支出80.00万元", "基本支出80.1万元")
    assert _results(above, "N-01") == [("violation", "80.00", "80.1万元")]


def test_the_shanghai_count_wording_gives_the_counts(tmp_path):
    """The Shanghai 2024 template (p.18) asks for "公务接待批次、人次，其中：接待外宾批次、人次":
    "公务接待3批次、20人次" are the counts C-08 asks for; the 外宾 sub-item is not them."""
    disclosure = _mini(tmp_path, "全年共接待来访团组3个、来宾20人次。", "公务接待3批次、20人次，其中：接待外宾1批次、2人次。")
    assert _results(disclosure, "C-08") == []
    counts = [(c.metric, c.figures["count"].text) for c in narrative_claims(disclosure).claims
              if c.kind == "count" and "批次" in c.sentence]
    assert counts == [("reception-groups", "3批次"), ("reception-persons", "20人次"), (None, "1批次"), (None, "2人次")]


def test_no_rate_on_a_zero_budget_even_when_nothing_was_spent():
    """株洲 三公 section: "因公出国（境）费支出预算为0万元，支出决算为0万元，完成预算的0%": a
    rate of 0/0 is not a completion rate (N-05 2.0.0); the 0 budget with 1.25万元 spent stays."""
    found = _results(_disclosure(ZHUZHOU), "N-05")
    zero_over_zero = [f for f in found if f[2] in ("0%", "0.0%")]
    assert zero_over_zero and {f[:2] for f in zero_over_zero} == {("violation", "无完成率（预算为零）")}
    assert ("violation", "无完成率（预算为零）", "100%") in found


def test_a_share_cut_rather_than_rounded_is_an_info():
    """社会工作部 p.18: 住房保障支出 29.42 of 307.82 is 9.5575%, printed 9.55% (cut): an info; 财政局
    p.21: 2106.66 of 2940.05 is 71.65%, printed 71.73%: still a violation."""
    assert _results(_disclosure(SHEHUIGONGZUOBU), "N-02") == [("info", "9.56", "9.55%")]
    assert _results(_disclosure(CAIZHENGJU), "N-02") == [("violation", "71.65", "71.73%")]


def _edited(name: str, old: str, new: str, page: int | None = None):
    disclosure = copy.deepcopy(_disclosure(name))
    [paragraph] = [p for p in disclosure.paragraphs if old in p.text and page in (None, p.location.page)]
    paragraph.text = paragraph.text.replace(old, new)
    return disclosure


def test_x09_checks_the_names_the_narrative_quotes():
    """财政局 p.22 item 1 naming the wrong 款 ("财务事务" for 财政事务) of its 项 行政运行, and p.21
    naming 210 by its code with another name: warnings (the names the tables print are silent)."""
    assert _results(_disclosure(CAIZHENGJU), "X-09") == []
    wrong_kuan = _edited(CAIZHENGJU, "1、一般公共服务支出（类）财政事务（款）行政运行（项）", "1、一般公共服务支出（类）财务事务（款）行政运行（项）")
    assert _results(wrong_kuan, "X-09") == [("warning", "20106", "财务事务")]
    coded = _edited(CAIZHENGJU, "卫生健康支出（类）60.99万元", "医疗卫生支出（210类）60.99万元")
    assert _results(coded, "X-09") == [("warning", "210", "医疗卫生支出")]


def test_c10_checks_the_headings_against_the_cover():
    """财政局 p.21 heading naming the municipal bureau (a warning), another year (a violation), a
    budget (a warning); the headings as printed are silent."""
    heading = "第三部分上海市普陀区财政局2024年度部门决算情况"
    assert [r for r in _results(_disclosure(CAIZHENGJU), "C-10")] == []
    cover = "上海市普陀区财政局 2024年度决算"
    other_unit = _edited(CAIZHENGJU, heading, "第三部分上海市财政局2024年度部门决算情况", page=21)
    assert _results(other_unit, "C-10") == [("warning", cover, "第三部分上海市财政局2024年度部门决算情况")]
    other_year = _edited(CAIZHENGJU, heading, "第三部分上海市普陀区财政局2023年度部门决算情况", page=21)
    assert _results(other_year, "C-10") == [("violation", cover, "第三部分上海市普陀区财政局2023年度部门决算情况")]
    budget = _edited(CAIZHENGJU, heading, "第三部分上海市普陀区财政局2024年度部门预算情况", page=21)
    assert _results(budget, "C-10") == [("warning", cover, "第三部分上海市普陀区财政局2024年度部门预算情况")]


def test_c13_typography_is_an_info(tmp_path):
    """A share without its %, a doubled 。 and an unpaired quote in the narrative: infos."""
    disclosure = _mini(tmp_path, "占72.7%", "占72.7")
    assert [f[:2] for f in _results(disclosure, "C-13")] == [("info", "比率缺少 %")]
    doubled = _mini(tmp_path, "主要原因是厉行节约。", "主要原因是厉行节约。。")
    assert [f[:2] for f in _results(doubled, "C-13")] == [("info", "重复的句读标点")]
    quote = _mini(tmp_path, "“三公”经费财政拨款支出预算为6.00万元", "“三公经费财政拨款支出预算为6.00万元")
    assert [f[:2] for f in _results(quote, "C-13")] == [("info", "引号或括号不成对")]
