"""Running the rules set-at-a-time: each rule's query once over the whole store, returning every
violation in every disclosure.

The queries are those of the shapes; pyshacl runs them once per disclosure with $this bound,
here they run once with $this free (tests/test_rules_engine.py shows both give the same results on
the corpus)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from .catalogue import Rule, load_rules


@dataclass
class Result:
    """One row of a rule's query: the disclosure, the offending node (focus) and the other
    variables the query binds (expected, actual ...) as RDF terms."""

    rule: Rule
    severity: str
    disclosure: str
    focus: str
    bindings: dict = field(default_factory=dict)


def run_rules(store: ox.Store, rules: tuple[Rule, ...] | None = None, only: str | None = None) -> list[Result]:
    """Every rule over the whole store, or over the one disclosure `only` ($this bound to it, as
    pyshacl binds it) when a new disclosure is checked against a large store."""
    substitutions = {ox.Variable("this"): ox.NamedNode(only)} if only else None
    results = []
    for rule in rules if rules is not None else load_rules():
        solutions = store.query(rule.query, use_default_graph_as_union=True, substitutions=substitutions)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            values = {name: solution[name] for name in names if solution[name] is not None}
            level = values.pop("level").value if "level" in values else rule.severity
            this = values.pop("this").value if "this" in values else only
            results.append(Result(rule, level, this, values.pop("value").value, values))
    return results


def store_of(graph: Graph) -> ox.Store:
    """An in-memory store holding an rdflib graph (fixtures, single files)."""
    store = ox.Store()
    store.load(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES)
    return store
