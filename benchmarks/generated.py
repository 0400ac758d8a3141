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


def as_nquads(ntriples: str, graph: str) -> tuple[str, int]:
    """N-Triples put into the named graph: the N-Quads text and its number of statements."""
    lines = [line for line in ntriples.splitlines() if line]
    return "".join(f"{line[:-1].rstrip()} <{graph}> .\n" for line in lines), len(lines)


def to_nquads(path: str) -> tuple[str, int]:
    """The disclosure's graph as N-Quads beside the text file: (its path, its triples)."""
    iri, graph = disclosure_graph(recognise(read_document(path)))
    target = Path(path).with_suffix(".nq")
    text, count = as_nquads(graph.serialize(format="nt"), str(iri))
    target.write_text(text, encoding="utf-8")
    return str(target), count


def generated_quads(directory: Path, disclosures: int) -> tuple[list[list[Path]], int]:
    """N-Quads files of `disclosures` generated department-years, grouped by department, and
    their number of triples."""
    texts = write_district(directory, departments=math.ceil(disclosures / len(YEARS)), years=YEARS)[:disclosures]
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        found = list(pool.map(to_nquads, map(str, texts), chunksize=8))
    files = [Path(path) for path, _ in found]
    groups = [files[i:i + len(YEARS)] for i in range(0, len(files), len(YEARS))]
    return groups, sum(n for _, n in found)
