"""Bad input: one clear line naming the file and the reason, exit code 2, the batch goes on,
and no output file is left half written."""

import json

import pytest
from click.testing import CliRunner
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from budgetkg.cli import main

from conftest import CAIZHENGJU, ZHUZHOU, corpus_path


def _pdf_with_text(path, encrypt=None):
    page = canvas.Canvas(str(path), encrypt=encrypt)
    page.drawString(100, 700, "2024 budget")
    page.save()
    return path


def _scan(path):
    page = canvas.Canvas(str(path))
    page.rect(50, 50, 400, 600, fill=1)  # a picture of a page, no characters
    page.save()
    return path


def _damaged(path, tmp_path):
    good = _pdf_with_text(tmp_path / "good.pdf").read_bytes()
    path.write_bytes(good[: len(good) // 2])
    return path


CASES = {
    "missing": (lambda p, t: p, "no such file [file-missing]"),
    "empty": (lambda p, t: (p.write_bytes(b""), p)[1], "the file is empty [empty-file]"),
    "not-a-pdf": (lambda p, t: (p.write_text("just some words\n"), p)[1],
                  "the file is named .pdf but is not a PDF [not-a-pdf]"),
    "encrypted": (lambda p, t: _pdf_with_text(p, pdfencrypt.StandardEncryption("secret", ownerPassword="o")),
                  "the PDF is encrypted and cannot be opened without its password [encrypted-pdf]"),
    "damaged": (_damaged, "the PDF is damaged and cannot be parsed"),
    "scanned": (lambda p, t: _scan(p), "the PDF has no text layer (a scan?); run OCR first"),
    "unknown-template": (lambda p, t: _pdf_with_text(p), "no template profile matches this document"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_line_and_exit_2(tmp_path, case):
    make, reason = CASES[case]
    path = make(tmp_path / f"{case}.pdf", tmp_path)
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("budgetkg: error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"budgetkg: error: {path}: {reason}")


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "table.docx"
    path.write_bytes(b"PK\x03\x04 not read")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 2
    assert "not a format budgetkg reads (PDF or UTF-8 text) (suffix .docx) [unsupported-format]" in result.stderr


def test_batch_goes_on_after_a_bad_file_and_writes_the_good_ones(tmp_path):
    out = tmp_path / "out.json"
    missing = tmp_path / "missing.pdf"
    good = corpus_path(ZHUZHOU)
    result = CliRunner().invoke(main, ["extract", str(missing), str(good), "-o", str(out)])
    assert result.exit_code == 2
    assert f"budgetkg: error: {missing}: no such file [file-missing]" in result.stderr
    assert f"[2/2] {good}: 9 tables, 393 figures (cn-national-2020-final)" in result.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert [d["unit"] for d in written] == ["中共株洲市石峰区委办公室"]


def test_failed_batch_leaves_the_previous_output_untouched(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("previous\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nothing.pdf"), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_extract_prints_json_with_provenance(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(corpus_path(ZHUZHOU)), "--format", "json"])
    assert result.exit_code == 0
    [disclosure] = json.loads(result.stdout)
    t5 = next(t for t in disclosure["tables"] if t["role"] == "T5")
    row = next(r for r in t5["rows"] if r["code"] == "2019999")
    assert row["cells"]["project"] == {"value": "7.93", "decimals": 2, "text": "7.93", "page": None, "bbox": None, "line": 284}
    assert disclosure["sha256"].startswith("d578c9791ed8fdd9")


# A damaged page: the others are read, the damage reported (C-14), no table claimed missing


def _damage_page(source, page: int, target):
    """A copy of the PDF with the content stream of one page broken (bytes inside its compressed
    data overwritten, the file's length and offsets unchanged)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    data = bytearray(source.read_bytes())
    with source.open("rb") as handle:
        document = PDFDocument(PDFParser(handle))
        content = list(PDFPage.create_pages(document))[page - 1].contents[0]
        offset = next(x.get_pos(content.objid) for x in document.xrefs if content.objid in x.get_objids())[1]
    start = data.index(b"stream", offset) + len(b"stream\r\n")
    data[start + 10:start + 40] = bytes(30)
    target.write_bytes(data)
    return target


def _report_of(path):
    from budgetkg.ingest import read_document
    from budgetkg.mapping import disclosure_graph
    from budgetkg.recognise import recognise
    from budgetkg.validate import validate_graphs

    disclosure = recognise(read_document(path))
    iri, graph = disclosure_graph(disclosure)
    return disclosure, validate_graphs({iri: graph}, sources={str(iri): str(path)})


def test_a_damaged_page_is_reported_as_damage_not_as_a_missing_table(tmp_path):
    from budgetkg.validate.formats import render

    good = corpus_path(CAIZHENGJU)
    whole, whole_report = _report_of(good)
    page = next(t.location.page for t in whole.tables if t.role == "T7")
    assert not [i for i in whole.page_issues if i.kind == "damaged-page"]
    assert not [r for r in whole_report.results if r["rule"] in ("C-01", "C-14")]

    damaged_path = _damage_page(good, page, tmp_path / "damaged.pdf")
    damaged, report = _report_of(damaged_path)
    assert [(i.kind, i.page) for i in damaged.page_issues] == [("damaged-page", page)]
    assert "decompressing" in damaged.page_issues[0].text
    # the other pages are still read: every table but the damaged page's
    assert sorted(t.role for t in damaged.tables) == sorted(t.role for t in whole.tables if t.role != "T7")
    damage = [r for r in report.results if r["rule"] == "C-14"]
    assert [(r["severity"], r["page"]) for r in damage] == [("violation", page)]
    assert damage[0]["message"]["zh"].startswith(f"第 {page} 页：页面已损坏，无法读取，本页内容未检查")
    assert not report.conforms
    tables = [r for r in report.results if r["rule"] == "C-01"]
    assert [(r["severity"], r["expected"]) for r in tables] == [("info", "T7 “三公”经费支出决算表")]
    assert tables[0]["message"]["zh"] == f"无法核对是否缺少 T7 “三公”经费支出决算表：第 {page} 页已损坏，该表可能在其中"
    for output_format in ("text", "csv", "html", "ttl"):
        shown = render(report, output_format, "zh", tmp_path / f"report.{output_format}")
        assert "页面已损坏，无法读取" in shown, output_format
    from openpyxl import load_workbook

    (tmp_path / "report.xlsx").write_bytes(render(report, "xlsx", "zh", tmp_path / "report.xlsx"))
    cells = [c.value for row in load_workbook(tmp_path / "report.xlsx").active.iter_rows() for c in row]
    assert any(isinstance(c, str) and f"第 {page} 页已损坏" in c for c in cells)


def test_validate_reports_the_damaged_page_on_the_command_line(tmp_path):
    damaged = _damage_page(corpus_path(CAIZHENGJU), 18, tmp_path / "damaged.pdf")
    result = CliRunner().invoke(main, ["validate", str(damaged), "--format", "json", "--workers", "1"])
    assert result.exit_code == 1, result.stderr  # a violation: part of the disclosure was not checked
    report = json.loads(result.stdout)
    assert not report["conforms"]
    assert [(r["rule"], r["page"]) for r in report["results"] if r["rule"] == "C-14"] == [("C-14", 18)]
    assert not [r for r in report["results"] if r["rule"] == "C-01" and r["severity"] == "violation"]
