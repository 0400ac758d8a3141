"""Validate: the disclosure rules (shapes/rules) run set-at-a-time over disclosure graphs, and
the reports compliance officers read."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from rdflib import Graph

from .catalogue import Rule, load_rules
from .engine import Result, disclosure_store, run_rules
from .report import Report, build_report, validation_graph, validation_iri

__all__ = ["Report", "Result", "Rule", "load_rules", "record_results", "validate_graphs", "validate_stored"]


def validate_graphs(graphs: dict[str, Graph], base: str | None = None, sources: dict[str, str] | None = None,
                    context: dict[str, bytes] | None = None,
                    on_validated: Callable[[str, int], None] | None = None) -> Report:
    """Validate disclosure graphs (named graph IRI -> graph) with the whole rule catalogue.

    `context` holds other disclosures (IRI -> N-Triples) the cross-year and cross-document rules
    compare with, such as the unit's other years from a store; they are not validated themselves.
    `on_validated` is told each disclosure and its number of results as it is done.
    """
    store = disclosure_store(graphs, base)
    for iri, ntriples in (context or {}).items():
        if iri not in graphs:
            store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(iri)))
    validated = [str(iri) for iri in graphs]
    results = []
    for disclosure in validated:
        found = run_rules(store, disclosures=[disclosure], base=base)
        results += found
        if on_validated is not None:
            on_validated(disclosure, len(found))
    return build_report(store, results, sources, validated)


def validate_stored(store, disclosures: list[str]) -> Report:
    """Validate disclosures a store holds, each beside its organisation's other disclosures in the
    store, one organisation at a time (small stores stay fast)."""
    organisation = store.organisations()
    members: dict[str, list[str]] = {}
    for disclosure, org in sorted(organisation.items()):
        members.setdefault(org, []).append(disclosure)
    wanted = sorted({organisation[d] for d in disclosures})
    documents, results = [], []
    for group in (members[org] for org in wanted):
        view = disclosure_store({}, store.base)
        for iri in group:
            view.load(store.graph_ntriples(iri), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
        held = set(group)
        chosen = [d for d in disclosures if d in held]
        report = build_report(view, run_rules(view, disclosures=chosen, base=store.base), None, chosen)
        documents += report.documents
        results += report.results
    return Report(documents, results)


def record_results(store, report: Report) -> None:
    """Each validated disclosure's results into the store, as its validation graph (replacing the last)."""
    rules = {rule.id: rule for rule in load_rules()}
    for document in report.documents:
        store.replace_graph(validation_iri(document["id"]), validation_graph(report, rules, document["id"]))
