"""The Jiangsu 省级 部门预算 2017-2019 of the corpus: 12 department-years in 19 files.

Every count and cell below was read off the rendered page images (pypdfium2), not from the
program: the non-blank amount cells of every table, and hand-read cells for each hazard of
BUDGETS.md §6 (joined codes, wrapped names, continuation pages, blanks, the 三公 row, Word tables
whose lines are drawn a few points apart, two-file publication).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from decimal import Decimal
from functools import lru_cache

import pytest
from click.testing import CliRunner

from budgetkg.claims import narrative_claims
from budgetkg.cli import main
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import documents_of_disclosures, recognise
from budgetkg.vocab import BK

from conftest import corpus_path

J = "jiangsu/"
SINGLE = {"renda-2017": ["renda-2017-yusuan.pdf"], "renda-2018": ["renda-2018-yusuan.pdf"]} | {
    f"jianchayuan-{y}": [f"jianchayuan-{y}-yusuan.pdf"] for y in (2017, 2018, 2019)}
PAIRED = {"renda-2019": ["renda-2019-yusuan-text.pdf", "renda-2019-yusuan-tables.pdf"]} | {
    f"{u}-{y}": [f"{u}-{y}-yusuan-text.pdf", f"{u}-{y}-yusuan-tables.pdf"]
    for u in ("shengweibangongting", "zhengxie") for y in (2017, 2018, 2019)}
DISCLOSURES = SINGLE | PAIRED

# Non-blank amount cells per table, counted on the page images. J01..J12 in the 2018 order:
# T1 收支, T2 收入, T3 支出, T4 财政拨款收支, J05 财政拨款(功能), J06 财政拨款基本(经济), T5 一般公共预算,
# T6 一般公共预算基本, T7 三公/会议/培训, T8 政府性基金 (empty everywhere), J11 机关运行经费, J12 政府采购.
ROLES = ["T1", "T2", "T3", "T4", "J05", "J06", "T5", "T6", "T7", "T8", "J11", "J12"]
HAND_COUNTS = {
    "renda-2017": [12, 3, 4, 6, 19, 24, 19, 24, 9, 0, 16, 26],
    "renda-2018": [12, 3, 4, 6, 21, 24, 21, 24, 8, 0, 11, 24],
    "renda-2019": [12, 3, 4, 6, 21, 25, 21, 25, 8, 0, 12, 26],
    "jianchayuan-2017": [13, 5, 4, 6, 16, 28, 16, 28, 9, 0, 16, 46],
    "jianchayuan-2018": [13, 5, 4, 6, 15, 30, 15, 30, 8, 0, 16, 52],
    "jianchayuan-2019": [12, 3, 4, 6, 17, 31, 17, 31, 8, 0, 17, 41],
    "shengweibangongting-2017": [13, 5, 4, 6, 12, 31, 12, 31, 8, 0, 18, 47],
    "shengweibangongting-2018": [12, 3, 4, 6, 14, 31, 14, 31, 8, 0, 16, 39],
    "shengweibangongting-2019": [12, 3, 4, 6, 14, 32, 14, 32, 8, 0, 17, 39],
    "zhengxie-2017": [13, 5, 4, 6, 15, 27, 15, 27, 8, 0, 15, 40],
    "zhengxie-2018": [13, 5, 4, 6, 17, 28, 17, 28, 8, 0, 15, 29],
    "zhengxie-2019": [13, 5, 4, 6, 17, 26, 17, 26, 8, 0, 12, 20],
}
# The order the tables are printed in: 2017 puts 政府性基金 seventh and 三公 eleventh.
ORDER_2017 = ["T1", "T2", "T3", "T4", "J05", "J06", "T8", "T5", "T6", "J11", "T7", "J12"]
# renda-2017 prints 财政拨款支出预算表 (p11) before 财政拨款收支预算总表 (p12), against its 目录.
PRINTED_ORDER = {"renda-2017": ["T1", "T2", "T3", "J05", "T4", "J06", "T8", "T5", "T6", "J11", "T7", "J12"]}


@lru_cache(maxsize=None)
def _read(key: str):
    documents = [read_document(corpus_path(J + name)) for name in DISCLOSURES[key]]
    joined, errors = documents_of_disclosures(documents)
    assert not errors and len(joined) == 1
    return recognise(joined[0])


def _row(disclosure, role, *, code=None, label=None, side=None):
    table = disclosure.table(role)
    found = [r for r in table.rows if (code is None or r.code == code)
             and (label is None or label in r.label) and (side is None or r.side == side)]
    assert len(found) == 1, [(r.code, r.label, r.side) for r in found]
    return found[0]


def _sha(name: str) -> str:
    return hashlib.sha256(corpus_path(J + name).read_bytes()).hexdigest()


@pytest.mark.parametrize("key", sorted(DISCLOSURES))
def test_every_table_is_found_with_its_role_and_every_figure_read(key):
    disclosure = _read(key)
    year = int(key[-4:])
    assert (disclosure.kind, disclosure.scope, disclosure.year) == ("budget", "department", year)
    assert disclosure.profile == ("cn-jiangsu-2017-budget" if year == 2017 else "cn-jiangsu-2018-budget")
    counts = {t.role: len(t.amount_cells()) for t in disclosure.tables}
    assert counts == dict(zip(ROLES, HAND_COUNTS[key]))
    assert [t.role for t in disclosure.tables] == PRINTED_ORDER.get(key, ORDER_2017 if year == 2017 else ROLES)
    assert not [f for f in disclosure.findings if f.code in ("missing-table", "unreadable-amount", "continuation-width")]


def test_page_order_is_kept_where_it_differs_from_the_contents():
    # renda-2017 prints 财政拨款支出预算表 (p11) before 财政拨款收支预算总表 (p12), against its 目录
    tables = _read("renda-2017").tables
    assert [t.role for t in tables][3:5] == ["J05", "T4"]
    assert (tables[3].pages, tables[4].pages) == ([11], [12])


def test_the_contents_order_is_the_documents_own_contents():
    # renda-2017 p1-2: the 目录 lists the 2017 order, its 十一 entry wrapped onto p2 (出预算表);
    # shengweibangongting-2018: the tables file's 目录 (p2) lists 政府性基金 seventh, as 2017 did,
    # while the narrative file's 目录 (p2) lists the printed 2018 order.
    assert list(_read("renda-2017").contents_order) == ORDER_2017
    assert list(_read("shengweibangongting-2018").contents_order) == ORDER_2017
    assert list(_read("zhengxie-2018").contents_order) == ROLES
    assert list(_read("renda-2017").contents_order.values()) == list(range(1, 13))


def _order_findings(disclosure):
    return [(r["table"], r["expected"], r["actual"]) for r in _validated(disclosure).results if r["rule"] == "C-02"]


def test_c02_finds_the_tables_printed_against_the_contents():
    assert _order_findings(_read("renda-2017")) == [("T4", "目录第 4 表", "印出第 5 表")]
    assert sorted(_order_findings(_read("shengweibangongting-2018"))) == [
        ("J11", "目录第 10 表", "印出第 11 表"), ("T8", "目录第 7 表", "印出第 10 表")]
    assert _order_findings(_read("jianchayuan-2017")) == []  # printed as listed


def test_c02_fires_once_on_two_tables_swapped():
    import copy
    swapped = copy.deepcopy(_read("jianchayuan-2017"))
    t5, t6 = (swapped.tables.index(swapped.table(role)) for role in ("T5", "T6"))
    swapped.tables[t5], swapped.tables[t6] = swapped.tables[t6], swapped.tables[t5]
    assert _order_findings(swapped) == [("T5", "目录第 8 表", "印出第 9 表")]


def test_the_units_of_one_department_are_one_organisation_across_years():
    names = {key: disclosure_graph(_read(key))[0] for key in DISCLOSURES}
    for unit in ("renda", "jianchayuan", "shengweibangongting", "zhengxie"):
        organisations = {str(iri).split("/disclosure/")[1].split("/")[0] for key, iri in names.items() if key.startswith(unit)}
        assert len(organisations) == 1, organisations


# --- hand-read cells ---------------------------------------------------------------------------

def test_joined_codes_and_a_wrapped_name():
    renda = _read("renda-2018")
    operation = _row(renda, "J05", code="2010101")
    assert (operation.label, operation.cells["total"].value, operation.cells["total"].text) == ("行政运行", Decimal("6372.32"), "6,372.32")
    pension = _row(renda, "J05", code="2080505")  # the name wraps: 机关事业单位基本养老保险缴费支 / 出
    assert (pension.label, pension.cells["total"].value) == ("机关事业单位基本养老保险缴费支出", Decimal("580.01"))
    assert _row(renda, "J06", code="30239").cells["total"].value == Decimal("267.08")
    assert _row(_read("renda-2017"), "J05", code="2010101").cells["total"].value == Decimal("4545.94")


def test_a_class_label_wrapped_in_the_word_flow_table():
    renda = _read("renda-2017")  # 一、一般公共服务 / 支出, over two lines of its cell
    row = _row(renda, "T1", label="一般公共服务支出", side="expense")
    assert row.label == "一、一般公共服务支出" and row.cells["amount"].value == Decimal("10528.33")
    assert _row(renda, "T1", label="住房保障支出", side="expense").cells["amount"].value == Decimal("1512.23")


def test_a_continuation_page():
    renda = _read("renda-2017")
    rent = _row(renda, "J06", code="30312")  # the last row of J06, alone on p15 above 政府性基金
    assert (rent.label, rent.cells["total"].value, rent.location.page) == ("提租补贴", Decimal("1018.01"), 15)
    assert renda.table("J06").pages == [12, 13, 14, 15]
    meeting = _row(_read("renda-2018"), "J12", label="江苏省第十三届")
    assert (meeting.cells["amount"].value, meeting.location.page) == (Decimal("950.00"), 18)
    zhengxie = _read("zhengxie-2017")  # J12 repeats its title and header on p13
    assert zhengxie.table("J12").pages == [12, 13]
    assert [r.cells["amount"].value for r in zhengxie.table("J12").rows if r.location.page == 13][:2] == [Decimal("714.80"), Decimal("65.00")]


def test_the_sangong_row_mapped_by_position_with_its_blank():
    row = {r.label: r.cells["budget"] for r in _read("renda-2018").table("T7").rows}
    assert {k: v.value for k, v in row.items()} == {
        "合计": Decimal("2542.60"), "“三公”经费小计": Decimal("833.60"), "因公出国（境）费": Decimal("222.50"),
        "公务用车购置及运行维护费": Decimal("183.60"), "公务用车购置费": None, "公务用车运行维护费": Decimal("183.60"),
        "公务接待费": Decimal("427.50"), "会议费": Decimal("1305.25"), "培训费": Decimal("403.75")}
    assert row["公务用车购置费"].is_blank  # blank, not zero
    printed_zero = {r.label: r.cells["budget"] for r in _read("renda-2017").table("T7").rows}["公务用车购置费"]
    assert (printed_zero.value, printed_zero.text) == (Decimal("0"), "0")
    [spending] = _read("renda-2018").table("T3").rows  # J03: one row, its columns by position
    assert spending.label == "合计"
    assert (spending.cells["unit-reserve"].value, spending.cells["carried-forward"].is_blank) == (Decimal("1685.72"), True)


def test_word_tables_whose_lines_are_drawn_apart():
    jcy = _read("jianchayuan-2018")
    # a column line a few points off cuts through 3,660.38 and 2,388.04; the header wraps in cells
    assert _row(jcy, "T1", label="住房保障支出", side="expense").cells["amount"].value == Decimal("3660.38")
    assert _row(jcy, "T1", label="单位预留机动经费", side="purpose").cells["amount"].value == Decimal("2388.04")
    assert jcy.table("T3").rows[0].cells["unit-reserve"].value == Decimal("2388.04")
    sangong = {r.label: r.cells["budget"].value for r in jcy.table("T7").rows}
    assert (sangong["因公出国（境）费"], sangong["会议费"], sangong["培训费"]) == (Decimal("100.00"), Decimal("200.44"), Decimal("700.00"))
    assert len([r for r in jcy.table("T1").rows if "公共安全支出" in r.label]) == 1  # a grid row under the same cells is no new row


def test_one_decimal_amounts_and_a_number_at_the_foot_of_the_page_before():
    jcy = _read("jianchayuan-2019")
    reserve = jcy.table("T3").rows[0].cells["unit-reserve"]
    assert (reserve.value, reserve.decimals, reserve.text) == (Decimal("3990.4"), 1, "3990.4")
    total = {r.label: r.cells["budget"] for r in jcy.table("T7").rows}["合计"]
    assert (total.value, total.decimals) == (Decimal("1276.7"), 1)
    t4 = jcy.table("T4")  # 公开 04 表 at the foot of p15, its title on p16
    assert (t4.number, t4.pages) == ("公开04表", [16])


def test_amounts_on_another_baseline_than_their_labels():
    # spreadsheet tables: 17 pt labels, 9 pt amounts set 3.5-4 pt lower; read by cell
    sbgt = _read("shengweibangongting-2017")
    assert _row(sbgt, "T1", label="财政专户管理资金", side="income").cells["amount"].value == Decimal("147.20")
    assert _row(sbgt, "T2", label="收入总计").cells["amount"].value == Decimal("20849.45")
    zx = _read("zhengxie-2017")
    assert _row(zx, "T1", label="其他资金", side="income").cells["amount"].value == Decimal("80.00")
    # decoy of §9: J01's 一般公共服务支出 exceeds J05's 201 by the 其他资金 (80.00)
    assert _row(zx, "T1", label="一般公共服务支出", side="expense").cells["amount"].value == Decimal("6543.55")
    assert _row(zx, "J05", code="201").cells["total"].value == Decimal("6463.55")


def test_notes_of_the_empty_government_fund_tables():
    assert _read("zhengxie-2017").table("T8").note == "注：我单位无2017年政府性基金支出安排。"
    assert _read("shengweibangongting-2018").table("T8").note == "注：本部门无相关收支项目"  # printed inside the table
    assert _read("renda-2017").table("T8").note == "(无政府性基金支出）"
    assert _read("shengweibangongting-2017").table("T8").note is None  # §9: no note
    assert _read("renda-2019").table("T8").note is None  # §9: no note


def test_zhengxie_2019_prints_the_2018_class_names():
    labels = [r.label for r in _read("zhengxie-2019").table("T1").rows if r.side == "expense"]
    assert "九、医疗卫生与计划生育支出" in labels and "二十、其他支出" in labels
    renamed = [r.label for r in _read("renda-2019").table("T1").rows if r.side == "expense"]
    assert "九、卫生健康支出" in renamed and "二十一、其他支出" in renamed


# --- two-file publication ----------------------------------------------------------------------

def test_a_two_file_year_keeps_each_figure_in_its_own_file():
    renda = _read("renda-2019")
    text, tables = (_sha(name) for name in PAIRED["renda-2019"])
    assert [f.sha256 for f in renda.files] == [text, tables]
    reserve = renda.table("T3").rows[0].cells["unit-reserve"]
    assert (reserve.value, reserve.location.page, reserve.location.file) == (Decimal("2557.89"), 3, tables)
    found = narrative_claims(renda)
    total = next(c for c in found.claims if "18330.37万元" in c.sentence)
    assert total.location.file == text and total.location.page == 9  # page numbers restart per file
    iri, graph = disclosure_graph(renda)
    files = {str(o) for o in graph.objects(None, BK.sourceFile)}
    assert files == {f"https://w3id.org/budgetkg/id/file/{text}", f"https://w3id.org/budgetkg/id/file/{tables}"}


def test_pairing_reads_the_documents_not_the_file_names(tmp_path):
    # the text of 人大 2019 saved under 政协's tables name, its tables under a text name
    text = tmp_path / "zhengxie-2019-yusuan-tables.pdf"
    tables = tmp_path / "zhengxie-2019-yusuan-text.pdf"
    shutil.copy(corpus_path(J + "renda-2019-yusuan-text.pdf"), text)
    shutil.copy(corpus_path(J + "renda-2019-yusuan-tables.pdf"), tables)
    joined, errors = documents_of_disclosures([read_document(tables), read_document(text)])
    assert not errors and len(joined) == 1
    disclosure = recognise(joined[0])
    assert (disclosure.unit_name, disclosure.year) == ("江苏省人大常委会办公厅", 2019)
    assert [f.source for f in disclosure.files] == [str(text), str(tables)]  # narrative first


def test_parts_that_do_not_match_are_a_clear_error():
    runner = CliRunner()
    text = str(corpus_path(J + "renda-2019-yusuan-text.pdf"))
    other = str(corpus_path(J + "zhengxie-2019-yusuan-tables.pdf"))
    result = runner.invoke(main, ["extract", text, other])
    assert result.exit_code == 2
    assert "[unpaired-part]" in result.stderr
    assert "江苏省人大常委会办公厅 2019 预算" in result.stderr and "江苏省政协办公厅 2019 预算" in result.stderr
    alone = runner.invoke(main, ["extract", text])
    assert alone.exit_code == 2 and "附后" in alone.stderr


def test_extract_two_files_in_one_call():
    runner = CliRunner()
    files = [str(corpus_path(J + name)) for name in PAIRED["zhengxie-2018"]]
    result = runner.invoke(main, ["extract", *files])
    assert result.exit_code == 0, result.stderr
    import json
    [disclosure] = json.loads(result.stdout)
    assert [f["source"] for f in disclosure["files"]] == files
    assert sum(t["amount_cells"] for t in disclosure["tables"]) == sum(HAND_COUNTS["zhengxie-2018"])


# --- narrative -----------------------------------------------------------------------------------

_FOOTER = re.compile(r"[─—-]\s*\d+\s*[─—-]")


@pytest.mark.parametrize("key", sorted(DISCLOSURES))
def test_no_sentence_holds_a_page_footer(key):
    for paragraph in _read(key).paragraphs:
        assert not _FOOTER.search(paragraph.text), paragraph.text


def test_a_bare_page_number_between_two_pages_of_a_sentence():
    paragraphs = [p for p in _read("shengweibangongting-2019").paragraphs if "27664.22万元，与上年相比收、支" in p.text]
    assert paragraphs and all("增长13.11%" in p.text and "413.11" not in p.text for p in paragraphs)
    assert paragraphs[0].pages == [6, 7]


def test_letter_spaced_names_resolve_to_the_unit():
    assert _read("renda-2018").unit_name == "江苏省人大常委会办公厅"


@pytest.mark.parametrize("key", sorted(DISCLOSURES))
def test_claims_coverage_every_sentence_with_a_figure_parsed_or_listed(key):
    found = narrative_claims(_read(key))
    assert found.sentences_with_figures >= 20
    assert len(found.claims) >= 20
    # the rest is listed, sentence by sentence, with the figures left over
    assert all(u.leftover and u.sentence for u in found.unparsed)
    assert found.coverage >= 0.6


# --- A-12 on the real tables: silent on the document, firing on a planted cell ----------------------

def _validated(disclosure):
    from budgetkg.validate import validate_graphs
    iri, graph = disclosure_graph(disclosure)
    return validate_graphs({iri: graph})


def _planted(disclosure, role, label, concept, value):
    import copy
    from dataclasses import replace
    changed = copy.deepcopy(disclosure)
    row = next(r for r in changed.table(role).rows if label in r.label)
    row.cells[concept] = replace(row.cells[concept], value=Decimal(value), text=value)
    return changed


@pytest.mark.parametrize("key", sorted(DISCLOSURES))
def test_a12_is_silent_on_every_jiangsu_budget(key):
    assert [r for r in _validated(_read(key)).results if r["rule"] == "A-12"] == []


def test_a12_fires_on_a_planted_meeting_cost_and_a_planted_reserve():
    renda = _read("renda-2018")
    meeting = _planted(renda, "T7", "会议费", "budget", "1306.25")
    found = [(r["table"], r["row"], r["expected"], r["actual"]) for r in _validated(meeting).results if r["rule"] == "A-12"]
    assert found == [("T7", "合计", "2543.60", "2542.60")]
    reserve = _planted(renda, "T4", "单位预留机动经费", "amount", "1685.00")
    found = sorted((r["table"], r["expected"], r["actual"], r["severity"]) for r in _validated(reserve).results if r["rule"] == "A-12")
    assert found == [("T4", "15896.72", "15897.44", "violation")]


def test_x02_compares_classes_only_where_t3_is_broken_down_by_class():
    """A Jiangsu 支出预算总表 is one row: T1's 类 have nothing in T3 to equal (they resolve to codes
    once the year's list knows them, and were compared with 0 before X-02 1.2.0)."""
    renda = _read("renda-2019")
    assert [r for r in _validated(renda).results if r["rule"] == "X-02"] == []
    assert renda.table("T3").rows and not any(r.code for r in renda.table("T3").rows)


