"""The cross-year rules (Y family) and organisation identity (D-03) on three-year series of one
generated department: silent on the consistent series, firing exactly on planted inconsistencies."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from budgetkg import organizations
from budgetkg.cli import main
from budgetkg.demo.district import district, wan
from budgetkg.demo.render import build_document
from budgetkg.demo.text import render_text
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.store import Store
from budgetkg.validate import validate_graphs
from budgetkg.vocab import BK, decimal_literal

from conftest import ZHUZHOU, corpus_path

YEARS = (2024, 2025, 2026)
SEED = 5


def _text(year) -> str:
    return render_text(build_document(year))


def _series():
    return district(1, YEARS, seed=SEED)


def _validate(tmp_path: Path, texts: list[str]) -> list[dict]:
    graphs = {}
    for year, text in zip(YEARS, texts):
        path = tmp_path / f"{year}.txt"
        path.write_text(text, encoding="utf-8")
        iri, graph = disclosure_graph(recognise(read_document(path)))
        graphs[iri] = graph
    return validate_graphs(graphs).results


def _cross(results: list[dict]) -> list[tuple]:
    return sorted((r["rule"], r["severity"], r["document"].split("/")[-2], r["expected"], r["actual"])
                  for r in results if r["rule"][0] in "YD")


def _pct(part: Decimal, whole: Decimal) -> str:
    return str((100 * part / whole).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _restate_change(text: str, subject: str, extra: Decimal) -> tuple[str, Decimal, Decimal]:
    """The change stated after `subject` made larger by `extra`, its rate recomputed so that the
    sentence stays consistent in itself (N-03); returns the text, the current figure and the
    previous-year figure the new sentence implies."""
    pattern = re.compile(re.escape(subject) + r"(\d+\.\d\d)万元([^\n]*?)与上年相比，(增加|减少)(\d+\.\d\d)万元，(增长|下降)(\d+\.\d\d)%")
    match = pattern.search(text)
    current, delta = Decimal(match.group(1)), Decimal(match.group(4)) + extra
    previous = current - delta if match.group(3) == "增加" else current + delta
    restated = (f"{subject}{match.group(1)}万元{match.group(2)}与上年相比，{match.group(3)}{delta}万元，"
                f"{match.group(5)}{_pct(delta, previous)}%")
    return text[:match.start()] + restated + text[match.end():], current, previous


def test_a_consistent_series_breaks_no_cross_year_rule(tmp_path):
    assert _cross(_validate(tmp_path, [_text(y) for y in _series()])) == []


def _carry_forward_break():
    """2025's balances 1.00 above what 2024 closed with (2025 itself stays consistent), so that
    2026 opens below what 2025 closed with."""
    years = _series()
    years[1] = replace(years[1], opening=years[1].opening + 1_000_000, closing=years[1].closing + 1_000_000)
    years[2] = replace(years[2], previous=years[1])  # 2026's narrative compares with the 2025 published
    return years


def test_a_broken_carry_forward_is_reported_on_t1_and_t4(tmp_path):
    years = _carry_forward_break()
    results = _validate(tmp_path, [_text(y) for y in years])
    assert [r for r in results if r["severity"] != "info" and r["rule"][0] not in "YD"] == []
    closed = {y.year: str(wan(y.closing)) for y in years}
    opened = {y.year: str(wan(y.opening)) for y in years}
    assert _cross(results) == ([("Y-01", "warning", "2025", closed[2024], opened[2025])] * 3  # T1, T4 total, T4 一般公共预算
                               + [("Y-01", "warning", "2026", closed[2025], opened[2026])] * 3)


def test_a_change_that_implies_another_previous_figure_is_reported(tmp_path):
    years = _series()
    texts = [_text(y) for y in years]
    texts[2], _, implied = _restate_change(texts[2], "一般公共预算财政拨款支出", Decimal("5.00"))
    found = _cross(_validate(tmp_path, texts))
    assert found == [("Y-02", "warning", "2026", str(wan(years[1].total)), str(implied))]


def test_a_sangong_change_is_checked_against_last_years_t7(tmp_path):
    years = _series()
    texts = [_text(y) for y in years]
    actual = {y.year: sum(y.sangong_actual.values()) for y in years}
    for index, stated_change in ((1, actual[2025] - actual[2024]), (2, actual[2026] - actual[2025] + 300_000)):
        word, rate_word = ("增加", "增长") if stated_change >= 0 else ("减少", "下降")
        current = wan(actual[years[index].year])
        previous = current - wan(stated_change)
        sentence = (f"“三公”经费支出决算与上年相比，{word}{wan(abs(stated_change))}万元，"
                    f"{rate_word}{_pct(abs(wan(stated_change)), previous)}%。")
        texts[index] = re.sub(r"(“三公”经费财政拨款支出预算为[^\n]*)", lambda m: m.group(1) + sentence, texts[index], count=1)
    found = _cross(_validate(tmp_path, texts))
    implied = wan(actual[2026]) - wan(actual[2026] - actual[2025] + 300_000)
    assert found == [("Y-03", "warning", "2026", str(wan(actual[2025])), str(implied))]


def test_a_code_renamed_by_the_unit_but_not_by_the_code_list_is_an_info(tmp_path):
    years = _series()
    texts = [_text(y) for y in years]
    texts[1] = texts[1].replace("2010601\t行政运行\t", "2010601\t行政运行费\t")
    found = _cross(_validate(tmp_path, texts))
    # 2025 differs from 2024, and 2026 from 2025 (named as listed again); each once, on T2, T3, T5 alike
    assert found == [("Y-04", "info", "2025", "行政运行", "行政运行费"),
                     ("Y-04", "info", "2026", "行政运行费", "行政运行")]


@pytest.fixture
def directory_with_variants(tmp_path, monkeypatch):
    data = tmp_path / "organizations"
    data.mkdir()
    (data / "matching.toml").write_text('remove = ["\\\\s+"]\n', encoding="utf-8")
    (data / "district.toml").write_text(
        '[[organization]]\nname = "某区档案局"\nvariants = ["某区档案管理局", "区档案局"]\n\n'
        '[[organization]]\nname = "某县档案局"\nvariants = ["区档案局"]\n', encoding="utf-8")
    found = organizations.Directory(data)
    monkeypatch.setattr(organizations, "directory", lambda: found)
    return found


def test_name_variants_resolve_to_one_organisation(directory_with_variants):
    resolution = directory_with_variants.resolve("某区档案\n管理局")
    assert (resolution.name, resolution.ambiguous) == ("某区档案局", False)
    ambiguous = directory_with_variants.resolve("区档案局")
    assert (ambiguous.name, ambiguous.candidates) == ("区档案局", ("某区档案局", "某县档案局"))
    unknown = directory_with_variants.resolve("某区 统计局")
    assert (unknown.name, unknown.candidates) == ("某区统计局", ())


def test_a_series_printed_under_a_short_name_is_one_organisation(tmp_path, directory_with_variants):
    texts = [_text(y) for y in _series()]
    texts[1] = texts[1].replace("某区档案局", "某区档案 管理局")
    results = _validate(tmp_path, texts)
    assert _cross(results) == [("D-03", "info", "2025", "某区档案局", "某区档案管理局")]
    assert {r["document"].split("/")[-3] for r in results} <= {"某区档案局"}


def test_an_ambiguous_name_is_reported_not_merged(tmp_path, directory_with_variants):
    texts = [_text(y) for y in _series()]
    texts[2] = texts[2].replace("某区档案局", "区档案局")
    [(rule, severity, year, candidates, printed)] = _cross(_validate(tmp_path, texts))
    assert (rule, severity, year, printed) == ("D-03", "info", "2026", "区档案局")
    assert sorted(candidates.split("、")) == ["某区档案局", "某县档案局"]


def _write_series(tmp_path: Path, years) -> list[Path]:
    paths = []
    for year in years:
        path = tmp_path / f"{year.year}.txt"
        path.write_text(_text(year), encoding="utf-8")
        paths.append(path)
    return paths


def test_validate_brings_in_the_units_other_years_from_a_store(tmp_path):
    paths = _write_series(tmp_path, _carry_forward_break())
    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["load", str(paths[0]), "--store", str(store)]).exit_code == 0
    alone = CliRunner().invoke(main, ["validate", str(paths[1]), "--format", "json"])
    with_store = CliRunner().invoke(main, ["validate", str(paths[1]), "--store", str(store), "--format", "json"])
    assert (alone.exit_code, with_store.exit_code) == (0, 0)  # Y-01 is a warning
    assert [r["rule"] for r in json.loads(alone.stdout)["results"]] == []
    report = json.loads(with_store.stdout)
    assert [r["rule"] for r in report["results"]] == ["Y-01"] * 3
    assert [d["year"] for d in report["documents"]] == [2025]  # the store's 2024 is context, not checked


def _stored_rules(store_dir: Path, document_year: int) -> list[str]:
    with Store(store_dir) as store:
        rows = store.query(f"""SELECT ?rule WHERE {{ GRAPH ?g {{ ?r <{BK.ruleId}> ?rule }}
                               FILTER(STRENDS(STR(?g), "/{document_year}/final-accounts-department/validation")) }}""")
        return sorted(row["rule"].value for row in rows)


def test_load_keeps_results_per_disclosure_and_revalidates_the_units_other_years(tmp_path):
    paths = _write_series(tmp_path, _carry_forward_break())
    store = tmp_path / "store"
    assert CliRunner().invoke(main, ["load", str(paths[1]), "--store", str(store)]).exit_code == 0
    assert _stored_rules(store, 2025) == []  # no 2024 yet: nothing to compare with
    result = CliRunner().invoke(main, ["load", str(paths[0]), "--store", str(store)])
    assert result.exit_code == 0
    assert "validated 2 disclosures: 0 violations, 3 warnings, 0 infos" in result.stderr
    assert (_stored_rules(store, 2025), _stored_rules(store, 2024)) == (["Y-01"] * 3, [])


def test_validate_reads_back_the_rdf_extract_writes(tmp_path):
    paths = _write_series(tmp_path, _carry_forward_break())
    quads = tmp_path / "series.nq"
    assert CliRunner().invoke(main, ["extract", *map(str, paths), "--format", "nq", "-o", str(quads)]).exit_code == 0
    from_text = json.loads(CliRunner().invoke(main, ["validate", *map(str, paths), "--format", "json"]).stdout)
    from_rdf = json.loads(CliRunner().invoke(main, ["validate", str(quads), "--format", "json"]).stdout)
    assert [r["rule"] for r in from_rdf["results"]] == ["Y-01"] * 6
    assert from_rdf["results"] == from_text["results"]
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 2 and "[invalid-rdf]" in result.stderr


def test_the_real_unit_printed_under_its_short_name_stays_one_organisation(tmp_path):
    """The 株洲 disclosure, and the same text printed with the short name 石峰区区委办 and a line
    break inside it (data/organizations/zhuzhou.toml), are one organisation."""
    text = corpus_path(ZHUZHOU).read_text(encoding="utf-8")
    short = tmp_path / "short-name.txt"
    short.write_text(text.replace("中共株洲市石峰区委办公室", "石峰区\n区委办", 1).replace("中共株洲市石峰区委办公室", "石峰区区委办"),
                     encoding="utf-8")
    disclosures = [recognise(read_document(path)) for path in (corpus_path(ZHUZHOU), short)]
    assert disclosures[1].unit_name != disclosures[0].unit_name
    (real_iri, real), (short_iri, printed_short) = [disclosure_graph(d) for d in disclosures]
    organisations = {real.value(real_iri, BK.organization), printed_short.value(short_iri, BK.organization)}
    assert organisations == {URIRef("https://w3id.org/budgetkg/id/org/中共株洲市石峰区委办公室")}
    report = validate_graphs({short_iri: printed_short})
    assert [(r["rule"], r["expected"], r["actual"]) for r in report.results if r["rule"] == "D-03"] == [
        ("D-03", "中共株洲市石峰区委办公室", "石峰区区委办")]


# --- budgets on the real corpus: the 万里街道 series, a 部门预算 and its 单位预算, a budget and the
# unit's previous 决算 (BUDGETS.md §8) ---

def _budget_results(paths: list[str], plant: tuple[int, str, str] | None = None) -> list[dict]:
    """The Y and D results of the disclosures read together; `plant` = (which file, cell path
    below its disclosure IRI, new amount) edits one cell first."""
    graphs = {}
    for path in paths:
        iri, graph = disclosure_graph(recognise(read_document(corpus_path(path))))
        graphs[iri] = graph
    if plant is not None:
        which, path, amount = plant
        iri = list(graphs)[which]
        cell = URIRef(f"{iri}{path}")
        assert (cell, BK.amount, None) in graphs[iri]
        graphs[iri].set((cell, BK.amount, decimal_literal(Decimal(amount))))
    return [r for r in validate_graphs(graphs).results if r["rule"][0] in "YD"]


WANLI = ["putuo/wanlijiedao-2023-yusuan.pdf", "putuo/wanlijiedao-2024-yusuan.pdf", "putuo/wanlijiedao-2025-yusuan.pdf"]


def test_the_wanli_budget_series_is_consistent_year_on_year():
    assert _budget_results(WANLI) == []


def test_a_break_planted_in_the_wanli_series_fires_y02_and_y03():
    # 2023 B2 合计 财政拨款收入 164,978,640 → 165,078,640: 2024's 16497.86 − … no longer meets it
    results = _budget_results(WANLI, (0, "/T2/total/fiscal-appropriation", "165078640"))
    assert [(r["rule"], r["page"], r["expected"], r["actual"]) for r in results] == [("Y-02", 6, "16507.86", "16497.86")]
    # 2023 B9 三公 22.91 → 23.91: 2024's 47.91 − 25 = 22.91
    results = _budget_results(WANLI, (0, "/T7/total/budget", "23.91"))
    assert [(r["rule"], r["page"], r["text"][:20]) for r in results] == [("Y-03", 32, "2024年“三公”经费预算数为47.91")]


QUZHENGFUBAN = ["putuo/quzhengfuban-2025-bumen-yusuan.pdf", "putuo/quzhengfuban-2025-danwei-yusuan.pdf"]


def test_a_department_budget_of_one_budget_unit_equals_its_unit_budget():
    assert _budget_results(QUZHENGFUBAN) == []


def test_one_planted_cell_difference_between_department_and_unit_fires_d02_once():
    results = _budget_results(QUZHENGFUBAN, (1, "/T5/2010350/total", "3767296.58"))
    assert [(r["rule"], r["severity"], r["table"], r["row"], r["expected"], r["actual"]) for r in results] == [
        ("D-02", "violation", "T5", "事业运行", "3807295.58", "3767296.58")]


def test_a_subordinate_unit_may_not_exceed_its_department():
    # 万里街道 has six budget units: its unit's figures may be smaller, never larger
    units = recognise(read_document(corpus_path("putuo/wanlijiedao-2025-yusuan.pdf"))).budget_units
    assert units.count == 6 and units.location.page == 4
    one = recognise(read_document(corpus_path("putuo/quzhengfuban-2025-bumen-yusuan.pdf"))).budget_units
    assert one.count == 1  # 下属1家事业单位 … 不单列预算，并入本部


def test_a_budget_against_the_units_previous_final_accounts_reports_the_gap():
    results = _budget_results(["putuo/caizhengju-2025-yusuan.pdf", "putuo/caizhengju-2024-juesuan.pdf"])
    assert [(r["rule"], r["severity"], r["page"], r["expected"], r["actual"]) for r in results] == [
        ("D-04", "warning", 7, "2993.92", "3013.80")]  # 3,121.42 − 107.62 against 年初预算 2993.92: 19.88万元


def _d04_results(budget_scope: str, accounts_units: int | None) -> list[tuple]:
    budget = recognise(read_document(corpus_path("putuo/caizhengju-2025-yusuan.pdf")))
    accounts = recognise(read_document(corpus_path("putuo/caizhengju-2024-juesuan.pdf")))
    units = None if accounts_units is None else replace(budget.budget_units, count=accounts_units)
    graphs = dict(disclosure_graph(d) for d in (replace(budget, scope=budget_scope), replace(accounts, budget_units=units)))
    return [(r["rule"], r["expected"], r["actual"]) for r in validate_graphs(graphs).results if r["rule"] == "D-04"]


def test_a_unit_budget_is_held_to_the_department_final_accounts_only_for_one_budget_unit():
    """The real pair, the budget read as a 单位预算: the 部门决算 of a department of several (or an
    unstated number of) budget units is not that unit's, so D-04 cannot check it; of one, it is."""
    assert _d04_results("unit", None) == []
    assert _d04_results("unit", 2) == []
    assert _d04_results("unit", 1) == [("D-04", "2993.92", "3013.80")]


def test_a_budget_cell_is_cited_under_the_column_the_budget_prints():
    """The 部门预算's T1 has one figure column, headed 预算数 (a 决算's is 决算数), held to the
    单位预算 T1's 合计 column."""
    results = _budget_results(QUZHENGFUBAN, (0, "/T1/expense/208/amount", "4213780.28"))
    [result] = [r for r in results if r["rule"] == "D-02"]
    assert (result["severity"], result["expected"], result["actual"]) == ("violation", "4213780.28", "4213779.28")
    assert [(e["table"], e["row"], e["column"]) for e in result["evidence"]] == [("T1", "二、社会保障和就业支出", "预算数")]
