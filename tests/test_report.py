"""The officer's report: evidence on every result, the HTML page (looked at in headless
Chromium), CSV and XLSX, waivers, batches, messages."""

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from budgetkg.cli import main
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.validate.engine import disclosure_store, run_rules
from budgetkg.validate.report import build_report
from budgetkg.vocab import BK

from conftest import CAIZHENGJU, SHEHUIGONGZUOBU, ZHUZHOU, corpus_path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def _validate(*args):
    return CliRunner().invoke(main, ["validate", *map(str, args)])


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The two real Shanghai 2024 决算 of the corpus in one batch, in every officers' format."""
    out = tmp_path_factory.mktemp("batch")
    files = [corpus_path(CAIZHENGJU), corpus_path(SHEHUIGONGZUOBU)]
    reports = {}
    for output_format, name in (("json", "report.json"), ("html", "report.html"), ("csv", "report.csv"),
                                ("xlsx", "report.xlsx")):
        result = _validate(*files, "--format", output_format, "-o", out / name)
        assert result.exit_code == 1, result.stderr
        reports[output_format] = out / name
    reports["data"] = json.loads(reports["json"].read_text(encoding="utf-8"))
    return reports


def _findings(report: dict) -> list[dict]:
    return [r for r in report["results"] if r["severity"] in ("violation", "warning")]


def test_every_violation_and_warning_has_the_box_of_each_compared_value(batch):
    report = batch["data"]
    jsonschema.validate(report, SCHEMA)
    findings = _findings(report)
    assert len(findings) == report["summary"]["violation"] + report["summary"]["warning"] >= 5
    for r in findings:
        values = [e for e in r["evidence"] if e["kind"] != "sentence"]
        assert len(values) >= 2, r  # the checked value and what it was compared with
        assert all(e["box"] and e["page"] and e["text"] for e in values), r
        assert {e["document"] for e in values} == {r["document"]}


def test_evidence_holds_both_sides_as_printed(batch):
    by_rule = {}
    for r in batch["data"]["results"]:
        by_rule.setdefault(r["rule"], []).append(r)
    [x02] = by_rule["X-02"]  # T1 社会保障和就业支出 against T3 on another page
    assert [(e["role"], e["table"], e["page"], e["text"]) for e in x02["evidence"]] == [
        ("focus", "T1", 6, "326.71"), ("compared", "T3", 10, "326.72")]
    n01 = next(r for r in by_rule["N-01"] if "0.3万元" in r["message"]["zh"])
    kinds = {e["kind"]: e for e in n01["evidence"]}
    assert kinds["sentence"]["page"] == 21 and "总计0.3万元" in kinds["sentence"]["text"]
    assert kinds["figure"]["text"] == "0.3万元"
    figure, sentence = kinds["figure"]["box"], kinds["sentence"]["box"]
    assert sentence[0] <= figure[0] < figure[2] <= sentence[2]  # the figure inside its sentence
    assert (kinds["cell"]["table"], kinds["cell"]["row"], kinds["cell"]["text"]) == ("T4", "总计", "2,961.68")


def test_a_sentence_is_boxed_on_the_page_it_is_printed_on(batch):
    """The graph gives a claim the page its paragraph starts on; the sentence itself is on the next page."""
    n04 = [r for r in batch["data"]["results"] if r["rule"] == "N-04"
           and "一般公共预算财政拨款支出增加307.82" in r["evidence"][0]["text"]]
    [r] = n04
    assert r["page"] == 18 and r["evidence"][0]["page"] == 18
    assert all(e["box"] for e in r["evidence"] if e["kind"] == "figure")


def test_rounding_infos_say_rounding_and_messages_are_one_line(batch):
    results = batch["data"]["results"]
    rounding = [r for r in results if r["rounding"]]
    assert rounding and all(r["severity"] == "info" for r in rounding)
    assert all(r["message"]["zh"].startswith("尾差：") and "不符" not in r["message"]["zh"] for r in rounding)
    assert all("rounding" in r["message"]["en"] for r in rounding)
    assert not any("\n" in m for r in results for m in r["message"].values())


def test_n01_names_the_table_and_row_it_compared_with(batch):
    messages = [r["message"]["zh"] for r in batch["data"]["results"] if r["rule"] == "N-01"]
    assert "说明称 0.3万元，T4「总计」合计为 2,961.68" in messages


