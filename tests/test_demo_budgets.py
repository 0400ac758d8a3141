"""The demo district's budgets (budgetkg.demo.budget, shanghai_budget, budgets): figures that agree
with the 决算's 年初预算, a 部门预算 that is the sum of its 单位预算, documents that read back
exactly under the corpus profiles, no rule broken when clean, and every planted budget defect
found by its rule and by nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.claims import narrative_claims
from budgetkg.demo.budget import budget_of
from budgetkg.demo.budgets import BUDGET_PLANTERS, district_budgets, plant_budgets, write_budget_district
from budgetkg.demo.detection import by_department, by_family, score, validate_groups
from budgetkg.demo.district import district
from budgetkg.demo.render import FORMATS
from budgetkg.demo.run import write_district
from budgetkg.demo.shanghai_budget import DEPARTMENT
from budgetkg.ingest import read_document
from budgetkg.recognise import recognise
from budgetkg.recognise.text import parse_amount

from test_demo_pdf import model_cells, recognised_cells

YEARS = (2025, 2026)  # the first department gives its centre a budget of its own in 2026
PROFILES = {DEPARTMENT: "cn-shanghai-district-department-budget", "unit": "cn-shanghai-district-unit-budget"}


def test_a_budget_spends_the_final_accounts_initial_budget():
    for year in district(2, YEARS, seed=3):
        budget = budget_of(year)
        assert budget.total == year.budget_total and budget.sangong == year.sangong_budget
        assert budget.previous.total == year.previous.budget_total  # the stated change is against it
        assert budget.basic == budget.personnel + budget.public
        assert budget.economic["30217"] == budget.sangong["reception"]  # 公务接待费 ≤ 三公 接待


def _cells(document) -> dict[tuple[str, str, str], Decimal]:
    """Amount cells of the model, blank as 0, the 部门 T1's single expense column as 合计."""
    found = {}
    for (role, row, column), (value, _) in model_cells(document).items():
        found[(role, row, column.replace("expense.amount", "expense.total"))] = value or Decimal(0)
    return found


def test_the_department_budget_of_two_units_is_their_sum():
    groups = district_budgets(district(1, YEARS, seed=3))
    assert [[p.suffix for p in group] for group in groups] == [["budget", "budget-unit"],
                                                              ["budget", "budget-unit", "budget-unit-2"]]
    department, headquarters, centre = (_cells(p.build()) for p in groups[1])
    summed = {k: headquarters.get(k, Decimal(0)) + centre.get(k, Decimal(0)) for k in department}
    assert {k: (v, summed[k]) for k, v in department.items() if v != summed[k]} == {}
    assert department[("T5", "合计", "total")] == headquarters[("T5", "合计", "total")] + centre[("T5", "合计", "total")]
    assert centre[("T5", "合计", "total")] > 0 and centre[("T7", "合计", "budget")] == 0  # the centre has no 三公
    single_department, single_unit = (_cells(p.build()) for p in groups[0])
    assert {k: v for k, v in single_department.items() if single_unit.get(k) != v} == {}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """One department's 决算 and budgets, 2025 (one budget unit) and 2026 (two); the budgets as text,
    2026's also as PDF."""
    directory = tmp_path_factory.mktemp("budgets")
    files = write_district(directory, departments=1, years=YEARS, seed=3)
    texts, truth = write_budget_district(directory, departments=1, years=YEARS, seed=3)
    assert truth == []
    published = [p for group in district_budgets(district(1, YEARS, seed=3)) for p in group]
    pdfs = [text.with_suffix(".pdf") for text in texts[2:]]
    for p, path in zip(published[2:], pdfs):
        path.write_bytes(FORMATS["pdf"](p.build()))
    return files, texts, pdfs, published


def test_every_budget_cell_reads_back_under_the_corpus_profiles(clean):
    _, texts, pdfs, published = clean
    assert [p.name for p in texts] == ["00-2025-budget.txt", "00-2025-budget-unit.txt", "00-2026-budget.txt",
                                       "00-2026-budget-unit.txt", "00-2026-budget-unit-2.txt"]
    for p, path in [*zip(published, texts), *zip(published[2:], pdfs)]:
        disclosure = recognise(read_document(path))
        assert (disclosure.profile, disclosure.scope, disclosure.kind) == (PROFILES[p.scope], p.scope, "budget")
        assert (disclosure.unit_name, disclosure.year) == (p.budget.unit, p.budget.year)
        assert recognised_cells(disclosure) == model_cells(p.build()), path.name
        assert narrative_claims(disclosure).unparsed == []
    units = [recognise(read_document(path)).budget_units for path in texts]
    assert [u.count if u else None for u in units] == [1, None, 2, None, None]  # 机构设置 of the 部门预算


