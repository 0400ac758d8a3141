"""Jiangsu 省级 部门预算: each narrative figure is linked to the cell of the subject its own clause
names (RULES.md, "Our gaps are never the document's fault"). One test per class of false finding
seen on the corpus (N-01, N-03, N-06, N-08), on the real files, the values read off the page
images; and the real defects of BUDGETS.md §9 are still found."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pytest

from budgetkg.claims import narrative_claims
from budgetkg.claims.rdf import claim_iri
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import documents_of_disclosures, recognise
from budgetkg.validate import validate_graphs
from budgetkg.vocab import BK

from conftest import corpus_path

PAIRED = {"shengweibangongting-2017", "zhengxie-2017", "zhengxie-2018", "renda-2019"}


@lru_cache(maxsize=None)
def _read(key: str):
    names = [f"{key}-yusuan-text.pdf", f"{key}-yusuan-tables.pdf"] if key in PAIRED else [f"{key}-yusuan.pdf"]
    joined, errors = documents_of_disclosures([read_document(corpus_path("jiangsu/" + n)) for n in names])
    assert not errors and len(joined) == 1
    return recognise(joined[0])


@lru_cache(maxsize=None)
def _graph(key: str):
    return disclosure_graph(_read(key))


@lru_cache(maxsize=None)
def _results(key: str) -> tuple[dict, ...]:
    iri, graph = _graph(key)
    return tuple(validate_graphs({iri: graph}).results)


def _findings(key: str, rule: str, page: int | None = None) -> list[tuple]:
    """(severity, expected, actual) of the rule's results, infos included."""
    return sorted((r["severity"], r["expected"], r["actual"]) for r in _results(key)
                  if r["rule"] == rule and (page is None or r["page"] == page))


def _claims(key: str, text: str, kind: str | None = None):
    return [c for c in narrative_claims(_read(key)).claims if text in c.sentence and (kind is None or c.kind == kind)]


def _linked(key: str, claim) -> list[tuple[str, Decimal | None]]:
    """The cells a claim is linked to: their path below the disclosure and their amount."""
    iri, graph = _graph(key)
    per_sentence = [c for c in narrative_claims(_read(key)).claims if c.sentence == claim.sentence]
    subject = claim_iri(iri, claim, per_sentence.index(claim) + 1)
    cells = graph.objects(subject, BK.observation)
    return sorted((str(c)[len(str(iri)):], (lambda v: v.toPython() if v is not None else None)(graph.value(c, BK.amount)))
                  for c in cells)


def test_a_kuan_name_with_a_bracketed_word_is_read_to_its_xiang():
    """省委办公厅 2017 p8: "1．党委办公厅（室）及相关机构事务（款）行政运行（项）支出 6106.99 万元":
    the 项 2013101 (J05 6,106.99), not the 款 20131 (16,845.17) the bare 款 name gave."""
    [amount] = _claims("shengweibangongting-2017", "行政运行（项）支出 6106.99", "amount")
    assert amount.code == "2013101"
    assert _linked("shengweibangongting-2017", amount) == [("/J05/2013101/total", Decimal("6106.99"))]
    [item2] = _claims("shengweibangongting-2017", "一般行政管理事务（项）支出10738.18", "amount")
    assert item2.code == "2013102"
    assert [f for f in _findings("shengweibangongting-2017", "N-01", 8) if f[0] != "info"] == []


def test_a_change_takes_its_own_sentences_figure_as_the_current():
    """省委办公厅 2017 p8 item 2 (10738.18, +1101.96, 11.44 %): the current is its own 10738.18, not
    item 1's 6106.99; item 1's real error (101.48 / 6005.51 = 1.69 %, printed 1.66 %) stays."""
    [change] = _claims("shengweibangongting-2017", "一般行政管理事务（项）支出10738.18", "change")
    assert change.figures["current"].value == Decimal("10738.18")
    assert _findings("shengweibangongting-2017", "N-03", 8) == [("violation", "1.69", "1.66%")]


