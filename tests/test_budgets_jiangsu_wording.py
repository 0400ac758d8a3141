"""Wordings of the Jiangsu 省级 部门预算 that rules C-09, N-09 and C-10 read (the false findings of the
precision harness, tests/verdicts/jiangsu/), each class on the real page or its real sentence, with a
fixture where the rule still fires.

Pages checked on the rendered images (pypdfium2):
- 政府采购: renda-2019-text p17 `其中：拟采购货物支出233.1万元、拟购买服务支出2183.33万元`, jianchayuan-2017
  p23 `其中拟购买货物334万元；拟购买工程0万元；拟购买服务2555.8万元`, zhengxie-2017-text p19
  `货物类政府采购支出预算259.32万元`; every 政府采购支出预算表 prints `一、货物 A` and `三、服务 C`, no 工程 B.
- reasons: jianchayuan-2017 p18 `…增长 170.27 %。主要是因代发检察官学院绩效工资增加等。`, shengweibangongting-
  2018-text p9 `…增加743.39万元。此项级科目为今年新增科目。`, renda-2017 p23/p26 the 一般公共服务 change
  (10528.33, −17.89, −0.17%) explained on p23 and stated again on p26 without its reason.
- C-10: jianchayuan-2019 p21 `单 位 ：万元` letter-spaced above the 机关运行经费 table; jianchayuan-2017 p9/p18
  and renda-2017 p1/p23 headings naming the unit by its 简称 (省检察院, 省人大办公厅).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

import pytest

from budgetkg.claims.parse import read_claims
from budgetkg.codelists import code_list_for
from budgetkg.ingest import read_document
from budgetkg.ingest.model import Location, Paragraph
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import documents_of_disclosures, recognise
from budgetkg.recognise.model import Row
from budgetkg.validate import validate_graphs
from budgetkg.vocab import BK

from conftest import corpus_path

FILES = {
    "renda-2017": ["renda-2017-yusuan.pdf"],
    "renda-2019": ["renda-2019-yusuan-text.pdf", "renda-2019-yusuan-tables.pdf"],
    "jianchayuan-2017": ["jianchayuan-2017-yusuan.pdf"],
    "jianchayuan-2019": ["jianchayuan-2019-yusuan.pdf"],
    "shengweibangongting-2018": ["shengweibangongting-2018-yusuan-text.pdf", "shengweibangongting-2018-yusuan-tables.pdf"],
    "zhengxie-2017": ["zhengxie-2017-yusuan-text.pdf", "zhengxie-2017-yusuan-tables.pdf"],
}


@lru_cache(maxsize=None)
def _read(key: str):
    documents = [read_document(corpus_path("jiangsu/" + name)) for name in FILES[key]]
    joined, errors = documents_of_disclosures(documents)
    assert not errors and len(joined) == 1
    return recognise(joined[0])


def _results(disclosure, rule: str) -> list[dict]:
    iri, graph = disclosure_graph(disclosure)
    return [r for r in validate_graphs({iri: graph}).results if r["rule"] == rule]


@lru_cache(maxsize=None)
def _results_of(key: str, rule: str) -> tuple:
    return tuple(_results(_read(key), rule))


def _edited(disclosure, old: str, new: str):
    """The disclosure with one paragraph's text edited (exactly one paragraph holds `old`)."""
    changed = copy.deepcopy(disclosure)
    found = [p for p in changed.paragraphs if old in p.text]
    assert len(found) == 1, [p.text for p in found]
    found[0].text = found[0].text.replace(old, new)
    return changed


def _claims(*texts: str, year: int = 2019):
    paragraphs = [(Paragraph(text, Location(page=1)), "procurement") for text in texts]
    return read_claims(paragraphs, code_list_for("function", year), budget=True).claims


# --- C-09: the 货物/工程/服务 split in the budget's own wording -------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("2019年度本部门政府采购支出预算总额2416.43万元，其中：拟采购货物支出233.1万元、拟购买服务支出2183.33万元。",
     [("procurement", "2416.43"), ("procurement-goods", "233.1"), ("procurement-services", "2183.33")]),
    ("其中拟购买货物334万元；拟购买工程0万元；拟购买服务2555.8万元。",
     [("procurement-goods", "334"), ("procurement-works", "0"), ("procurement-services", "2555.8")]),
    ("其中，货物类政府采购支出预算259.32万元,占20.40%；服务类政府采购支出预算1,011.90万元,占79.60%；工程类政府采购支出预算0万元。",
     [("procurement-goods", "259.32"), ("procurement-services", "1011.90"), ("procurement-works", "0")]),
])
def test_procurement_split_wordings_of_the_jiangsu_budgets(sentence, expected):
    amounts = [(c.metric, str(c.figures["amount"].value)) for c in _claims(sentence) if c.kind == "amount"]
    assert amounts == expected


