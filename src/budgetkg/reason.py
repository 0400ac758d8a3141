"""Reason: the OWL 2 RL closure where it pays.

It pays on the reference graph (ontology, concept schemes, code lists): the closure adds
skos:broaderTransitive from every 项 to its 款 and 类, so queries roll figures up the code
hierarchy without property paths, and the class and property hierarchy of the ontology. Closing
each disclosure graph as well costs far more than it gives (see benchmarks/rdf.py); queries use
rdfs:subClassOf* where they need it.
"""

from __future__ import annotations

from dataclasses import dataclass

import owlrl
from rdflib import Graph, Literal
from rdflib.namespace import OWL


@dataclass(frozen=True)
class Closure:
    graph: Graph
    asserted: int
    inferred: int


def owl_rl_closure(graph: Graph) -> Closure:
    """The graph with its OWL 2 RL closure (a copy; the argument is left as it is)."""
    closed = Graph()
    for prefix, namespace in graph.namespaces():
        closed.bind(prefix, namespace)
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(closed)
    for triple in [t for t in closed if _noise(t)]:
        closed.remove(triple)
    return Closure(closed, len(graph), len(closed) - len(graph))


def _noise(triple) -> bool:
    """owlrl states x owl:sameAs x for every term, literals included (generalised RDF, which no
    store accepts); such triples say nothing."""
    subject, predicate, obj = triple
    return isinstance(subject, Literal) or (predicate == OWL.sameAs and subject == obj)