def test_an_unresolved_item_is_not_the_current_of_another_unresolved_item():
    """人大 2018 p25: "住房改革支出（类）住房公积金（项）572.56万元，与上年相比增加78.34万元，增加15.85%"
    (a 款 printed as 类, not resolved): its current is its own 572.56, not 232.01 of the item before."""
    [change] = _claims("renda-2018", "住房公积金（项）572.56", "change")
    assert (change.metric, change.code) == (None, None)
    assert change.figures["current"].value == Decimal("572.56")
    assert [f for f in _findings("renda-2018", "N-03", 25) if f[0] != "info"] == []


def test_the_figures_of_a_reason_are_not_the_subjects():
    """人大 2018 p21/p25: "主要原因是新增省人大立法研究所办公用房以及省级老同志阅文室专项经费280万元": the
    280万元 was linked to 人大立法（项） (810.00) through the name inside 立法研究所; 人大 2017 p23
    "…增加基本支出844.15万元" to 基本支出 (7,666.68)."""
    reasons = _claims("renda-2018", "专项经费280万元")
    assert reasons and all((c.metric, c.code, _linked("renda-2018", c)) == (None, None, []) for c in reasons)
    assert [f for f in _findings("renda-2018", "N-01") if f[2] == "280万元"] == []
    assert [f for f in _findings("renda-2017", "N-01", 23) if f[2] == "844.15万元"] == []
    assert [f for f in _findings("renda-2017", "N-08") if "844.15万元" in f[1:]] == []


@pytest.mark.parametrize("text, metric, cell", [
    ("一般公共预算收入预算 10,070.48", "general-budget-appropriation", ("/T1/income/general-budget-appropriation/amount", Decimal("10070.48"))),
    ("政府性基金收入预算 0 万元", "government-fund-appropriation", ("/T1/income/government-fund-appropriation/amount", None)),
    ("政府性基金支出预算支出0万元", "government-fund-expenditure", ("/T8/total/expenditure", None)),
])
def test_a_funds_budget_wording_names_the_funds_row(text, metric, cell):
    """政协 2018 p8/p15: "（1）一般公共预算收入预算 10,070.48 万元" is J01 "1.一般公共预算" (10,070.48), not
    收入总计 (10,150.48, with 其他资金 80.00); the 政府性基金 0 is the fund's own empty row or table, not
    收入/支出总计."""
    [amount] = _claims("zhengxie-2018", text, "amount")[:1]
    assert amount.metric == metric
    assert _linked("zhengxie-2018", amount) == [cell]
    assert [f for f in _findings("zhengxie-2018", "N-01") if f[0] != "info"] == []
    assert _findings("zhengxie-2018", "N-08") == []


def test_the_classes_of_the_overall_section_are_the_all_funds_table():
    """政协 2017 p7 (收支预算总体情况说明): "1. 一般公共服务（类）支出 6,543.55 万元" is J01's 一般公共服务支出
    (6,543.55, all funds), not J07's 6,463.55 (its 80.00 of 其他资金 left out)."""
    [amount] = _claims("zhengxie-2017", "一般公共服务（类）支出 6,543.55", "amount")
    assert (amount.code, amount.section) == ("201", "overview")
    assert _linked("zhengxie-2017", amount) == [("/T1/expense/201/amount", Decimal("6543.55"))]
    assert [f for f in _findings("zhengxie-2017", "N-01", 7) if f[0] != "info"] == []


def test_a_kuan_total_is_the_kuans():
    """检察院 2018 p26: "检察（款）: 2018年预算支出合计16,444.36万元" is the 款 20404 (J05 16,444.36), not a
    metric 合计 that the 款 totals after it (3,660.38, 1,836.22) were read as again (N-08)."""
    [amount] = _claims("jianchayuan-2018", "检察（款）", "amount")
    assert amount.code == "20404"
    assert _linked("jianchayuan-2018", amount) == [("/J05/20404/total", Decimal("16444.36"))]
    assert [f for f in _findings("jianchayuan-2018", "N-08") if "16,444.36万元" in f[1:] or "1,836.22万元" in f[1:]] == []


