"""Validation at scale.

The disclosures: `--source demo` (default) the demo generator's set (departments over three
years, each year's 决算 beside its budgets, so that the cross-year and cross-document rules run
too; benchmarks/generated.py), or `--source corpus` copies
of the three real corpus disclosures that carry figures (each copy renamed: its own unit,
disclosure and cell IRIs). They are validated with the whole rule catalogue over all cores, in an
in-memory Oxigraph store per department (its years together), each worker reading the
department's N-Quads files; prints seconds (loading included) and triples per
second, for N = 10, 100, 1000 (extraction is not timed). Then one new disclosure is validated
against the store of the largest N ($this bound to it). In the same run, the baseline: `--naive`
of the disclosures (default 10) validated by pyshacl on an rdflib in-memory graph, each shape
run once per disclosure with $this bound, and the ratio of the per-disclosure times.

    python benchmarks/validate.py [--source demo|corpus] [--sizes 10,100,1000] [--naive 10]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph

from budgetkg.ingest import read_document
from budgetkg.mapping import base_iri, disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.structure import reference_graph
from budgetkg.validate import load_rules
from budgetkg.validate.catalogue import shapes_graph
from budgetkg.validate.engine import disclosure_store, run_rules, run_rules_grouped
from generated import as_nquads, generated_quads

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SOURCES = ["zhuzhou/shifeng-quweiban-2020-juesuan.txt", "putuo/caizhengju-2024-juesuan.pdf",
           "putuo/shehuigongzuobu-2024-juesuan.pdf"]


def templates() -> list[tuple[str, str, str]]:
    """(unit name, disclosure IRI, N-Triples) of each real disclosure."""
    found = []
    for name in SOURCES:
        disclosure = recognise(read_document(CORPUS / name))
        iri, graph = disclosure_graph(disclosure)
        found.append((disclosure.unit_name, str(iri), graph.serialize(format="nt")))
    return found


def copies(n: int, sources: list[tuple[str, str, str]]):
    """n renamed copies: (disclosure IRI, N-Triples) with a unit of their own."""
    for i in range(n):
        unit, iri, ntriples = sources[i % len(sources)]
        renamed = f"{unit}{i:04d}"
        yield iri.replace(unit, renamed), ntriples.replace(f"/{unit}/", f"/{renamed}/").replace(f"org/{unit}>", f"org/{renamed}>")


def write_quads(directory: Path, batch) -> tuple[list[Path], int]:
    """Each copy as an N-Quads file (its named graph), as `budgetkg extract --format nq` writes."""
    files, triples = [], 0
    for i, (iri, ntriples) in enumerate(batch):
        path = directory / f"{i:05d}.nq"
        text, count = as_nquads(ntriples, iri)
        path.write_text(text, encoding="utf-8")
        files.append(path)
        triples += count
    return files, triples


def build(n: int, sources) -> tuple[ox.Store, list[str], float]:
    store = disclosure_store({})
    iris = []
    start = time.perf_counter()
    for iri, ntriples in copies(n, sources):
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
        iris.append(iri)
    return store, iris, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--naive", type=int, default=10)
    parser.add_argument("--source", choices=["demo", "corpus"], default="demo")
    options = parser.parse_args()
    sources = templates()
    rules = load_rules()
    print(f"{len(rules)} rules; disclosures: " + ("the demo generator's district" if options.source == "demo"
                                                  else f"copies of {len(sources)} corpus disclosures"))
    print(f"{'N':>6} {'triples':>10} {'seconds':>8} {'triples/s':>12} {'results':>8} {'s/disclosure':>12}"
          "   (load and all rules, a store per department on all cores)")
    per_disclosure = None
    for n in (int(x) for x in options.sizes.split(",")):
        with tempfile.TemporaryDirectory() as directory:
            if options.source == "demo":
                groups, triples = generated_quads(Path(directory), n)
            else:
                files, triples = write_quads(Path(directory), copies(n, sources))
                groups = [[f] for f in files]
            start = time.perf_counter()
            results = run_rules_grouped(groups)
            seconds = time.perf_counter() - start
        per_disclosure = seconds / n
        print(f"{n:6d} {triples:10d} {seconds:8.2f} {triples / seconds:12.0f} {len(results):8d} {per_disclosure:12.4f}")
    store, _, load_seconds = build(n, sources)
    new_iri, new_ntriples = list(copies(n + 1, sources))[-1]  # a unit not in the store yet
    start = time.perf_counter()
    store.load(new_ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(new_iri))
    found = run_rules(store, rules, disclosures=[new_iri])
    print(f"store of {n} corpus copies built in {load_seconds:.1f} s; one new copy against it: {time.perf_counter() - start:.3f} s (load and all rules), "
          f"{len(found)} results")
    if options.naive:
        naive = 0.0
        for iri, ntriples in list(copies(options.naive, sources)):
            data = Graph().parse(data=ntriples, format="nt") + reference_graph(base_iri())
            start = time.perf_counter()
            pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, allow_infos=True)
            naive += time.perf_counter() - start
        print(f"naive (pyshacl on rdflib, {options.naive} disclosures): {naive:.1f} s, "
              f"{naive / options.naive:.2f} s per disclosure; set-at-a-time is {naive / options.naive / per_disclosure:.0f}x faster per disclosure")


if __name__ == "__main__":
    main()