def test_validate_reads_the_two_files_of_a_year_as_one_disclosure():
    result = CliRunner().invoke(main, ["validate", "--format", "json",
                                       *(str(corpus_path(J + name)) for name in DISCLOSURES["renda-2019"])])
    report = __import__("json").loads(result.stdout)
    assert [d["unit"] for d in report["documents"]] == ["江苏省人大常委会办公厅"]
    assert report["not_checked"] == []
    assert not any(r["rule"] == "C-04" for r in report["results"])  # the narrative file is read with the tables


# --- across years: Y-02 / Y-03 on the four series loaded together (BUDGETS.md §8.1) ----------------

def _series_results(disclosures):
    from budgetkg.validate import validate_graphs
    graphs = dict(disclosure_graph(d) for d in disclosures)
    return [r for r in validate_graphs(graphs).results if r["rule"] in ("Y-02", "Y-03") and r["severity"] != "info"]


# The statements of BUDGETS.md §8.1 (each year's total, 基本/项目/预留, 三公 items, 会议费, 机关运行经费
# against last year's budget), checked by hand there: consistent in all four series.
_SERIES_STATEMENTS = ("收、支预算总计", "基本支出预算数为", "项目支出预算数为", "单位预留机动经费预算数为",
                      "因公出国（境）费预算支出", "公务接待费预算支出", "会议费预算支出", "机关运行经费预算支出")


@pytest.mark.parametrize("unit", ["renda", "jianchayuan", "shengweibangongting", "zhengxie"])
def test_each_jiangsu_series_is_consistent_across_years(unit):
    results = _series_results([_read(f"{unit}-{year}") for year in (2017, 2018, 2019)])
    assert [r for r in results if any(s in (r.get("text") or "") for s in _SERIES_STATEMENTS)] == []


@pytest.mark.parametrize("label", ["当年支出小计", "一般公共预算"])
def test_a_planted_break_in_a_series_fires(label):
    # 2019 says its total (收入、支出预算总计) and its 一般公共预算收入预算 rose by 2432.93 to
    # 18330.37: the 2018 收支预算总表 must hold 15897.44 in 当年支出小计 and in 1.一般公共预算
    broken = _planted(_read("renda-2018"), "T1", label, "amount", "15897.54")
    found = [(r["rule"], r["expected"], r["actual"]) for r in _series_results([_read("renda-2017"), broken, _read("renda-2019")])]
    assert ("Y-02", "15897.54", "15897.44") in found or ("Y-02", "15897.44", "15897.54") in found, found
