"""RDF mapping, reasoning and loading on the corpus 决算 disclosures.

Per disclosure: triples, mapping seconds, structural validation seconds, and load seconds into
the embedded store (our transactional graph replacement) against the baseline measured in the
same run, pyoxigraph loading the same N-Triples directly. Then the OWL 2 RL closure: on the
reference graph (ontology, concept schemes, code lists), where it is used, and on one disclosure
graph with the ontology, where it is not, with the triple growth of each.

    python benchmarks/rdf.py [CORPUS_DIR]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from budgetkg.codelists import code_list_graph
from budgetkg.ingest import read_document
from budgetkg.mapping import base_iri, disclosure_graph
from budgetkg.reason import owl_rl_closure
from budgetkg.recognise import recognise
from budgetkg.store import Store
from budgetkg.structure import check_structure
from budgetkg.vocab import ontology_graph

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FINAL_ACCOUNTS = [
    "zhuzhou/shifeng-quweiban-2020-juesuan.txt",
    "putuo/caizhengju-2024-juesuan.pdf",
    "putuo/shehuigongzuobu-2024-juesuan.pdf",
    "putuo/template-2024-juesuan.pdf",
]


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    base = base_iri()
    graphs = []
    print(f"{'disclosure':44} {'triples':>7} {'map s':>6} {'shapes s':>8} {'load s':>7} {'baseline s':>10} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as directory, Store(Path(directory) / "store", base) as store:
        raw = ox.Store()
        for name in FINAL_ACCOUNTS:
            disclosure = recognise(read_document(corpus / name))
            (iri, graph), map_seconds = timed(disclosure_graph, disclosure, base)
            _, shape_seconds = timed(check_structure, graph, base)
            _, load_seconds = timed(store.replace_graph, iri, graph)
            ntriples = graph.serialize(format="nt")
            _, baseline = timed(lambda: raw.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(iri))))
            graphs.append(graph)
            print(f"{name:44} {len(graph):7d} {map_seconds:6.3f} {shape_seconds:8.3f} {load_seconds:7.3f} "
                  f"{baseline:10.3f} {load_seconds / baseline:6.2f}")
    reference = ontology_graph() + code_list_graph(base)
    closure, seconds = timed(owl_rl_closure, reference)
    print(f"OWL 2 RL closure, reference graph: {closure.asserted} -> {closure.asserted + closure.inferred} triples "
          f"(+{100 * closure.inferred / closure.asserted:.0f}%) in {seconds:.2f} s")
    largest = max(graphs, key=len)
    closure, seconds = timed(owl_rl_closure, largest + ontology_graph())
    print(f"OWL 2 RL closure, one disclosure with the ontology: {closure.asserted} -> "
          f"{closure.asserted + closure.inferred} triples (+{100 * closure.inferred / closure.asserted:.0f}%) in {seconds:.2f} s")


if __name__ == "__main__":
    main()