def test_csv_and_xlsx_give_the_same_findings_as_the_json(batch):
    documents = {d["id"]: d["source"] for d in batch["data"]["documents"]}
    expected = [(documents[r["document"]], r["rule"], r["message"]["zh"], str(r["page"] or ""), r["fingerprint"])
                for r in batch["data"]["results"]]
    rows = list(csv.reader(io.StringIO(batch["csv"].read_text(encoding="utf-8"))))
    header = rows[0]
    assert header[:8] == ["文件", "单位", "年度", "规则", "严重程度", "状态", "豁免原因", "说明"]
    pick = [header.index(h) for h in ("文件", "规则", "说明", "页码", "指纹")]
    assert [tuple(row[i] for i in pick) for row in rows[1:]] == expected
    sheet = openpyxl.load_workbook(batch["xlsx"]).active
    cells = [[("" if c is None else str(c)) for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == header
    assert [tuple(row[i] for i in pick) for row in cells[1:]] == expected
    x02 = next(row for row in rows[1:] if row[3] == "X-02")
    assert x02[header.index("对照的数")] == "T1 · 八、社会保障和就业支出 · 决算数 第6页: 326.71 | " \
                                           "T3 · 社会保障和就业支出 · 合计 第10页: 326.72"


def test_the_turtle_report_carries_the_evidence(tmp_path):
    result = _validate(corpus_path(SHEHUIGONGZUOBU), "--format", "ttl")
    graph = Graph().parse(data=result.stdout, format="turtle")
    results = list(graph.subjects(RDF.type, SH.ValidationResult))
    x05 = next(r for r in results if graph.value(r, BK.ruleId) == Literal("X-05"))
    spans = list(graph.objects(x05, BK.evidence))
    assert len(spans) == 3 and all(graph.value(s, BK.bbox) is not None for s in spans)
    assert {str(graph.value(s, BK.text)) for s in spans} >= {"105.58"}


def _chromium() -> str:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
    return executable


_PROBE = """<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message || e.type)); }, true);
var __consoleError = console.error;
console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, " ")); __consoleError.apply(console, arguments); };
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    images: images.length,
    loaded: images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
    errors: window.__errors,
    findings: document.querySelectorAll(".finding").length,
    named: Array.prototype.filter.call(document.querySelectorAll(".finding"), function (f) {
      return f.querySelector(".document-name").textContent.indexOf(".pdf") >= 0; }).length,
    withPicture: Array.prototype.filter.call(document.querySelectorAll(".finding"), function (f) {
      return f.querySelector("img.evidence") !== null; }).length,
    filters: ["filter-severity", "filter-family", "filter-document"].filter(function (id) {
      return document.getElementById(id) !== null; }).length,
    overviewRows: document.querySelectorAll("#overview tbody tr").length,
    closedRounding: document.querySelectorAll("details.rounding:not([open])").length,
    roundingFindings: document.querySelectorAll("details.rounding .finding").length,
    highlighted: document.querySelectorAll(".sentence mark.figure").length
  });
  document.body.appendChild(probe);
});
</script>"""


def _render_in_chromium(page: Path, tmp_path: Path) -> dict:
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text(encoding="utf-8").replace("<head>", "<head>" + _PROBE, 1), encoding="utf-8")
    profile = tmp_path / "profile"
    profile.mkdir()
    done = subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                           "--dump-dom", probed.as_uri()], capture_output=True, text=True, timeout=180)
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_the_html_report_loads_in_headless_chromium_with_its_pictures(batch, tmp_path):
    report = batch["data"]
    state = _render_in_chromium(batch["html"], tmp_path)
    assert state["errors"] == []
    assert state["filters"] == 3 and state["overviewRows"] == len(report["documents"]) == 2
    assert state["findings"] == len(report["results"]) and state["named"] == state["findings"]
    with_page = [r for r in report["results"] if any(e["box"] for e in r["evidence"])]
    assert state["withPicture"] == len(with_page) and state["images"] >= len(with_page)
    assert state["loaded"] == state["images"]
    assert state["roundingFindings"] == sum(1 for r in report["results"] if r["rounding"]) > 0
    assert state["closedRounding"] > 0
    assert state["highlighted"] >= sum(1 for r in _findings(report) if r["rule"].startswith("N"))


