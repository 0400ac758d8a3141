"""The demo generator's disclosure set for the benchmarks: text disclosures of a fictional
district (consistent), each department-year's 决算 (national layout) beside its budgets (Shanghai
区级 部门预算 and 单位预算, two 单位预算 in a two-unit year), extracted and mapped on all cores into
N-Quads files, one named graph each, grouped by department (the cross-year and cross-document
rules need a department's documents together)."""

from __future__ import annotations

import math
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from budgetkg.demo.budgets import write_budget_district
from budgetkg.demo.detection import by_department
from budgetkg.demo.run import write_district
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise

YEARS = (2024, 2025, 2026)
DOCUMENTS_PER_YEAR = 3  # a 决算, a 部门预算 and (at least) one 单位预算


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
    departments = math.ceil(disclosures / (len(YEARS) * DOCUMENTS_PER_YEAR))
    texts = write_district(directory, departments=departments, years=YEARS)
    budgets, _ = write_budget_district(directory, departments=departments, years=YEARS)
    texts = [path for group in by_department(sorted(texts + budgets)) for path in group][:disclosures]
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        found = list(pool.map(to_nquads, map(str, texts), chunksize=8))
    return by_department([Path(path) for path, _ in found]), sum(n for _, n in found)
