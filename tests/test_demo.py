"""The demo district and the demo command."""

import json

from click.testing import CliRunner

from budgetkg.cli import main
from budgetkg.demo.district import district, wan
from budgetkg.demo.run import BUNDLED, write_district
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


def test_the_bundled_district_is_the_generator_output(tmp_path):
    fresh = write_district(tmp_path)
    bundled = sorted(BUNDLED.glob("*.txt"))
    assert [p.name for p in bundled] == [p.name for p in fresh]
    assert all(b.read_text(encoding="utf-8") == f.read_text(encoding="utf-8") for b, f in zip(bundled, fresh))


def test_demo_command_runs_the_pipeline_and_writes_the_reports(tmp_path):
    result = CliRunner().invoke(main, ["demo", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "documents: 30" in result.stdout
    assert "violations: 0, warnings: 0, info: 0" in result.stdout
    assert "# sangong-by-unit-year: " in result.stdout and "(12 rows)" in result.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(report["documents"]) == 30 and report["conforms"] is True
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("违规 0 项")
