"""Disclosure graphs handed in as RDF (what `budgetkg extract` writes), read back for validation."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from .errors import EmptyFile, FileMissing, InvalidRdf
from .vocab import BK

FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".json-ld": "json-ld"}
DATASET_FORMATS = {"nquads", "trig", "json-ld"}


def is_rdf(path: str | Path) -> bool:
    return Path(path).suffix.lower() in FORMATS


def read_disclosure_graphs(path: str | Path) -> dict[URIRef, Graph]:
    """Disclosure IRI -> its graph. Datasets (N-Quads, TriG, JSON-LD) give one disclosure per named
    graph; a plain graph (Turtle, N-Triples) must hold exactly one disclosure."""
    path = Path(path)
    if not path.is_file():
        raise FileMissing(path)
    if path.stat().st_size == 0:
        raise EmptyFile(path)
    rdf_format = FORMATS[path.suffix.lower()]
    try:
        if rdf_format in DATASET_FORMATS:
            return _from_dataset(path, rdf_format)
        graph = Graph().parse(path, format=rdf_format)
    except Exception as error:  # rdflib raises many parser-specific types
        raise InvalidRdf(path, str(error).splitlines()[0][:200]) from None
    disclosures = list(graph.subjects(RDF.type, BK.Disclosure))
    if len(disclosures) != 1:
        raise InvalidRdf(path, f"{len(disclosures)} disclosures in one graph; use N-Quads or TriG for several")
    return {disclosures[0]: graph}


def _from_dataset(path: Path, rdf_format: str) -> dict[URIRef, Graph]:
    dataset = Dataset()
    dataset.parse(path, format=rdf_format)
    found = {}
    for named in dataset.graphs():
        if isinstance(named.identifier, URIRef) and (named.identifier, RDF.type, BK.Disclosure) in named:
            graph = Graph()
            for triple in named:
                graph.add(triple)
            found[named.identifier] = graph
    if not found:
        raise InvalidRdf(path, "no named graph holds a disclosure")
    return found
