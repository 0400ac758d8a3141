"""Budgets (部门预算 / 单位预算): kind, scope and budget phase in the RDF; every Shanghai budget
of the corpus read table by table against counts and cells read off the page images."""

import re

import pytest
from rdflib import URIRef

from budgetkg.claims import narrative_claims, narrative_paragraphs
from budgetkg.ingest import TextLine, read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.recognise.text import label_key
from budgetkg.validate import validate_graphs
from budgetkg.vocab import BK, ontology_graph

from conftest import corpus_path


OBEU_PHASE = URIRef("http://data.openbudgets.eu/ontology/dsd/dimension/budgetPhase")
APPROVED = URIRef("http://data.openbudgets.eu/resource/codelist/budget-phase/approved")


def test_a_budget_carries_its_phase_and_scope_into_the_rdf(disclosure):
    subject, graph = disclosure_graph(disclosure("putuo/quzhengfuban-2025-danwei-yusuan.pdf"))
    assert str(subject).endswith("/2025/budget-unit")
    assert (subject, BK.kind, BK.Budget) in graph
    assert (subject, BK.scope, BK.Unit) in graph
    assert (subject, BK.budgetPhase, APPROVED) in graph
    assert (BK.budgetPhase, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), OBEU_PHASE) in ontology_graph()


# Non-blank amount cells per table, counted on the page images (pypdfium2 renders of the table
# pages): role -> (first page, count). B6/B7 (T8/T9) print an empty body in every Shanghai budget.
HAND_COUNTS = {
    # S-D 区级 部门预算
    "putuo/wanlijiedao-2023-yusuan.pdf": {"T1": (10, 12), "T2": (11, 134), "T3": (15, 201), "T4": (19, 20), "T5": (20, 201),
                                          "T8": (24, 0), "T9": (25, 0), "T6": (26, 63), "T7": (28, 7)},
    "putuo/wanlijiedao-2024-yusuan.pdf": {"T1": (10, 13), "T2": (11, 335), "T3": (16, 201), "T4": (21, 22), "T5": (22, 201),
                                          "T8": (27, 0), "T9": (28, 0), "T6": (29, 96), "T7": (31, 7)},
    "putuo/wanlijiedao-2025-yusuan.pdf": {"T1": (9, 13), "T2": (10, 335), "T3": (14, 201), "T4": (19, 22), "T5": (20, 201),
                                          "T8": (25, 0), "T9": (26, 0), "T6": (27, 96), "T7": (29, 7)},
    "putuo/caizhengju-2025-yusuan.pdf": {"T1": (9, 8), "T2": (10, 40), "T3": (12, 44), "T4": (14, 12), "T5": (15, 44),
                                         "T8": (17, 0), "T9": (18, 0), "T6": (19, 90), "T7": (21, 3)},
    "putuo/quzhengfuban-2025-bumen-yusuan.pdf": {"T1": (8, 8), "T2": (9, 42), "T3": (11, 47), "T4": (13, 12), "T5": (14, 47),
                                                 "T8": (16, 0), "T9": (17, 0), "T6": (18, 61), "T7": (20, 4)},
    # S-U 区级 单位预算
    "putuo/quzhengfuban-2025-danwei-yusuan.pdf": {"T1": (8, 18), "T2": (9, 42), "T3": (11, 47), "T4": (13, 12), "T5": (14, 47),
                                                  "T8": (16, 0), "T9": (17, 0), "T6": (18, 61), "T7": (20, 4)},
    "putuo/shehuifuliyuan-2024-danwei-yusuan.pdf": {"T1": (7, 16), "T2": (8, 34), "T3": (9, 34), "T4": (10, 10), "T5": (11, 30),
                                                    "T8": (12, 0), "T9": (13, 0), "T6": (14, 55), "T7": (15, 6)},
    # S-M 市级 单位预算
    "shanghai/caizhengju-2025-danwei-yusuan.pdf": {"T1": (7, 20), "T2": (8, 48), "T3": (10, 53), "T4": (12, 12), "T5": (13, 53),
                                                   "T8": (15, 0), "T9": (16, 0), "T6": (17, 71), "T7": (20, 6)},
}
PROFILES = {"putuo/quzhengfuban-2025-danwei-yusuan.pdf": "cn-shanghai-district-unit-budget",
            "putuo/shehuifuliyuan-2024-danwei-yusuan.pdf": "cn-shanghai-district-unit-budget",
            "shanghai/caizhengju-2025-danwei-yusuan.pdf": "cn-shanghai-municipal-unit-budget"}


