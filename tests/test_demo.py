"""The demo district and the demo command."""

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from budgetkg.cli import main
from budgetkg.demo.district import district, wan
from budgetkg.demo.defects import TRUTH, write_defective_district
from budgetkg.demo.run import BUNDLED, DEMO_DEFECTS, write_district
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.structure import check_structure
from budgetkg.validate import validate_graphs


def test_balances_carry_forward_and_tables_add_up_in_the_model():
    years = district(3, (2024, 2025, 2026), seed=11)
    for before, after in zip(years, years[1:]):
        if before.department == after.department:
            assert after.opening == before.closing
    for year in years:
        assert year.basic == year.personnel + year.public
        assert year.sangong_actual["reception"] == year.economic["30217"]


def test_a_generated_district_breaks_no_rule_and_reads_back_exactly(tmp_path):
    files = write_district(tmp_path, departments=3, years=(2024, 2025, 2026), seed=3)
    years = district(3, (2024, 2025, 2026), seed=3)
    graphs = {}
    for path, year in zip(files, years):
        disclosure = recognise(read_document(path))
        t3 = disclosure.table("T3")
        total = next(r for r in t3.rows if r.label == "合计")
        assert (total.cells["total"].value, total.cells["basic"].value) == (wan(year.total), wan(year.basic))
        iri, graph = disclosure_graph(disclosure)
        assert [r for r in check_structure(graph) if r.severity == "Violation"] == []
        graphs[iri] = graph
    report = validate_graphs(graphs)
    assert report.summary == {"violation": 0, "warning": 0, "info": 0}


def test_the_bundled_district_is_the_generator_output_with_its_planted_defects(tmp_path):
    fresh, truth = write_defective_district(tmp_path, **DEMO_DEFECTS)
    bundled, fresh = sorted(BUNDLED.glob("*.txt")), sorted(fresh)
    assert [p.name for p in bundled] == [p.name for p in fresh]
    assert all(b.read_text(encoding="utf-8") == f.read_text(encoding="utf-8") for b, f in zip(bundled, fresh))
    assert (BUNDLED / TRUTH).read_text(encoding="utf-8") == (tmp_path / TRUTH).read_text(encoding="utf-8")
    assert 3 <= len(truth) <= 14
    budgets = [d for d in truth if d.kind == "budget"]
    assert {d.rule for d in budgets} >= {"D-02"} and all("-budget" in d.file for d in budgets)


def test_demo_command_shows_findings_and_writes_the_reports(tmp_path):
    result = CliRunner().invoke(main, ["demo", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "documents: 49 (决算 30, 预算 19)" in result.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(report["documents"]) == 49 and report["conforms"] is False
    kinds = {d["id"]: d["kind"] for d in report["documents"]}
    found_in = Counter(kinds[r["document"]] for r in report["results"] if r["severity"] != "info")
    assert found_in["budget"] > 0
    assert f"findings in 决算: {found_in['final-accounts']}, in 预算: {found_in['budget']}" in result.stdout
    truth = json.loads((BUNDLED / TRUTH).read_text(encoding="utf-8"))
    found = {(r["rule"], Path(d["source"]).name) for r in report["results"] for d in report["documents"]
             if d["id"] == r["document"]}
    assert sum((d["rule"], d["file"]) in found for d in truth) >= len(truth) - 1  # the planted defects are found
    shown = [line for line in result.stdout.splitlines() if line.startswith("  ") and "] " in line]
    assert len(shown) == report["summary"]["violation"] + report["summary"]["warning"]
    assert "# sangong-by-unit-year: " in result.stdout and "(12 rows)" in result.stdout
    assert "18 more rows not shown: budgetkg query sangong-by-unit-year" in result.stdout
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert str((tmp_path / "report.html").resolve()) in result.stdout
    assert page.count('class="finding ') == len(report["results"]) and "批次概览" in page
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("违规 ")