def test_the_budget_tables_are_in_yuan_and_the_sangong_table_in_wan(clean):
    _, texts, _, groups = clean
    disclosure = recognise(read_document(texts[0]))
    total = next(r for r in disclosure.table("T5").rows if r.label == "合计").cells["total"]
    assert (total.value, total.decimals) == (Decimal(groups[0].budget.total) / 100, 2)
    sangong = next(r for r in disclosure.table("T7").rows if r.label == "合计").cells["budget"]
    assert sangong.value == parse_amount(f"{Decimal(sum(groups[0].budget.sangong.values())) / 1_000_000:.2f}")[0]


def test_budgets_beside_their_final_accounts_break_no_rule(clean):
    files, texts, _, _ = clean
    report = validate_groups(by_department(sorted(files + texts)))
    assert {d["kind"] for d in report.documents} == {"final-accounts", "budget"} and len(report.documents) == 7
    assert report.summary == {"violation": 0, "warning": 0, "info": 0}


@pytest.fixture(scope="module")
def detected(tmp_path_factory):
    """Two departments' clean 决算 beside their budgets with a defect or more in every department-year."""
    directory = tmp_path_factory.mktemp("defective-budgets")
    files = write_district(directory, departments=2, years=YEARS, seed=4)
    budgets, truth = write_budget_district(directory, departments=2, years=YEARS, seed=4, rate=1.0, per_document=4)
    report = validate_groups(by_department(sorted(files + budgets)))
    return truth, score(truth, report), report


def test_every_budget_planter_plants_and_its_rule_alone_finds_it(detected):
    truth, scores, _ = detected
    assert {d.rule for d in truth} == set(BUDGET_PLANTERS)
    assert all(d.breaks == [(d.rule, d.year)] and d.kind == "budget" for d in truth)
    missed = {rule: counts.missed for rule, counts in scores.items() if counts.fn}
    spurious = {rule: counts.spurious for rule, counts in scores.items() if counts.fp}
    assert (missed, spurious) == ({}, {})
    for family, counts in by_family(scores).items():
        assert (family, counts.precision, counts.recall) == (family, 1.0, 1.0)
    assert by_family(scores)["D"].tp == sum(d.rule == "D-02" for d in truth) > 0


def test_a_planted_d02_break_is_a_unit_cell_off_the_departments(detected):
    truth, _, report = detected
    planted = [d for d in truth if d.rule == "D-02"]
    assert planted and all(d.file.endswith("-budget-unit.txt") for d in planted)
    assert all([e.where["figures"].split("/")[0] for e in d.edits] == ["spending"] * 2 for d in planted)
    documents = {d["id"]: d for d in report.documents}
    found = [(r, documents[r["document"]]) for r in report.results if r["rule"] == "D-02"]
    assert {Path(d["source"]).name for _, d in found} == {d.file.replace("-unit", "") for d in planted}  # on the 部门预算
    # spending moved between two 项: their rows (T2, T3, T5), and their 类 (T1, T4) where they differ; never T6
    assert "T5" in {r["table"] for r, _ in found} <= {"T1", "T2", "T3", "T4", "T5"}
    for result, _ in found:
        assert Decimal(result["actual"]) != Decimal(result["expected"])
        assert result["severity"] == ("warning" if "单位数" in result["message"]["zh"] else "violation")


def test_in_a_department_of_two_units_a_unit_cell_above_the_departments_is_a_warning(tmp_path):
    """The two-unit year (2026) with D-02 planted in 本部's 单位预算: 机构设置 counts two units, so
    only the cells where 本部 now exceeds the department are reported, as ≤ warnings."""
    [_, split_year] = district_budgets(district(1, YEARS, seed=3))
    [documents], [defects] = plant_budgets([split_year], rate=1.0, per_document=1, seed=1)
    assert [d.rule for found in defects for d in found] == ["D-02"] and defects[1]
    files = []
    for published, document in zip(split_year, documents):
        files.append(tmp_path / f"00-2026-{published.suffix}.txt")
        files[-1].write_bytes(FORMATS["txt"](document))
    report = validate_groups([files])
    found = [r for r in report.results if r["rule"] == "D-02"]
    assert found and {r["severity"] for r in found} == {"warning"}
    assert all(Decimal(r["actual"]) > Decimal(r["expected"]) for r in found)
    assert all("单位数不应超过部门数" in r["message"]["zh"] for r in found)
    assert [r for r in report.results if r["severity"] != "info" and r["rule"] != "D-02"] == []