def test_the_planned_purchase_wording_is_a_budget_wording_only():
    paragraphs = [(Paragraph("其中：拟采购货物支出233.1万元。", Location(page=1)), "procurement")]
    final = read_claims(paragraphs, code_list_for("function", 2019), budget=False).claims
    assert [c.metric for c in final] == [None]


@pytest.mark.parametrize("key", ["renda-2019", "jianchayuan-2017", "zhengxie-2017"])
def test_c09_asks_only_for_the_sme_figure_these_budgets_lack(key):
    found = [(r["severity"], r["expected"]) for r in _results_of(key, "C-09")]
    assert found == [("warning", "面向中小企业预留政府采购项目预算金额")]  # real: no 中小企业 sentence


def test_the_procurement_table_gives_its_kinds_as_concepts():
    table = _read("renda-2019").table("J12")
    kinds = [r.label for r in table.rows if r.label.startswith(("一、", "二、", "三、"))]
    assert kinds == ["一、货物A", "三、服务C"]
    iri, graph = disclosure_graph(_read("renda-2019"))
    rows = {str(o).rsplit("/", 1)[-1] for s, o in graph.subject_objects(predicate=BK.row) if str(s).startswith(f"{iri}/J12/")}
    assert {"procurement-goods", "procurement-services"} <= rows and "procurement-works" not in rows


def test_c09_does_not_ask_for_works_the_table_has_none_of():
    """renda-2019 states 货物 and 服务 only, and its 政府采购预算表 has no 工程 B row."""
    sentence = "2019年度本部门政府采购支出预算总额2416.43万元，其中：拟采购货物支出233.1万元、拟购买服务支出2183.33万元。"
    assert sentence in " ".join(p.text for p in _read("renda-2019").paragraphs)
    assert "政府采购工程支出" not in [r["expected"] for r in _results_of("renda-2019", "C-09")]


def test_c09_fires_for_a_kind_the_table_has_and_the_section_omits():
    # the 服务 part taken out of the sentence: the table has 三、服务C, so the narrative owes it
    omitted = _edited(_read("renda-2019"), "、拟购买服务支出2183.33万元", "")
    found = sorted((r["severity"], r["expected"]) for r in _results(omitted, "C-09"))
    assert found == [("warning", "政府采购服务支出"), ("warning", "面向中小企业预留政府采购项目预算金额")]


def test_c09_fires_for_works_where_the_table_has_a_works_row():
    planted = copy.deepcopy(_read("renda-2019"))
    table = planted.table("J12")
    services = next(i for i, r in enumerate(table.rows) if r.label == "三、服务C")
    cell = table.rows[services].cells["amount"]
    works = Row("二、工程B", None, {"amount": replace(cell, value=Decimal("10.00"), text="10.00")}, table.rows[services].location)
    table.rows.insert(services, works)
    found = sorted((r["severity"], r["expected"]) for r in _results(planted, "C-09"))
    assert found == [("warning", "政府采购工程支出"), ("warning", "面向中小企业预留政府采购项目预算金额")]


# --- N-09: the reason of a change ------------------------------------------------------------------

def test_a_reason_opened_by_zhu_yao_shi():
    changes = [c for c in _claims("2．其他资金收入预算总计 15 万元。与上年相比增加9.45 万元，增长 170.27 %。主要是因代发检察官学院绩效工资增加等。",
                                  "3．公务接待费预算支出101.26万元，比上年预算减少15.24万元，主要是省检察院党组贯彻落实中央“八项规定”和省委省政府厉行节约相关规定作出的选择。")
               if c.kind == "change"]
    assert [c.reason for c in changes] == ["代发检察官学院绩效工资增加等", "省检察院党组贯彻落实中央“八项规定”和省委省政府厉行节约相关规定作出的选择"]


