"""Structural validation: a disclosure graph against the shapes of `shapes/model/`, with the
ontology and the code lists beside it (class constraints need them)."""

from __future__ import annotations


from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .codelists import code_list_graph
from .mapping import base_iri
from .resources import SHAPES_DIR
from .vocab import ontology_graph


@dataclass(frozen=True)
class StructuralResult:
    severity: str  # Violation | Warning | Info
    focus: str
    path: str | None
    message: str


@lru_cache(maxsize=None)
def _shapes_in(directory: Path) -> Graph:
    shapes = Graph()
    for path in sorted(directory.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


def model_shapes() -> Graph:
    """The structural shapes of a disclosure graph."""
    return _shapes_in(SHAPES_DIR / "model")


def publication_shapes() -> Graph:
    """The shapes of the DCAT catalogue and VoID description `export` writes."""
    return _shapes_in(SHAPES_DIR / "publication")


@lru_cache(maxsize=None)
def reference_graph(base: str) -> Graph:
    """The ontology, the concept schemes and the code lists under this base."""
    return ontology_graph() + code_list_graph(base)


def check_structure(graph: Graph, base: str | None = None) -> list[StructuralResult]:
    data = graph + reference_graph(base_iri(base))
    _, report, _ = pyshacl.validate(data, shacl_graph=model_shapes(), inference="none", allow_warnings=True)
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        results.append(StructuralResult(
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            focus=str(report.value(result, SH.focusNode)),
            path=str(path) if isinstance(path, URIRef) else None,
            message=str(report.value(result, SH.resultMessage) or ""),
        ))
    return results
