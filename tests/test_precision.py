"""Every violation and warning on the corpus 决算 has a reviewed verdict (tests/verdicts), with
the comparison of benchmarks/precision.py; and that comparison itself."""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from budgetkg.mapping import disclosure_graph
from budgetkg.validate import validate_graphs
from conftest import FINAL_ACCOUNTS, _disclosure, corpus_path

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=None)
def harness():
    spec = importlib.util.spec_from_file_location("precision", ROOT / "benchmarks" / "precision.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _results(name: str) -> list[dict]:
    iri, graph = disclosure_graph(_disclosure(name))
    # the file itself, as `budgetkg validate` has it: a narrative finding's page is the page its sentence is on
    return validate_graphs({iri: graph}, sources={str(iri): str(corpus_path(name))}).results


@pytest.mark.parametrize("name", FINAL_ACCOUNTS)
def test_every_finding_on_the_corpus_final_accounts_is_reviewed(name):
    stem = name.rsplit(".", 1)[0]
    comparison = harness().compare(_results(name), harness().read_verdicts(ROOT / "tests" / "verdicts" / f"{stem}.tsv"))
    assert comparison.unreviewed == [], "unreviewed findings (review against the page image, add to the verdict file)"
    assert comparison.stale == [], "verdict lines no finding matches any more"
    assert comparison.precision is None or comparison.precision >= 0.9


def _finding(**fields) -> dict:
    base = {"rule": "N-01", "severity": "violation", "page": 21, "table": None, "row": None, "column": None,
            "expected": "2,961.68", "actual": "0.3万元", "text": "上海市普陀区财政局2024年度\t财政拨款收入支出总计0.3万元。"}
    return {**base, **fields}


def test_the_key_is_the_nine_fields_with_the_text_cut_to_forty_characters():
    key = harness().key_of(_finding(text="  一二三四五六七八九十\n一二三四五六七八九十 一二三四五六七八九十一二三四五六七八九十XYZ"))
    assert key[:8] == ("N-01", "violation", "21", "", "", "", "2,961.68", "0.3万元")
    assert key[8] == "一二三四五六七八九十 一二三四五六七八九十 一二三四五六七八九十一二三四五六七八"
    assert len(key[8]) == 40


def test_findings_are_matched_once_each_and_infos_are_not_reviewed(tmp_path):
    h = harness()
    path = tmp_path / "doc.tsv"
    first = "\t".join(h.key_of(_finding()))
    other = "\t".join(h.key_of(_finding(page=22)))
    path.write_text("\t".join(h.HEADER) + "\n# a comment\n" + first + "\treal\tp.21 shows 0.3万元\n"
                    + other + "\tfalse\tread wrong\n" + "\t".join(h.key_of(_finding(page=30))) + "\treal\tgone\n",
                    encoding="utf-8")
    findings = [_finding(), _finding(), _finding(page=22), _finding(severity="info", page=99)]
    comparison = h.compare(findings, h.read_verdicts(path))
    assert (len(comparison.real), len(comparison.false), len(comparison.unreviewed)) == (1, 1, 1)
    assert comparison.precision == 0.5
    assert [k[2] for k in comparison.stale] == ["30"]


def test_a_verdict_file_with_another_header_is_refused(tmp_path):
    path = tmp_path / "doc.tsv"
    path.write_text("rule\tverdict\nN-01\treal\n", encoding="utf-8")
    with pytest.raises(ValueError):
        harness().read_verdicts(path)


def test_the_two_files_of_a_jiangsu_disclosure_are_one_pair(tmp_path):
    for name in ("renda-2019-yusuan-text.pdf", "renda-2019-yusuan-tables.pdf", "renda-2018-yusuan.pdf"):
        (tmp_path / "jiangsu").mkdir(exist_ok=True)
        (tmp_path / "jiangsu" / name).write_bytes(b"%PDF-")
    found = harness().corpus_disclosures(tmp_path)
    assert [(n, [f.name for f in files]) for n, files in found] == [
        ("jiangsu/renda-2018-yusuan", ["renda-2018-yusuan.pdf"]),
        ("jiangsu/renda-2019-yusuan", ["renda-2019-yusuan-text.pdf", "renda-2019-yusuan-tables.pdf"]),
    ]
