"""Corpus defects of BUDGETS.md §9 that budgetkg finds, each on the real document (the finding's
rule, table or page, expected and actual), and the case beside it where the rule stays silent."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from budgetkg.codelists import code_list_for
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import documents_of_disclosures, recognise
from budgetkg.validate import validate_graphs
from budgetkg.vocab import BK, BKM, QB

from conftest import corpus_path


@lru_cache(maxsize=None)
def _graph(*names: str):
    documents = [read_document(corpus_path(name)) for name in names]
    joined, errors = documents_of_disclosures(documents)
    assert not errors and len(joined) == 1
    return disclosure_graph(recognise(joined[0]))


@lru_cache(maxsize=None)
def _results(*names: str) -> tuple[dict, ...]:
    iri, graph = _graph(*names)
    return tuple(validate_graphs({iri: graph}).results)


def _found(names, rule, severity="warning"):
    return [(r["page"], r["table"], r["expected"], r["actual"])
            for r in _results(*names) if r["rule"] == rule and r["severity"] == severity]


WANLI_2024 = ("putuo/wanlijiedao-2024-yusuan.pdf",)
WANLI_2025 = ("putuo/wanlijiedao-2025-yusuan.pdf",)
FULIYUAN = ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf",)
CAIZHENGJU_SHI = ("shanghai/caizhengju-2025-danwei-yusuan.pdf",)
ZHENGXIE_2019 = ("jiangsu/zhengxie-2019-yusuan-text.pdf", "jiangsu/zhengxie-2019-yusuan-tables.pdf")
RENDA_2019 = ("jiangsu/renda-2019-yusuan-text.pdf", "jiangsu/renda-2019-yusuan-tables.pdf")
RENDA_2017 = ("jiangsu/renda-2017-yusuan.pdf",)


# --- 1. C-11: a definition naming another government level than the cover ----------------------

def test_c11_a_district_budget_defining_itself_as_municipal():
    # wanlijiedao-2024 p5 名词解释: (一) (五) (六) 是市级预算主管部门, (七) 与市级财政有经费领拨关系;
    # the cover (p1) says 上海市普陀区2024年区级部门预算
    found = _found(WANLI_2024, "C-11")
    assert found == [(5, None, "区级", "是市级预算主管部门")] * 3 + [(5, None, "区级", "与市级财政有经费领拨关系")]
    message = next(r["message"]["zh"] for r in _results(*WANLI_2024) if r["rule"] == "C-11")
    assert message == "模板残留：“是市级预算主管部门”（封面为区级，文中为市级）"


def test_c11_silent_on_a_document_naming_its_own_level():
    assert _found(CAIZHENGJU_SHI, "C-11") == []  # 市级 cover, 是市级预算主管部门
    assert _found(WANLI_2025, "C-11") == []  # 区级 cover, 是区级预算主管部门


# --- 2. C-11: an editing instruction of the template left in a heading ---------------------------

def test_c11_an_editing_instruction_left_in_a_heading():
    found = _found(FULIYUAN, "C-11")
    assert found == [(16, None, None, "五、国有资产占有使用情况（增加内容）")]
    message = next(r["message"]["zh"] for r in _results(*FULIYUAN) if r["rule"] == "C-11")
    assert message.endswith("（模板编辑说明）")


def test_c11_silent_on_the_same_heading_without_the_instruction():
    # wanlijiedao-2025 p31 五、国有资产占有使用情况 (see also the silent case of defect 1)
    assert _found(WANLI_2025, "C-11") == []


# --- 3. X-09: a 类 printed under an earlier year's name ------------------------------------------

def test_x09_the_old_name_of_class_210_in_the_two_sided_tables():
    # 社会福利院 2024: B1 (p7) and B4 (p10) print 三、医疗卫生与计划生育支出 (the 2018 list's name of
    # 210), B2/B3/B5 print 卫生健康支出 with the code 210
    found = [f for f in _found(FULIYUAN, "X-09") if f[2] == "210"]
    assert found == [(7, "T1", "210", "三、医疗卫生与计划生育支出"), (10, "T4", "210", "三、医疗卫生与计划生育支出")]
    message = next(r["message"]["zh"] for r in _results(*FULIYUAN) if r["rule"] == "X-09" and r["expected"] == "210")
    assert message == "T1 科目 210：名称“三、医疗卫生与计划生育支出”与代码表名称“卫生健康支出”不一致（2018年代码表的名称）"


def test_old_names_resolve_only_to_renamed_classes():
    functions = code_list_for("function", 2024)
    assert functions.class_code("三、医疗卫生与计划生育支出") == "210"
    assert functions.class_code("卫生健康支出") == "210"  # the year's own name
    assert functions.former_class_code("卫生健康支出") is None  # a current name is no former one
    assert functions.class_code("医疗卫生支出") is None  # a wording no list gives the class: no guess
    assert code_list_for("function", 2018).class_code("医疗卫生与计划生育支出") == "210"


# --- 4. X-09: a 2019 J01 with the 2018 class names ----------------------------------------------

def test_x09_the_2018_class_names_in_a_2019_budget():
    # zhengxie-2019-tables p1 (公开01表): 七、文化体育与传媒支出, 九、医疗卫生与计划生育支出,
    # 十七、国土海洋气象等支出 (the 2018 names), 20 classes, rows without codes; 十四、资源勘探信息等支出
    # is the 2019 name as well as the 2018 one
    found = [f for f in _found(ZHENGXIE_2019, "X-09") if f[1] == "T1"]
    assert found == [(1, "T1", "207", "七、文化体育与传媒支出"), (1, "T1", "210", "九、医疗卫生与计划生育支出"),
                     (1, "T1", "220", "十七、国土海洋气象等支出")]
    messages = {r["expected"]: r["message"]["zh"] for r in _results(*ZHENGXIE_2019) if r["rule"] == "X-09" and r["table"] == "T1"}
    assert messages["220"] == "T1 科目 220：名称“十七、国土海洋气象等支出”与代码表名称“自然资源海洋气象等支出”不一致（2018年代码表的名称）"


def test_x09_silent_on_a_2019_budget_with_the_2019_names():
    # renda-2019-tables 公开表一: 七、文化旅游体育与传媒支出, 九、卫生健康支出, 十四、资源勘探信息等支出 (the
    # 2019 name of 215, printed so by every 2019 document), 十七、自然资源海洋气象等支出 … 二十一、其他支出
    assert [f for f in _found(RENDA_2019, "X-09") if f[1] == "T1"] == []


# --- 5. N-07: the narrative says the 机关运行经费 table equals 商品和服务支出 ---------------------

def test_n07_the_stated_identity_of_the_operating_costs_table():
    # renda-2017 p28: 财政拨款支出安排数与《部门一般公共预算基本支出预算表》的“商品和服务支出”支出数一致;
    # J11 (p19) 合计 5,619.31, T6 (p17) 302 商品和服务支出 1,585.96
    assert _found(RENDA_2017, "N-07") == [(28, None, "1,585.96", "5,619.31")]
    [result] = [r for r in _results(*RENDA_2017) if r["rule"] == "N-07"]
    assert result["message"]["zh"] == "情况说明称机关运行经费（J11 合计 5,619.31）与 T6“商品和服务支出”一致，但后者为 1,585.96"


def test_n07_silent_where_the_stated_identity_holds():
    iri, graph = _graph(*RENDA_2017)
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    graph = copy
    [identity] = graph.subjects(RDF.type, BK.StatedIdentity)
    subject = graph.value(identity, BK.identitySubject)
    [total] = [c for c in graph.subjects(BK.row, BKM.total) if (c, QB.dataSet, subject) in graph]
    graph.set((total, BK.amount, Literal(Decimal("1585.96"), datatype=XSD.decimal)))
    assert [r for r in validate_graphs({iri: graph}).results if r["rule"] == "N-07"] == []


def test_n07_no_statement_no_identity():
    iri, graph = _graph("jiangsu/renda-2018-yusuan.pdf")
    assert list(graph.subjects(RDF.type, BK.StatedIdentity)) == []