@pytest.mark.parametrize("name", sorted(HAND_COUNTS))
def test_every_table_of_a_shanghai_budget_is_found_with_its_hand_counted_cells(disclosure, name):
    found = disclosure(name)
    assert found.profile == PROFILES.get(name, "cn-shanghai-district-department-budget")
    assert found.kind == "budget"
    counted = {t.role: (t.pages[0], len(t.amount_cells())) for t in found.tables}
    assert counted == HAND_COUNTS[name]
    assert [t.role for t in found.tables] == ["T1", "T2", "T3", "T4", "T5", "T8", "T9", "T6", "T7"]
    assert {t.role: t.unit for t in found.tables} == {**{r: "元" for r in HAND_COUNTS[name]}, "T7": "万元"}
    assert not [f for f in found.findings if f.code in ("continuation-width", "unknown-column", "unreadable-amount", "missing-table")]


def _cell(disclosure, role: str, key: str, concept: str, side: str | None = None) -> str:
    """The printed text of a cell: the row by its code, else by its label (numbering ignored)."""
    table = disclosure.table(role)
    rows = [r for r in table.rows if (r.code == key or label_key(r.label) == label_key(key)) and r.side == side]
    assert rows, f"{role} has no row {key}"
    return rows[0].cells[concept].text


# (file, role, row code or label, column concept, side, text as printed on the page image)
HAND_READ = [
    # S-D: codes split over 类/款/项, continuation pages without a header (wanlijiedao-2023 p12-14),
    # a wrapped name, blanks, 元 tables beside the 万元 三公 table
    ("putuo/caizhengju-2025-yusuan.pdf", "T2", "2010601", "total", None, "16,231,840.80"),
    ("putuo/caizhengju-2025-yusuan.pdf", "T2", "2010601", "business-income", None, ""),
    ("putuo/caizhengju-2025-yusuan.pdf", "T3", "2010602", "basic", None, ""),
    ("putuo/caizhengju-2025-yusuan.pdf", "T3", "2010602", "project", None, "100,000.00"),
    ("putuo/caizhengju-2025-yusuan.pdf", "T3", "合计", "basic", None, "25,121,091.00"),
    ("putuo/caizhengju-2025-yusuan.pdf", "T1", "政府性基金", "amount", "income", ""),
    ("putuo/caizhengju-2025-yusuan.pdf", "T1", "住房保障支出", "amount", "expense", "4,736,957.00"),
    ("putuo/caizhengju-2025-yusuan.pdf", "T4", "支出总计", "general-budget", "expense", "31,214,205.80"),
    ("putuo/caizhengju-2025-yusuan.pdf", "T6", "30217", "public", None, "9,500.00"),
    ("putuo/caizhengju-2025-yusuan.pdf", "T6", "30217", "personnel", None, "0.00"),
    ("putuo/caizhengju-2025-yusuan.pdf", "T7", "公务接待费", "budget", None, "0.95"),
    ("putuo/caizhengju-2025-yusuan.pdf", "T7", "因公出国（境）费", "budget", None, ""),
    ("putuo/caizhengju-2025-yusuan.pdf", "T7", "机关运行经费", "budget", None, "229.43"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T2", "2080505", "total", None, "4,412,547"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T2", "2120199", "total", None, "49,927,105"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T2", "合计", "fiscal-appropriation", None, "164,978,640"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T1", "城乡社区支出", "amount", "expense", "121,319,878"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T1", "事业收入", "amount", "income", ""),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T7", "合计", "budget", None, "22.91"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T7", "因公出国（境）费", "budget", None, "0"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T7", "公务接待费", "budget", None, "1.35"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T7", "公务用车购置及运行费", "budget", None, "21.56"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T7", "公务用车购置费", "budget", None, "0"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T7", "公务用车运行费", "budget", None, "21.56"),
    ("putuo/wanlijiedao-2023-yusuan.pdf", "T7", "机关运行经费", "budget", None, "786.09"),
    ("putuo/wanlijiedao-2024-yusuan.pdf", "T7", "公务用车购置费", "budget", None, "25"),
    ("putuo/wanlijiedao-2024-yusuan.pdf", "T7", "机关运行经费", "budget", None, "443.18"),
    ("putuo/wanlijiedao-2025-yusuan.pdf", "T7", "合计", "budget", None, "37.91"),
    ("putuo/wanlijiedao-2025-yusuan.pdf", "T7", "公务用车购置费", "budget", None, "15"),
    ("putuo/quzhengfuban-2025-bumen-yusuan.pdf", "T7", "因公出国（境）费", "budget", None, "839.00"),
    ("putuo/quzhengfuban-2025-bumen-yusuan.pdf", "T7", "公务用车购置及运行费", "budget", None, ""),
    # S-U: the 单位 B1 split into 合计 / 人员经费 / 公用经费 / 项目支出; the 类 printed 7 for 210
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "一般公共服务支出", "total", "expense", "82,096,797.42"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "一般公共服务支出", "personnel", "expense", "13,819,399.88"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "一般公共服务支出", "public", "expense", "1,867,397.54"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "一般公共服务支出", "project", "expense", "66,410,000.00"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "社会保障和就业支出", "project", "expense", ""),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "社会保障和就业支出", "public", "expense", "265,380.00"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "支出总计", "total", "expense", "91,016,775.35"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "支出总计", "personnel", "expense", "22,473,997.81"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "支出总计", "public", "expense", "2,132,777.54"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T1", "财政拨款收入", "amount", "income", "91,016,775.35"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T4", "卫生健康支出", "total", "expense", "1,097,073.43"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T7", "合计", "budget", None, "867.50"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T7", "公务接待费", "budget", None, "28.50"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T7", "机关运行经费", "budget", None, "213.28"),
    ("putuo/quzhengfuban-2025-danwei-yusuan.pdf", "T7", "公务用车运行费", "budget", None, ""),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T1", "事业收入", "amount", "income", "2,620,000"),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T1", "一般公共服务支出", "total", "expense", ""),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T1", "支出总计", "personnel", "expense", "7,380,214"),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T3", "71102", "total", None, "503,724"),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T3", "2081005", "project", None, "2,620,000"),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T3", "2080502", "project", None, ""),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T4", "收入总计", "amount", "income", "9,501,164"),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T7", "合计", "budget", None, "6.4"),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T7", "公务用车购置费", "budget", None, ""),
    ("putuo/shehuifuliyuan-2024-danwei-yusuan.pdf", "T7", "机关运行经费", "budget", None, "0"),
    # S-M: integer 元, blanks for zero
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "一般公共服务支出", "total", "expense", "127,886,849"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "一般公共服务支出", "personnel", "expense", "60,330,260"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "一般公共服务支出", "public", "expense", "24,531,459"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "一般公共服务支出", "project", "expense", "43,025,130"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "卫生健康支出", "public", "expense", ""),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "卫生健康支出", "project", "expense", "48,000"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "住房保障支出", "personnel", "expense", "21,800,000"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "支出总计", "total", "expense", "171,915,169"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "支出总计", "personnel", "expense", "102,464,260"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "支出总计", "public", "expense", "25,177,779"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "支出总计", "project", "expense", "44,273,130"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "一般公共预算资金", "amount", "income", "171,915,169"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T1", "事业收入", "amount", "income", ""),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T2", "2010601", "total", None, "84,861,719"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T2", "2010604", "fiscal-appropriation", None, "370,000"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T2", "2080801", "total", None, "1,200,000"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T2", "2080599", "total", None, "50,400"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T2", "20805", "other-income", None, ""),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T7", "合计", "budget", None, "346.30"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T7", "因公出国（境）费", "budget", None, "288.70"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T7", "公务接待费", "budget", None, "25.40"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T7", "公务用车购置及运行费", "budget", None, "32.20"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T7", "公务用车购置费", "budget", None, ""),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T7", "公务用车运行费", "budget", None, "32.20"),
    ("shanghai/caizhengju-2025-danwei-yusuan.pdf", "T7", "机关运行经费", "budget", None, "2,517.78"),
]


