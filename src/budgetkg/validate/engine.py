"""Running the rules: each rule's query once per disclosure, returning every violation of that
disclosure at once (set-at-a-time: never one query per row).

A query sees the disclosure's named graph and the reference graph (ontology, concept schemes,
code lists) as its default graph, so its cost does not grow with the size of the store; the
cross-year and cross-document rules (Y, D) also see the other disclosures of the same organisation
that the store holds. The
queries are those of the shapes, with $this bound to the disclosure as pyshacl binds it
(tests/test_validate.py shows both give the same results on the corpus)."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..mapping import base_iri, reference_graph_iri
from ..structure import reference_graph
from .catalogue import Rule, load_rules

_DISCLOSURES = "SELECT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/budgetkg/ontology#Disclosure> } }"
_RELATED = """SELECT ?g ?other WHERE {
  GRAPH ?g { ?g <https://w3id.org/budgetkg/ontology#organization> ?o }
  GRAPH ?other { ?other a <https://w3id.org/budgetkg/ontology#Disclosure> ; <https://w3id.org/budgetkg/ontology#organization> ?o }
  FILTER(?g != ?other)
}"""
CROSS_DOCUMENT_FAMILIES = {"Y", "D"}  # their queries also see the organisation's other disclosures
_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("decimal", "integer", "double", "float")}


@dataclass
class Result:
    """One row of a rule's query: the disclosure, the offending node (focus) and the other
    variables the query binds (expected, actual ...): numbers as Decimal, anything else as text."""

    rule: Rule
    severity: str
    disclosure: str
    focus: str
    bindings: dict = field(default_factory=dict)


def disclosure_store(graphs: dict, base: str | None = None) -> ox.Store:
    """An in-memory store with each disclosure graph as a named graph, and the reference graph."""
    store = ox.Store()
    store.extend(_reference_quads(base_iri(base)))
    for iri, graph in graphs.items():
        store.load(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(iri)))
    return store


@lru_cache(maxsize=None)
def _reference_quads(base: str) -> tuple[ox.Quad, ...]:
    """The reference graph's quads, made once per process: rdflib takes a third of a second to
    build it, a store a hundredth to take it in."""
    graph = ox.NamedNode(str(reference_graph_iri(base)))
    return tuple(ox.Quad(t.subject, t.predicate, t.object, graph)
                 for t in ox.parse(reference_graph(base).serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES))


def disclosures_in(store: ox.Store) -> list[str]:
    return sorted(s["g"].value for s in store.query(_DISCLOSURES))


def run_rules(store: ox.Store, rules: tuple[Rule, ...] | None = None, disclosures: list[str] | None = None,
              base: str | None = None) -> list[Result]:
    """Every rule over every disclosure of the store (or the ones named)."""
    reference = ox.NamedNode(str(reference_graph_iri(base_iri(base))))
    related = related_disclosures(store)
    results = []
    for disclosure in disclosures if disclosures is not None else disclosures_in(store):
        view = [ox.NamedNode(disclosure), reference]
        wide = view + [ox.NamedNode(other) for other in related.get(disclosure, [])]
        this = {ox.Variable("this"): ox.NamedNode(disclosure)}
        for rule in rules if rules is not None else load_rules():
            graphs = wide if rule.family in CROSS_DOCUMENT_FAMILIES else view
            solutions = store.query(rule.query, default_graph=graphs, substitutions=this)
            names = [v.value for v in solutions.variables]
            for solution in solutions:
                values = {name: _plain(solution[name]) for name in names if solution[name] is not None}
                level = values.pop("level", None) or rule.severity
                values.pop("this", None)
                results.append(Result(rule, level, disclosure, values.pop("value"), values))
    return results


def related_disclosures(store: ox.Store) -> dict[str, list[str]]:
    """Each disclosure's other disclosures of the same organisation (other years, other documents)."""
    related: dict[str, list[str]] = {}
    for solution in store.query(_RELATED):
        related.setdefault(solution["g"].value, []).append(solution["other"].value)
    return {g: sorted(set(others)) for g, others in related.items()}


def _plain(term) -> str | int | Decimal:
    if isinstance(term, ox.Literal) and term.datatype.value == _INTEGER:
        return int(term.value)  # a year or a count: never shown with decimals
    if isinstance(term, ox.Literal) and term.datatype.value in _NUMERIC:
        return Decimal(term.value)
    return term.value


def _validate_group(files: list[str], base: str | None) -> list[Result]:
    store = disclosure_store({}, base)
    for path in files:
        store.load(path=path, format=ox.RdfFormat.N_QUADS)
    return run_rules(store, base=base)


def run_rules_grouped(groups: list[list[Path]], base: str | None = None, workers: int | None = None) -> list[Result]:
    """A large batch of disclosure graphs (N-Quads files, one named graph each) validated on all
    cores, each group in a store of its own, read by the worker from its files. A group holds the
    files of one organisation, so that the cross-year rules see all of its years; disclosures are
    otherwise checked on their own, so the grouping changes nothing in the results. One store per
    group because queries slow down as a store grows (Oxigraph's in-memory store matches a pattern
    against the quads of every graph it holds): 20 disclosures in a store cost half as much again."""
    stores = [[str(f) for f in group] for group in groups if group]
    workers = workers or min(len(stores), os.cpu_count() or 1)
    _reference_quads(base_iri(base))  # made before the workers fork, so that they share it
    if workers <= 1:
        return [r for files in stores for r in _validate_group(files, base)]
    with ProcessPoolExecutor(workers) as pool:
        return [r for found in pool.map(_validate_group, stores, [base] * len(stores)) for r in found]
