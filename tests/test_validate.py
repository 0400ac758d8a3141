"""The validate command and its reports; the catalogue page; the engine against pyshacl."""

import json
from pathlib import Path

import jsonschema
import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, SH

from budgetkg.cli import main
from budgetkg.ingest import read_document
from budgetkg.mapping import base_iri, disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.structure import reference_graph
from budgetkg.validate.catalogue import catalogue_markdown, load_rules, shapes_graph
from budgetkg.validate.engine import disclosure_store, run_rules

from conftest import CAIZHENGJU, SHEHUIGONGZUOBU, TEMPLATE, ZHUZHOU, corpus_path

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini-2024.txt"
SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


def _validate(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


def test_a_clean_disclosure_exits_0():
    result = _validate(MINI, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["conforms"] is True
    assert report["summary"] == {"violation": 0, "warning": 0, "info": 0}


def test_violations_exit_1_and_the_json_follows_the_schema():
    result = _validate(corpus_path(ZHUZHOU), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["conforms"] is False
    [document] = report["documents"]
    assert (document["unit"], document["year"], document["kind"]) == ("中共株洲市石峰区委办公室", 2020, "final-accounts")
    x01 = [r for r in report["results"] if r["rule"] == "X-01"]
    assert [(r["table"], r["row"], r["column"], r["expected"], r["actual"]) for r in x01] == [
        ("T2", "合计", "其他收入", "21.90", "21.89")]


def test_bad_input_exits_2_and_the_rest_is_still_reported(tmp_path):
    result = _validate(tmp_path / "missing.pdf", MINI, "--format", "json")
    assert result.exit_code == 2
    assert "no such file [file-missing]" in result.stderr
    assert [d["unit"] for d in json.loads(result.stdout)["documents"]] == ["某县档案局"]


def test_text_report_groups_by_document_and_severity_in_chinese_and_english():
    zh = _validate(corpus_path(CAIZHENGJU)).stdout
    assert zh.splitlines()[0].startswith("违规 ")
    assert "== 上海市普陀区财政局 2024" in zh and "-- 违规 (2)" in zh  # touching intervals, infos
    assert "[N-01] 说明称 0.3万元，T4「总计」合计为 2,961.68" in zh
    en = _validate(corpus_path(CAIZHENGJU), "--lang", "en").stdout
    assert "[N-01] the narrative says 0.3万元, T4 “总计” 合计 shows 2,961.68" in en


def test_turtle_report_is_a_shacl_validation_report():
    result = _validate(corpus_path(ZHUZHOU), "--format", "ttl")
    graph = Graph().parse(data=result.stdout, format="turtle")
    [report] = graph.subjects(RDF.type, SH.ValidationReport)
    results = list(graph.objects(report, SH.result))
    violations = [r for r in results if graph.value(r, SH.resultSeverity) == SH.Violation]
    assert len(violations) == json.loads(_validate(corpus_path(ZHUZHOU), "--format", "json").stdout)["summary"]["violation"]
    assert {m.language for r in results for m in graph.objects(r, SH.resultMessage)} == {"zh", "en"}


def test_html_report_is_written_whole(tmp_path):
    out = tmp_path / "report.html"
    result = _validate(corpus_path(SHEHUIGONGZUOBU), "--format", "html", "-o", out)
    assert result.exit_code == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert page.count('<div class="finding violation"') == 4  # N-04 four times; N-02 9.55%: a cut share, an info


def test_rule_catalogue_page_is_generated_from_the_shapes():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == catalogue_markdown()
    rules = load_rules()
    families = {rule.family for rule in rules}
    assert catalogue_markdown().count("\n| ") == len(rules) + len(families)  # a header row per family
    assert (len(rules), sorted(families)) == (56, ["A", "C", "D", "N", "X", "Y"])


def _pyshacl_results(data: Graph) -> set[tuple[str, str, str]]:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                    allow_warnings=True, allow_infos=True)
    return {(str(report.value(r, SH.sourceShape)).rsplit("#", 1)[1], str(report.value(r, SH.focusNode)),
             str(report.value(r, SH.value))) for r in report.subjects(RDF.type, SH.ValidationResult)}


@pytest.mark.parametrize("name", [ZHUZHOU, CAIZHENGJU, SHEHUIGONGZUOBU, TEMPLATE])
def test_set_at_a_time_engine_returns_exactly_what_pyshacl_returns(name):
    """pyshacl runs each shape once per disclosure with $this bound (on rdflib); the engine runs
    each once over the whole store (on Oxigraph). Same shapes, same results."""
    iri, graph = disclosure_graph(recognise(read_document(corpus_path(name))))
    data = graph + reference_graph(base_iri())
    ours = {(r.rule.id, r.disclosure, r.focus) for r in run_rules(disclosure_store({iri: graph}))}
    assert ours == _pyshacl_results(data)
    assert len(ours) > 0