@pytest.mark.parametrize("name, role, key, concept, side, printed", HAND_READ)
def test_hand_read_cells(disclosure, name, role, key, concept, side, printed):
    assert _cell(disclosure(name), role, key, concept, side) == printed


def test_a_wrapped_name_is_one_label(disclosure):
    t2 = disclosure("putuo/wanlijiedao-2023-yusuan.pdf").table("T2")
    assert next(r.label for r in t2.rows if r.code == "2080505") == "机关事业单位基本养老保险缴费支出"
    assert next(r.location.page for r in t2.rows if r.code == "2120199") == 13  # a continuation page with no header


def test_empty_fund_tables_keep_their_note(disclosure):
    note = disclosure("putuo/caizhengju-2025-yusuan.pdf").table("T9").note
    assert note == "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"  # the wrong-table note, as printed
    assert disclosure("shanghai/caizhengju-2025-danwei-yusuan.pdf").table("T8").note is None


def test_a_text_box_spanning_two_pages_is_read_once_from_the_visible_page(document, disclosure):
    """caizhengju-2025-yusuan p7-8: the 编制说明 box is printed whole on p7 (clipped after item 8)
    and again on p8 shifted above the page; every item is read once."""
    pages = document("putuo/caizhengju-2025-yusuan.pdf").pages
    p7 = [b.text for b in pages[6].blocks if isinstance(b, TextLine)]
    p8 = [b.text for b in pages[7].blocks if isinstance(b, TextLine)]
    assert p7[-1].startswith("”174.83万元") and p8[0].startswith("7.“社会保障和就业支出")
    assert all(b.location.bbox.top >= 0 for b in pages[7].blocks)
    sentences = [p.text for p in disclosure("putuo/caizhengju-2025-yusuan.pdf").paragraphs]
    for item in ("1.“一般公共服务支出", "7.“社会保障和就业支出", "11.“住房保障支出"):
        assert sum(s.startswith(item) for s in sentences) == 1
    assert sum("收入预算3,121.42万元" in s for s in sentences) == 1
    [issue] = document("putuo/caizhengju-2025-yusuan.pdf").issues()
    assert (issue.kind, issue.page, issue.text[:5]) == ("repeated-text", 8, "2025年")


