"""Validate: the disclosure rules (shapes/rules) run set-at-a-time over disclosure graphs, and
the reports compliance officers read."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from ..mapping import base_iri
from ..structure import reference_graph
from .catalogue import Rule, load_rules
from .engine import Result, run_rules
from .report import Report, build_report

__all__ = ["Report", "Result", "Rule", "load_rules", "validate_graphs"]


def validate_graphs(graphs: dict[str, Graph], base: str | None = None,
                    sources: dict[str, str] | None = None) -> Report:
    """Validate disclosure graphs (named graph IRI -> graph) with the whole rule catalogue."""
    store = ox.Store()
    reference = reference_graph(base_iri(base))
    store.load(reference.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode(f"{base_iri(base)}graph/reference"))
    for iri, graph in graphs.items():
        store.load(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(iri)))
    return build_report(store, run_rules(store), sources)