def test_the_html_report_is_chinese_in_zh_and_english_in_en(batch):
    page = batch["html"].read_text(encoding="utf-8")
    assert "批次概览" in page and "严重程度" in page and "打开 PDF 第 21 页" in page
    assert "Batch overview" not in page and ">rule<" not in page
    assert 'href="' in page and "caizhengju-2024-juesuan.pdf#page=21" in page
    english = _validate(corpus_path(SHEHUIGONGZUOBU), "--format", "html", "--lang", "en").stdout
    assert "Batch overview" in english and "批次概览" not in english


def test_identical_results_are_reported_once_with_a_count():
    iri, graph = disclosure_graph(recognise(read_document(corpus_path(ZHUZHOU))))
    store = disclosure_store({iri: graph})
    results = run_rules(store)
    once = build_report(store, results)
    twice = build_report(store, results + results)
    assert [r["fingerprint"] for r in twice.results] == [r["fingerprint"] for r in once.results]
    assert {r["count"] for r in twice.results} == {2} and {r["count"] for r in once.results} == {1}


def _x01_line(report: dict) -> tuple[dict, int]:
    [x01] = [r for r in report["results"] if r["rule"] == "X-01"]
    return x01, x01["evidence"][0]["line"]


def test_a_waived_finding_stays_waived_and_reopens_when_the_cited_cell_changes(tmp_path):
    document = tmp_path / "docs" / "shifeng-2020.txt"
    document.parent.mkdir()
    shutil.copy(corpus_path(ZHUZHOU), document)
    first = json.loads(_validate(document, "--format", "json").stdout)
    x01, line = _x01_line(first)
    assert x01["status"] == "open" and first["conforms"] is False
    (tmp_path / "first.json").write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    waived = CliRunner().invoke(main, ["waive", str(tmp_path / "first.json"), x01["fingerprint"][:10],
                                       "--reason", "尾数差异已核实", "--by", "审核员"])
    assert waived.exit_code == 0, waived.stderr
    assert (document.parent / "budgetkg-waivers.json").is_file()

    again = _validate(document, "--format", "json")
    second = json.loads(again.stdout)
    x01_again, _ = _x01_line(second)
    assert x01_again["status"] == "waived" and x01_again["waiver"]["reason"] == "尾数差异已核实"
    assert again.exit_code == (1 if second["summary"]["violation"] else 0)
    severity = x01["severity"]  # an info since X-01 1.1.0 (21.90 against 21.89 touch)
    assert second["summary"][severity] == first["summary"][severity] - 1
    assert "已豁免" in _validate(document).stdout

    lines = document.read_text(encoding="utf-8").split("\n")
    cited = x01["evidence"][0]["text"]
    assert cited in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(cited, "21.88", 1)
    document.write_text("\n".join(lines), encoding="utf-8")
    third = _validate(document, "--format", "json")
    x01_third, _ = _x01_line(json.loads(third.stdout))
    assert x01_third["status"] == "open" and x01_third["actual"] == "21.88"
    assert "no longer matches a finding" in third.stderr


def test_waive_refuses_an_unknown_fingerprint(tmp_path):
    report = tmp_path / "r.json"
    report.write_text(_validate(corpus_path(ZHUZHOU), "--format", "json").stdout, encoding="utf-8")
    result = CliRunner().invoke(main, ["waive", str(report), "ffffffffffff", "--reason", "x"])
    assert result.exit_code == 2 and "[unknown-finding]" in result.stderr


def test_a_folder_is_read_recursively_and_an_unreadable_file_is_listed_as_not_checked(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(corpus_path(ZHUZHOU), tmp_path / "a" / "b" / "shifeng.txt")
    (tmp_path / "a" / "broken.pdf").write_bytes(b"not a pdf at all")
    result = _validate(tmp_path, "--format", "json", "--workers", "2")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [Path(d["source"]).name for d in report["documents"]] == ["shifeng.txt"]
    assert report["not_checked"] == [{"source": str(tmp_path / "a" / "broken.pdf"), "code": "not-a-pdf",
                                      "reason": "the file is named .pdf but is not a PDF"}]
    page = _validate(tmp_path, "--format", "html").stdout
    assert "未检查" in page and "broken.pdf" in page
    text = _validate(tmp_path, "--format", "csv").stdout
    assert "broken.pdf" in text and "未检查" in text


def test_xlsx_needs_an_output_file():
    result = _validate(corpus_path(ZHUZHOU), "--format", "xlsx")
    assert result.exit_code == 2 and "needs -o" in result.stderr