def test_c14_reports_the_spanning_box_once_and_stays_silent_elsewhere(tmp_path):
    results = _validate(corpus_path("putuo/caizhengju-2025-yusuan.pdf"))
    assert [(r["rule"], r["severity"], r["page"]) for r in results if r["rule"] == "C-14"] == [("C-14", "warning", 8)]
    # a 决算 whose page 14 holds only the ruling of an empty row is not a blank page
    assert not [r for r in _validate(corpus_path("putuo/caizhengju-2024-juesuan.pdf")) if r["rule"] == "C-14"]


def _validate(*paths):
    graphs = {}
    for path in paths:
        iri, graph = disclosure_graph(recognise(read_document(path)))
        graphs[iri] = graph
    return validate_graphs(graphs).results


_FIGURE_NOT_THRESHOLD = r"\d(万元|元|%)(?!\s*[（(]含[)）])(?!\s*(以上|及以下|以下))"  # 单价100万元以上 states no amount


@pytest.mark.parametrize("name", sorted(HAND_COUNTS))
def test_every_budget_sentence_with_a_figure_is_parsed_or_listed(disclosure, name):
    found = narrative_claims(disclosure(name))
    parsed = {c.sentence for c in found.claims}
    listed = {u.sentence for u in found.unparsed}
    sentences = [s.strip() for paragraph, _ in narrative_paragraphs(disclosure(name))
                 for s in re.split(r"(?<=。)", paragraph.text) if re.search(_FIGURE_NOT_THRESHOLD, s)]
    assert len(sentences) >= 15
    assert [s for s in sentences if s not in parsed | listed] == []
    assert {c.section for c in found.claims} >= {"overview", "sangong", "procurement", "performance", "assets"}
