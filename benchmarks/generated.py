"""The demo generator's disclosure set for the benchmarks: text disclosures of a fictional
district (national layout, consistent), extracted and mapped on all cores into N-Quads files, one
named graph each, grouped by department (the cross-year rules need a department's years together)."""

from __future__ import annotations

import math
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from budgetkg.demo.run import write_district
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise

YEARS = (2024, 2025, 2026)


def to_nquads(path: str) -> tuple[str, int]:
    """The disclosure's graph as N-Quads beside the text file: (its path, its triples)."""
    iri, graph = disclosure_graph(recognise(read_document(path)))
    target = Path(path).with_suffix(".nq")
    lines = [line for line in graph.serialize(format="nt").splitlines() if line]
    target.write_text("".join(f"{line[:-1].rstrip()} <{iri}> .\n" for line in lines), encoding="utf-8")
    return str(target), len(lines)


def generated_quads(directory: Path, disclosures: int) -> tuple[list[list[Path]], int]:
    """N-Quads files of `disclosures` generated department-years, grouped by department, and
    their number of triples."""
    texts = write_district(directory, departments=math.ceil(disclosures / len(YEARS)), years=YEARS)[:disclosures]
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        found = list(pool.map(to_nquads, map(str, texts), chunksize=8))
    files = [Path(path) for path, _ in found]
    groups = [files[i:i + len(YEARS)] for i in range(0, len(files), len(YEARS))]
    return groups, sum(n for _, n in found)
