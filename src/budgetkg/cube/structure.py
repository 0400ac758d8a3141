"""The RDF Data Cube structure of a disclosure's tables.

Each table is a qb:DataSet whose qb:structure is a data structure definition shared by every
table of the same role, layout and code list:

    {base}structure/{role}/{kind}-{year}           coded tables (T2, T3, T5 ...: one row dimension)
    {base}structure/{role}-two-sided/{kind}-{year}  two-sided summaries (T1, T4: side and sub-row too)
    {base}structure/dimension/{kind}-{year}         the row dimension of that code list
    {base}structure/codelist/{kind}-{year}          its code list: the year's codes and the metrics

Dimensions: organisation, fiscal year (a reference year IRI) and budget phase are attached to the
data set (the table); the row concept, column concept, printed row number (and side, sub-row) to
each observation (the row number keeps apart two rows of one concept, such as a template's …);
the measure is bk:amount; the attributes unit, decimals, blank marker and printed row label sit on
the observation, the currency on the data set. A blank cell is an observation without a measure,
marked by bk:blank (blank is not zero).

The structure is written into every disclosure graph that uses it (the same triples each time),
so that one disclosure's dump carries the structure of its tables.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ..codelists import CodeList, concept_iri
from ..vocab import BK, BKM, QB, ontology_graph

OBEU_DIMENSION = "http://data.openbudgets.eu/ontology/dsd/dimension/"
CLASSIFICATION = {"function": URIRef(OBEU_DIMENSION + "functionalClassification"),
                  "economic": URIRef(OBEU_DIMENSION + "economicClassification")}
CNY = URIRef("http://publications.europa.eu/resource/authority/currency/CNY")
YEAR = "http://reference.data.gov.uk/id/year/"
KIND_LABELS = {"function": ("功能分类", "functional classification"), "economic": ("经济分类", "economic classification")}

DATASET_DIMENSIONS = (BK.organization, BK.fiscalPeriod, BK.budgetPhase)
OBSERVATION_ATTRIBUTES = ((BK.amountUnit, False), (BK.decimals, False), (BK.blank, False), (BK.rowLabel, True))


def year_iri(year: int) -> URIRef:
    return URIRef(f"{YEAR}{year}")


def structure_iri(base: str, role: str, two_sided: bool, kind: str, year: int) -> URIRef:
    return URIRef(f"{base}structure/{role}{'-two-sided' if two_sided else ''}/{kind}-{year}")


def row_dimension(base: str, kind: str, year: int) -> URIRef:
    return URIRef(f"{base}structure/dimension/{kind}-{year}")


def row_code_list(base: str, kind: str, year: int) -> URIRef:
    return URIRef(f"{base}structure/codelist/{kind}-{year}")


def metrics() -> list[URIRef]:
    return sorted(ontology_graph().subjects(SKOS.inScheme, BKM[""]))


def add_structure(graph: Graph, base: str, role: str, two_sided: bool, code_list: CodeList) -> URIRef:
    """The data structure definition of the tables of this role, layout and code list, with its
    row dimension and code lists, into the graph; returns its IRI."""
    kind, year = code_list.kind, code_list.year
    dsd = structure_iri(base, role, two_sided, kind, year)
    graph.add((dsd, RDF.type, QB.DataStructureDefinition))
    graph.add((dsd, RDFS.label, Literal(f"{role} 表结构（{year}年{KIND_LABELS[kind][0]}）", lang="zh")))
    graph.add((dsd, RDFS.label, Literal(f"structure of {role} tables ({KIND_LABELS[kind][1]} {year})", lang="en")))
    dimensions = [*DATASET_DIMENSIONS, _add_row_dimension(graph, base, code_list), BK.column, BK.rowNumber]
    if two_sided:
        dimensions += [BK.side, BK.subRowOf]
    for order, dimension in enumerate(dimensions, start=1):
        spec = _component(graph, dsd, f"dimension-{order}", QB.dimension, dimension)
        graph.add((spec, QB.order, Literal(order, datatype=XSD.integer)))
        if dimension in DATASET_DIMENSIONS:
            graph.add((spec, QB.componentAttachment, QB.DataSet))
    _component(graph, dsd, "measure", QB.measure, BK.amount)
    for attribute, required in OBSERVATION_ATTRIBUTES:
        spec = _component(graph, dsd, _local(attribute), QB.attribute, attribute)
        graph.add((spec, QB.componentRequired, Literal(required)))
    spec = _component(graph, dsd, "currency", QB.attribute, BK.currency)
    graph.add((spec, QB.componentRequired, Literal(True)))
    graph.add((spec, QB.componentAttachment, QB.DataSet))
    return dsd


def describe_data_set(graph: Graph, table: URIRef, dsd: URIRef, organisation: URIRef, year: int | None,
                      phase: URIRef) -> None:
    """The table as a data set of the structure, with the values of the dimensions and the
    attribute attached to it."""
    graph.add((table, RDF.type, QB.DataSet))
    graph.add((table, QB.structure, dsd))
    graph.add((table, BK.organization, organisation))
    if year is not None:
        graph.add((table, BK.fiscalPeriod, year_iri(year)))
    graph.add((table, BK.budgetPhase, phase))
    graph.add((table, BK.currency, CNY))


def _local(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1]


def _component(graph: Graph, dsd: URIRef, name: str, kind: URIRef, prop: URIRef) -> URIRef:
    spec = URIRef(f"{dsd}/component/{name}")
    graph.add((dsd, QB.component, spec))
    graph.add((spec, RDF.type, QB.ComponentSpecification))
    graph.add((spec, kind, prop))
    graph.add((spec, QB.componentProperty, prop))  # what the integrity constraints follow
    return spec


def _add_row_dimension(graph: Graph, base: str, code_list: CodeList) -> URIRef:
    """The row dimension of a year's code list: a subproperty of bk:row and of the OpenBudgets.eu
    classification, coded by the year's codes together with the disclosure metrics (totals and
    the other rows that carry no code)."""
    kind, year = code_list.kind, code_list.year
    dimension, codes = row_dimension(base, kind, year), row_code_list(base, kind, year)
    zh, en = KIND_LABELS[kind]
    graph.add((dimension, RDF.type, QB.DimensionProperty))
    graph.add((dimension, RDFS.subPropertyOf, BK.row))
    graph.add((dimension, RDFS.subPropertyOf, CLASSIFICATION[kind]))
    graph.add((dimension, RDFS.label, Literal(f"行（{year}年{zh}）", lang="zh")))
    graph.add((dimension, RDFS.label, Literal(f"row ({en} {year})", lang="en")))
    if not code_list.names:
        # budgetkg has no code list of that year (data/codes): the codes the document prints
        # cannot be checked against one, so the dimension is not declared coded.
        graph.add((dimension, RDFS.range, RDFS.Resource))
        return dimension
    graph.add((dimension, RDFS.range, SKOS.Concept))
    graph.add((dimension, QB.codeList, codes))
    graph.add((dimension, RDF.type, QB.CodedProperty))
    graph.add((codes, RDF.type, SKOS.Collection))
    graph.add((codes, RDFS.label, Literal(f"{year}年{zh}科目与公开指标", lang="zh")))
    graph.add((codes, RDFS.label, Literal(f"{en} {year} and disclosure metrics", lang="en")))
    for code in code_list.names:
        graph.add((codes, SKOS.member, concept_iri(base, kind, year, code)))
    for metric in metrics():
        graph.add((codes, SKOS.member, metric))
    return dimension


def observation_dimensions(graph: Graph, cell: URIRef, dimension: URIRef, row_concept: URIRef, row_number: Literal,
                           sub_row: URIRef | None) -> None:
    """The cell as a qb:Observation with the values of the structure's own dimensions: the row
    dimension of its code list (`row_dimension`), the printed row number, and in a two-sided
    table the summary row it sits under (bk:MainRow when none)."""
    graph.add((cell, RDF.type, QB.Observation))
    graph.add((cell, dimension, row_concept))
    graph.add((cell, BK.rowNumber, row_number))
    if sub_row is not None:
        graph.add((cell, BK.subRowOf, sub_row))
