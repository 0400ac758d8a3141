"""The DCAT catalogue and VoID description of a publication: one dataset per disclosure (with its
validation results), one for the reference data and shapes, and one for the whole."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from ..structure import publication_shapes
from ..vocab import BK, BKC, BKM, PREFIXES

MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
VOCABULARIES = (BK, BKM, BKC, URIRef("http://purl.org/linked-data/cube#"), URIRef("http://www.w3.org/2004/02/skos/core#"),
                URIRef("http://www.w3.org/ns/prov#"), URIRef("http://www.w3.org/ns/org#"), URIRef("http://www.w3.org/ns/shacl#"))


@dataclass(frozen=True)
class Distribution:
    url: str
    media_type: str
    size: int


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    graphs: list[str]
    triples: int
    distributions: list[Distribution] = field(default_factory=list)
    sparql_endpoint: str | None = None


def dataset_iri(base: str, name: str) -> URIRef:
    return URIRef(f"{base}dataset" if name == "all" else f"{base}dataset/{name}")


def catalogue_graph(base: str, whole: Dataset, parts: list[Dataset], issued: datetime.date | None = None) -> Graph:
    graph = Graph()
    for prefix, namespace in {**PREFIXES, "dcat": DCAT, "dcterms": DCTERMS, "void": VOID}.items():
        graph.bind(prefix, namespace)
    catalogue = URIRef(f"{base}catalogue")
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal("budgetkg 预决算公开数据目录", lang="zh")))
    graph.add((catalogue, DCTERMS.title, Literal("budgetkg catalogue of budget and final-accounts disclosures", lang="en")))
    graph.add((catalogue, DCTERMS.modified, Literal(issued or datetime.date.today(), datatype=XSD.date)))
    whole_iri = _describe(graph, base, whole)
    graph.add((catalogue, DCAT.dataset, whole_iri))
    for vocabulary in VOCABULARIES:
        graph.add((whole_iri, VOID.vocabulary, URIRef(str(vocabulary))))
    graph.add((whole_iri, VOID.uriSpace, Literal(base)))
    if whole.sparql_endpoint:
        graph.add((whole_iri, VOID.sparqlEndpoint, URIRef(whole.sparql_endpoint)))
    for part in parts:
        part_iri = _describe(graph, base, part)
        graph.add((catalogue, DCAT.dataset, part_iri))
        graph.add((whole_iri, VOID.subset, part_iri))
        graph.add((part_iri, DCTERMS.isPartOf, whole_iri))
        if part.name != "reference":
            graph.add((part_iri, VOID.rootResource, URIRef(part.graphs[0])))
    return graph


def _describe(graph: Graph, base: str, dataset: Dataset) -> URIRef:
    subject = dataset_iri(base, dataset.name)
    graph.add((subject, RDF.type, DCAT.Dataset))
    graph.add((subject, RDF.type, VOID.Dataset))
    graph.add((subject, DCTERMS.identifier, Literal(dataset.name)))
    graph.add((subject, DCTERMS.title, Literal(dataset.title)))
    graph.add((subject, VOID.triples, Literal(dataset.triples, datatype=XSD.integer)))
    for index, distribution in enumerate(dataset.distributions):
        node = URIRef(f"{subject}/distribution/{index + 1}")
        graph.add((subject, DCAT.distribution, node))
        graph.add((subject, VOID.dataDump, URIRef(distribution.url)))
        graph.add((node, RDF.type, DCAT.Distribution))
        graph.add((node, DCAT.downloadURL, URIRef(distribution.url)))
        graph.add((node, DCAT.mediaType, URIRef(MEDIA_TYPES + distribution.media_type)))
        graph.add((node, DCAT.byteSize, Literal(distribution.size, datatype=XSD.nonNegativeInteger)))
    return subject


def check_catalogue(graph: Graph) -> tuple[bool, str]:
    """The catalogue against the publication shapes: (conforms, pyshacl's report text)."""
    conforms, _, text = pyshacl.validate(graph, shacl_graph=publication_shapes(), inference="none")
    return conforms, text
