"""Bad input: one clear line naming the file and the reason, exit code 2, the batch goes on,
and no output file is left half written."""

import json

import pytest
from click.testing import CliRunner
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from budgetkg.cli import main

from conftest import ZHUZHOU, corpus_path


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