def test_an_aside_in_brackets_is_not_the_subjects_figure():
    """检察院 2018 p25: "增加2,247.84 万元（上年财政仅安排省检察院本级预留机动140.2 万元）": last year's
    140.2 is no second 单位预留机动经费 beside 2,388.04 (N-08)."""
    [aside] = _claims("jianchayuan-2018", "本级预留机动140.2", "amount")
    assert (aside.metric, aside.code) == (None, None)
    assert [f for f in _findings("jianchayuan-2018", "N-08") if "140.2万元" in f[1:]] == []


def test_a_sub_item_named_with_its_parents_words_is_not_the_parent():
    """政协 2017 p19: "2017年度部门政府采购预算总金额为1,271.22万元。其中，货物类政府采购支出预算259.32万元…
    服务类政府采购支出预算1,011.90万元…工程类…0万元": the parts are not 政府采购 stated four times;
    their own wordings (货物类政府采购支出, the C-09 split) name the parts."""
    parts = _claims("zhengxie-2017", "货物类政府采购支出预算259.32", "amount")
    assert [(c.metric, c.subject, c.figures["amount"].text) for c in parts] == [
        ("procurement-goods", "货物类政府采购支出", "259.32万元"), ("procurement-services", "服务类政府采购支出", "1,011.90万元"),
        ("procurement-works", "工程类政府采购支出", "0万元")]
    assert _findings("zhengxie-2017", "N-08") == []


def test_an_economic_kuan_after_a_list_number_is_not_the_sangong_item():
    """政协 2017 p12/p16: "（8）公务接待费（款）支出 16 万元" is the 经济分类 款 30217 of 基本支出, not
    the 三公 公务接待费 (J09 443.50): not checkable here (an info), no N-06."""
    found = _claims("zhengxie-2017", "公务接待费（款）支出 16", "amount")
    assert found and all(c.metric != "reception" for c in found)
    assert [f for f in _findings("zhengxie-2017", "N-06") if f[2] == "16万元"] == []


def test_a_change_stated_with_le_is_a_change():
    """检察院 2019 p26: "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少 13.22 %。": the
    1237.7 is the change (not a second 项目支出 beside 4335.3), and its rate is wrong: 1237.7 / 5573
    = 22.21 % (13.22 % is the 基本支出 line's)."""
    [change] = _claims("jianchayuan-2019", "减少了1237.7", "change")
    assert (change.metric, change.figures["delta"].value, change.direction) == ("project-expenditure", Decimal("1237.7"), "decrease")
    assert [f for f in _findings("jianchayuan-2019", "N-01", 26) if f[0] != "info"] == []
    assert ("violation", "22.21", "13.22%") in _findings("jianchayuan-2019", "N-03", 26)


def test_a_cut_rate_is_an_info():
    """检察院 2018 p26: "行政运行（项）支出 10,883.36 万元，…增加 2,915.22 万元，增长 36.58 %":
    2,915.22 / 7,968.14 = 36.5859 %, printed cut to 36.58: an info, not a violation."""
    assert ("info", "36.59", "36.58%") in _findings("jianchayuan-2018", "N-03", 26)
    assert ("violation", "36.59", "36.58%") not in _findings("jianchayuan-2018", "N-03", 26)


def test_the_real_jiangsu_defects_are_still_found():
    """BUDGETS.md §9: 人大 2017 p26 item 1 states the 201 类 total 10528.33 for 行政运行 (4,545.94);
    人大 2018 p21 单位预留机动经费 增长 1312.56 % (1557.29 / 128.43 = 1212.56 %)."""
    assert ("violation", "4,545.94", "10528.33万元") in _findings("renda-2017", "N-01", 26)
    assert ("violation", "1212.56", "1312.56%") in _findings("renda-2018", "N-03", 21)
