"""Extraction speed on the corpus PDFs, pinned to one core.

For every PDF: pages, seconds and pages per second for budgetkg's ingestion (lines, ruled
grids, paragraphs) plus recognition where a template profile matches, and for the baseline
measured in the same run, pdfplumber alone reading every page's characters and words
(`extract_words`). The ratio is budgetkg's speed over the baseline's.

    python benchmarks/extract.py [CORPUS_DIR]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pdfplumber

from budgetkg.errors import UnknownTemplate
from budgetkg.ingest import read_document
from budgetkg.recognise import recognise

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def baseline_seconds(path: Path) -> float:
    start = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
    return time.perf_counter() - start


def budgetkg_seconds(path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    document = read_document(path)
    try:
        disclosure = recognise(document)
        outcome = f"{disclosure.profile}, {sum(len(t.amount_cells()) for t in disclosure.tables)} figures"
    except UnknownTemplate:
        outcome = "ingest only (no profile yet)"
    return time.perf_counter() - start, outcome


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    pdfs = sorted(corpus.rglob("*.pdf"))
    print(f"{'file':48} {'pages':>5} {'budgetkg p/s':>12} {'baseline p/s':>12} {'ratio':>6}  outcome")
    totals = [0, 0.0, 0.0]
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
        ours, outcome = budgetkg_seconds(path)
        base = baseline_seconds(path)
        totals[0] += pages
        totals[1] += ours
        totals[2] += base
        print(f"{str(path.relative_to(corpus)):48} {pages:5d} {pages / ours:12.1f} {pages / base:12.1f} "
              f"{base / ours:6.2f}  {outcome}")
    pages, ours, base = totals
    print(f"{'total':48} {pages:5d} {pages / ours:12.1f} {pages / base:12.1f} {base / ours:6.2f}")


if __name__ == "__main__":
    main()