def test_a_reason_in_the_next_sentence_without_a_reason_word():
    new_item = "2．行政事业单位离退休（款）机关事业单位基本养老保险缴费（项）支出743.39万元，与上年相比增加743.39万元。此项级科目为今年新增科目。"
    assert [c.reason for c in _claims(new_item, year=2018) if c.kind == "change"] == ["此项级科目为今年新增科目"]
    # without it, or followed by what the money is for, the change has no reason
    bare = new_item.replace("此项级科目为今年新增科目。", "")
    use = new_item.replace("此项级科目为今年新增科目。", "主要用于缴纳在职人员基本养老保险。")
    assert [c.reason for c in _claims(bare, use, year=2018) if c.kind == "change"] == [None, None]


@pytest.mark.parametrize("key", ["renda-2017", "jianchayuan-2017", "jianchayuan-2019", "shengweibangongting-2018", "zhengxie-2017"])
def test_n09_silent_where_the_jiangsu_budgets_give_their_reasons(key):
    assert list(_results_of(key, "N-09")) == []


def test_n09_fires_on_the_reason_words_and_sentences_taken_out():
    sentence = "与上年相比增加9.45 万元，增长 170.27 %。"
    planted = _edited(_read("jianchayuan-2017"), sentence + "主要是因代发检察官学院绩效工资增加等。", sentence)
    assert [(r["severity"], r["actual"]) for r in _results(planted, "N-09")] == [("warning", sentence)]
    item = "与上年相比增加743.39万元。"
    planted = _edited(_read("shengweibangongting-2018"), item + "此项级科目为今年新增科目。", item)
    found = [(r["severity"], r["page"], r["actual"]) for r in _results(planted, "N-09")]
    assert found == [("warning", 9, "2．行政事业单位离退休（款）机关事业单位基本养老保险缴费（项）支出743.39万元，与上年相比增加743.39万元。")]


def test_n09_a_restated_change_has_the_reason_given_for_it_once():
    """renda-2017 explains the 一般公共服务 change on p23 (公用定额减少) and states it again on p26."""
    renda = _read("renda-2017")
    restated = "1. 人大事务行政运行（项）支出10528.33万元，与上年相比减少17.89万元，减少0.17%。"
    assert any(restated in p.text for p in renda.paragraphs)
    assert list(_results_of("renda-2017", "N-09")) == []
    # once the reason is taken out of p23, both statements of the change lack it
    planted = _edited(renda, "减少0.17%。主要原因是公用定额减少。", "减少0.17%。")
    found = sorted((r["page"], r["actual"]) for r in _results(planted, "N-09"))
    assert found == [(23, "与上年相比减少17.89万元，减少0.17%。"), (26, restated)]


# --- C-10: the amount unit and the unit's name ----------------------------------------------------

def test_a_letter_spaced_unit_line_states_the_table_unit():
    disclosure = _read("jianchayuan-2019")
    assert disclosure.table("J11").unit == "万元"
    assert [r for r in _results_of("jianchayuan-2019", "C-10") if r["focus"].endswith("/J11")] == []


def test_c10_still_fires_on_a_table_without_its_unit():
    planted = copy.deepcopy(_read("jianchayuan-2019"))
    planted.table("J11").unit = None
    found = [(r["severity"], r["focus"].rsplit("/", 1)[-1]) for r in _results(planted, "C-10")]
    assert found == [("warning", "J11")]


@pytest.mark.parametrize("key, headings", [
    ("jianchayuan-2017", ["第二部分 省检察院 2017 年度部门预算表", "第三部分 省检察院 2017 年度部门预算情况说明"]),
    ("renda-2017", ["第二部分 省人大办公厅2017年度部门预算表", "第三部分 省人大办公厅2017年度部门预算情况说明"]),
])
def test_headings_naming_the_unit_by_its_short_name_are_no_variant(key, headings):
    texts = [p.text for p in _read(key).paragraphs]
    assert all(any(h in t for t in texts) for h in headings)
    assert list(_results_of(key, "C-10")) == []


def test_c10_still_fires_on_a_heading_naming_another_unit():
    # 省委办公厅 is another organisation (江苏省委办公厅), though its characters stand in 省人大常委会办公厅
    planted = _edited(_read("renda-2017"), "第三部分 省人大办公厅2017年度部门预算情况说明", "第三部分 省委办公厅2017年度部门预算情况说明")
    found = [(r["severity"], r["expected"], r["actual"]) for r in _results(planted, "C-10")]
    assert found == [("warning", "江苏省人大常委会办公厅 2017年度预算", "第三部分 省委办公厅2017年度部门预算情况说明")]
