"""Running the rules: each rule's query once per disclosure, returning every violation of that
disclosure at once (set-at-a-time: never one query per row).

A query sees the disclosure's named graph and the reference graph (ontology, concept schemes,
code lists) as its default graph, so its cost does not grow with the size of the store. The
queries are those of the shapes, with $this bound to the disclosure as pyshacl binds it
(tests/test_validate.py shows both give the same results on the corpus)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from ..mapping import base_iri
from ..structure import reference_graph
from ..store import reference_graph_iri
from .catalogue import Rule, load_rules

_DISCLOSURES = "SELECT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/budgetkg/ontology#Disclosure> } }"


@dataclass
class Result:
    """One row of a rule's query: the disclosure, the offending node (focus) and the other
    variables the query binds (expected, actual ...) as RDF terms."""

    rule: Rule
    severity: str
    disclosure: str
    focus: str
    bindings: dict = field(default_factory=dict)


def disclosure_store(graphs: dict, base: str | None = None) -> ox.Store:
    """An in-memory store with each disclosure graph as a named graph, and the reference graph."""
    store = ox.Store()
    base = base_iri(base)
    store.load(reference_graph(base).serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(str(reference_graph_iri(base))))
    for iri, graph in graphs.items():
        store.load(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(iri)))
    return store


def disclosures_in(store: ox.Store) -> list[str]:
    return sorted(s["g"].value for s in store.query(_DISCLOSURES))


def run_rules(store: ox.Store, rules: tuple[Rule, ...] | None = None, disclosures: list[str] | None = None,
              base: str | None = None) -> list[Result]:
    """Every rule over every disclosure of the store (or the ones named)."""
    reference = ox.NamedNode(str(reference_graph_iri(base_iri(base))))
    results = []
    for disclosure in disclosures if disclosures is not None else disclosures_in(store):
        view = [ox.NamedNode(disclosure), reference]
        this = {ox.Variable("this"): ox.NamedNode(disclosure)}
        for rule in rules if rules is not None else load_rules():
            solutions = store.query(rule.query, default_graph=view, substitutions=this)
            names = [v.value for v in solutions.variables]
            for solution in solutions:
                values = {name: solution[name] for name in names if solution[name] is not None}
                level = values.pop("level").value if "level" in values else rule.severity
                values.pop("this", None)
                results.append(Result(rule, level, disclosure, values.pop("value").value, values))
    return results
