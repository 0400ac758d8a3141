"""Validate: the disclosure rules (shapes/rules) run set-at-a-time over disclosure graphs, and
the reports compliance officers read."""

from __future__ import annotations

from rdflib import Graph

from .catalogue import Rule, load_rules
from .engine import Result, disclosure_store, run_rules
from .report import Report, build_report

__all__ = ["Report", "Result", "Rule", "load_rules", "validate_graphs"]


def validate_graphs(graphs: dict[str, Graph], base: str | None = None,
                    sources: dict[str, str] | None = None) -> Report:
    """Validate disclosure graphs (named graph IRI -> graph) with the whole rule catalogue."""
    store = disclosure_store(graphs, base)
    return build_report(store, run_rules(store, base=base), sources)
