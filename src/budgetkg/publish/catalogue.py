"""The DCAT catalogue and VoID description of a publication: one dataset per disclosure (with its
validation results), one for the reference data and shapes, and one for the whole; each under a
licence and a publisher, each disclosure's dataset with its source document (file name, SHA-256).

Licence: `--license` of `budgetkg export`, else $BUDGETKG_LICENSE, else CC BY 4.0: the figures are
public government information (disclosed under the 政府信息公开条例); attribution keeps the
disclosing unit and the source document named, which is what a reader of these data needs."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field

import pyshacl
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from ..structure import publication_shapes
from ..vocab import BK, BKC, BKM, PREFIXES

MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
VOCABULARIES = (BK, BKM, BKC, URIRef("http://purl.org/linked-data/cube#"), URIRef("http://www.w3.org/2004/02/skos/core#"),
                URIRef("http://www.w3.org/ns/prov#"), URIRef("http://www.w3.org/ns/org#"), URIRef("http://www.w3.org/ns/shacl#"),
                URIRef("http://data.openbudgets.eu/ontology/dsd/"), URIRef("http://purl.org/linked-data/sdmx/2009/attribute#"),
                URIRef("http://www.w3.org/ns/dcat#"), URIRef("http://purl.org/dc/terms/"), URIRef("http://rdfs.org/ns/void#"))
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_PUBLISHER = "budgetkg"
SPDX = Namespace("http://spdx.org/rdf/terms#")


@dataclass(frozen=True)
class Publication:
    """Who publishes the dumps, under which licence."""

    licence: str = DEFAULT_LICENCE
    publisher: str = DEFAULT_PUBLISHER

    @classmethod
    def configured(cls, licence: str | None = None, publisher: str | None = None) -> "Publication":
        """The arguments, else $BUDGETKG_LICENSE and $BUDGETKG_PUBLISHER, else the defaults."""
        return cls(licence or os.environ.get("BUDGETKG_LICENSE") or DEFAULT_LICENCE,
                   publisher or os.environ.get("BUDGETKG_PUBLISHER") or DEFAULT_PUBLISHER)


@dataclass(frozen=True, order=True)
class SourceFile:
    """A document a disclosure was read from."""

    iri: str
    name: str
    sha256: str


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
    sources: list[SourceFile] = field(default_factory=list)


def dataset_iri(base: str, name: str) -> URIRef:
    return URIRef(f"{base}dataset" if name == "all" else f"{base}dataset/{name}")


def catalogue_graph(base: str, whole: Dataset, parts: list[Dataset], issued: datetime.date | None = None,
                    publication: Publication | None = None) -> Graph:
    publication = publication or Publication.configured()
    graph = Graph()
    for prefix, namespace in {**PREFIXES, "dcat": DCAT, "dcterms": DCTERMS, "void": VOID, "foaf": FOAF, "spdx": SPDX}.items():
        graph.bind(prefix, namespace)
    catalogue = URIRef(f"{base}catalogue")
    publisher = _describe_publisher(graph, base, publication)
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.license, URIRef(publication.licence)))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, DCTERMS.title, Literal("budgetkg 预决算公开数据目录", lang="zh")))
    graph.add((catalogue, DCTERMS.title, Literal("budgetkg catalogue of budget and final-accounts disclosures", lang="en")))
    graph.add((catalogue, DCTERMS.modified, Literal(issued or datetime.date.today(), datatype=XSD.date)))
    whole_iri = _describe(graph, base, whole, publication, publisher)
    graph.add((catalogue, DCAT.dataset, whole_iri))
    for vocabulary in VOCABULARIES:
        graph.add((whole_iri, VOID.vocabulary, URIRef(str(vocabulary))))
    graph.add((whole_iri, VOID.uriSpace, Literal(base)))
    if whole.sparql_endpoint:
        graph.add((whole_iri, VOID.sparqlEndpoint, URIRef(whole.sparql_endpoint)))
    for part in parts:
        part_iri = _describe(graph, base, part, publication, publisher)
        graph.add((catalogue, DCAT.dataset, part_iri))
        graph.add((whole_iri, VOID.subset, part_iri))
        graph.add((part_iri, DCTERMS.isPartOf, whole_iri))
        if part.name != "reference":
            graph.add((part_iri, VOID.rootResource, URIRef(part.graphs[0])))
    return graph


def _describe_publisher(graph: Graph, base: str, publication: Publication) -> URIRef:
    publisher = URIRef(f"{base}publisher")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(publication.publisher)))
    return publisher


def _describe(graph: Graph, base: str, dataset: Dataset, publication: Publication, publisher: URIRef) -> URIRef:
    subject = dataset_iri(base, dataset.name)
    graph.add((subject, RDF.type, DCAT.Dataset))
    graph.add((subject, RDF.type, VOID.Dataset))
    graph.add((subject, DCTERMS.license, URIRef(publication.licence)))
    graph.add((subject, DCTERMS.publisher, publisher))
    for source in dataset.sources:
        _describe_source(graph, subject, source)
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


def _describe_source(graph: Graph, dataset: URIRef, source: SourceFile) -> None:
    """The original document: its file name and its SHA-256 (as SPDX and as budgetkg states it)."""
    document, checksum = URIRef(source.iri), URIRef(f"{source.iri}/checksum")
    graph.add((dataset, DCTERMS.source, document))
    graph.add((document, RDF.type, FOAF.Document))
    graph.add((document, RDF.type, BK.SourceFile))
    graph.add((document, DCTERMS.title, Literal(source.name)))
    graph.add((document, RDFS.label, Literal(source.name)))
    graph.add((document, BK.sha256, Literal(source.sha256)))
    graph.add((document, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(source.sha256, datatype=XSD.hexBinary)))


SOURCES = """SELECT DISTINCT ?file ?name ?sha WHERE {{ GRAPH <{graph}> {{
    <{graph}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?file .
    ?file <https://w3id.org/budgetkg/ontology#sha256> ?sha ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }} }}"""


def source_files(store, graph: str) -> list[SourceFile]:
    """The documents the disclosure graph was read from (a two-file disclosure has two)."""
    rows = store.query(SOURCES.format(graph=graph))
    return sorted(SourceFile(r["file"].value, r["name"].value, r["sha"].value) for r in rows)


def check_catalogue(graph: Graph) -> tuple[bool, str]:
    """The catalogue against the publication shapes: (conforms, pyshacl's report text)."""
    conforms, _, text = pyshacl.validate(graph, shacl_graph=publication_shapes(), inference="none")
    return conforms, text
