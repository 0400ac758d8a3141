"""RDF Data Cube: the structure of the tables, the W3C integrity constraints on the store (after
the specification's normalisation) and on the dumps (as published), and what the dumps
materialise for OpenBudgets.eu consumers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from budgetkg.cli import main
from budgetkg.codelists import code_list_for, code_list_graph
from budgetkg.cube.integrity import blank_observations, check, graph_of
from budgetkg.cube.structure import metrics
from budgetkg.demo.run import BUNDLED
from budgetkg.mapping import disclosure_graph
from budgetkg.store import Store
from budgetkg.vocab import BK, QB, ontology_graph

from conftest import CAIZHENGJU, FINAL_ACCOUNTS, TEMPLATE, ZHUZHOU, corpus_path

BASE = "https://example.org/bk/"
OBEU_DIMENSION = "http://data.openbudgets.eu/ontology/dsd/dimension/"
OBEU = {name: URIRef(OBEU_DIMENSION + name) for name in ("organization", "fiscalYear", "budgetPhase",
                                                         "functionalClassification", "economicClassification")}
OBEU_AMOUNT = URIRef("http://data.openbudgets.eu/ontology/dsd/measure/amount")
OBEU_CURRENCY = URIRef("http://data.openbudgets.eu/ontology/dsd/attribute/currency")
CNY = URIRef("http://publications.europa.eu/resource/authority/currency/CNY")
EXECUTED = URIRef("http://data.openbudgets.eu/resource/codelist/budget-phase/executed")
APPROVED = URIRef("http://data.openbudgets.eu/resource/codelist/budget-phase/approved")


def _graph(disclosure, name):
    return disclosure_graph(disclosure(name), BASE)[1]


def _failing(store) -> dict[str, list[str]]:
    return {o.constraint: o.offending for o in check(store) if not o.passed}


@pytest.mark.parametrize("name", FINAL_ACCOUNTS)
def test_every_table_is_a_data_set_with_one_structure_and_every_cell_an_observation(disclosure, name):
    graph = _graph(disclosure, name)
    tables = set(graph.subjects(RDF.type, BK.DisclosureTable))
    assert tables and tables == set(graph.subjects(RDF.type, QB.DataSet))
    for table in tables:
        structures = list(graph.objects(table, QB.structure))
        assert len(structures) == 1
        assert (structures[0], RDF.type, QB.DataStructureDefinition) in graph
    cells = set(graph.subjects(RDF.type, BK.Observation))
    assert cells and cells == set(graph.subjects(RDF.type, QB.Observation))


def _components(graph, dsd):
    found = {}
    for spec in graph.objects(dsd, QB.component):
        prop = graph.value(spec, QB.componentProperty)
        kind = next(k for k in (QB.dimension, QB.measure, QB.attribute) if (spec, k, prop) in graph)
        found[prop] = (kind, graph.value(spec, QB.order), graph.value(spec, QB.componentAttachment),
                       graph.value(spec, QB.componentRequired))
    return found


def test_the_structure_of_a_two_sided_summary(disclosure):
    graph = _graph(disclosure, ZHUZHOU)
    t1 = next(t for t in graph.subjects(BK.role, BK.T1))
    dsd = graph.value(t1, QB.structure)
    assert str(dsd) == f"{BASE}structure/T1-two-sided/function-2020"
    row = URIRef(f"{BASE}structure/dimension/function-2020")
    components = _components(graph, dsd)
    dimensions = sorted((int(order), prop) for prop, (kind, order, _, _) in components.items() if kind == QB.dimension)
    assert [p for _, p in dimensions] == [BK.organization, BK.fiscalPeriod, BK.budgetPhase, row, BK.column,
                                          BK.rowNumber, BK.side, BK.subRowOf]
    attached = {p for p, (_, _, attachment, _) in components.items() if attachment == QB.DataSet}
    assert attached == {BK.organization, BK.fiscalPeriod, BK.budgetPhase, BK.currency}
    assert components[BK.amount][0] == QB.measure
    optional = {p for p, (kind, _, _, required) in components.items() if kind == QB.attribute and required == Literal(False)}
    assert optional == {BK.amountUnit, BK.decimals, BK.blank}
    assert {BK.row, URIRef(OBEU_DIMENSION + "functionalClassification")} <= set(graph.objects(row, RDFS.subPropertyOf))
    codes = graph.value(row, QB.codeList)
    members = set(graph.objects(codes, SKOS.member))
    code_list = code_list_for("function", 2020)
    assert len(members) == len(code_list.names) + len(metrics())
    assert URIRef(f"{BASE}codes/function/2020/201") in members
    assert (t1, BK.fiscalPeriod, URIRef("http://reference.data.gov.uk/id/year/2020")) in graph
    assert (t1, BK.currency, CNY) in graph


def test_coded_tables_share_a_structure_without_sides(disclosure):
    graph = _graph(disclosure, CAIZHENGJU)
    t6 = next(t for t in graph.subjects(BK.role, BK.T6))
    dsd = graph.value(t6, QB.structure)
    assert str(dsd) == f"{BASE}structure/T6/economic-2024"
    components = _components(graph, dsd)
    assert BK.side not in components and BK.subRowOf not in components
    row = URIRef(f"{BASE}structure/dimension/economic-2024")
    assert URIRef(OBEU_DIMENSION + "economicClassification") in set(graph.objects(row, RDFS.subPropertyOf))
    for cell in graph.subjects(QB.dataSet, t6):
        assert graph.value(cell, row) == graph.value(cell, BK.row)


def test_the_budget_phase_follows_the_disclosure_kind(disclosure):
    final = _graph(disclosure, ZHUZHOU)
    budget = disclosure_graph(dataclasses.replace(disclosure(ZHUZHOU), kind="budget"), BASE)[1]
    for graph, phase in ((final, EXECUTED), (budget, APPROVED)):
        tables = set(graph.subjects(RDF.type, QB.DataSet))
        assert {graph.value(t, BK.budgetPhase) for t in tables} == {phase}
    ontology = ontology_graph()
    phases = ontology.value(BK.budgetPhase, QB.codeList)
    assert {(EXECUTED, SKOS.inScheme, phases), (APPROVED, SKOS.inScheme, phases),
            (BK.budgetPhase, RDFS.subPropertyOf, OBEU["budgetPhase"])} <= set(ontology)


# --- The integrity constraints: each can fail ---------------------------------------------------

PREFIXES = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX bk: <https://w3id.org/budgetkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
ONE_CELL = "{ SELECT ?o WHERE { ?o a bk:Observation ; bk:amount [] } ORDER BY ?o LIMIT 1 }"
BREAKAGES = {
    "IC-1": f"DELETE {{ ?o qb:dataSet ?t }} WHERE {{ {ONE_CELL} ?o qb:dataSet ?t }}",
    "IC-2": "INSERT { ?t qb:structure <urn:other> . <urn:other> a qb:DataStructureDefinition } WHERE { ?t bk:role bk:T7 }",
    "IC-3": "DELETE { ?dsd qb:component ?spec } WHERE { ?dsd qb:component ?spec . ?spec qb:measure [] }",
    "IC-4": "DELETE { bk:column rdfs:range ?r } WHERE { bk:column rdfs:range ?r }",
    "IC-5": "DELETE { bk:column qb:codeList ?l } WHERE { bk:column qb:codeList ?l }",
    "IC-6": "INSERT { ?s qb:componentRequired false } WHERE { ?s qb:measure [] }",
    "IC-11": f"DELETE {{ ?o bk:column ?c }} WHERE {{ {ONE_CELL} ?o bk:column ?c }}",
    "IC-12": f"INSERT {{ <urn:copy> ?p ?v }} WHERE {{ {ONE_CELL} ?o ?p ?v }}",
    "IC-13": f"DELETE {{ ?o bk:rowLabel ?l }} WHERE {{ {ONE_CELL} ?o bk:rowLabel ?l }}",
    "IC-14": f"DELETE {{ ?o bk:amount ?a }} WHERE {{ {ONE_CELL} ?o bk:amount ?a }}",
    "IC-19": f"DELETE {{ ?o bk:column ?c }} INSERT {{ ?o bk:column <urn:not-a-column> }} WHERE {{ {ONE_CELL} ?o bk:column ?c }}",
}


@pytest.fixture(scope="module")
def zhuzhou_quads():
    from conftest import _disclosure
    graph = disclosure_graph(_disclosure(ZHUZHOU), BASE)[1] + ontology_graph() + code_list_graph(BASE)
    return [ox.Triple(*(_term(t) for t in triple)) for triple in graph]


def _term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
    return ox.BlankNode(str(term))


def test_a_mapped_real_disclosure_passes_every_constraint(zhuzhou_quads):
    store = graph_of(zhuzhou_quads)
    assert _failing(store) == {}
    assert blank_observations(store) > 0


@pytest.mark.parametrize("constraint", sorted(BREAKAGES))
def test_each_constraint_finds_its_breakage(zhuzhou_quads, constraint):
    store = graph_of(zhuzhou_quads)
    store.update(PREFIXES + BREAKAGES[constraint])
    failing = _failing(store)
    assert constraint in failing, failing


# --- The store and its dumps --------------------------------------------------------------------

@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """A demo unit's three years of 决算 and budgets, and three real disclosures (株洲 text, 普陀 PDF, the blank template)."""
    directory = tmp_path_factory.mktemp("cube-store")
    files = [*map(str, sorted(BUNDLED.glob("00-*.txt"))), *(str(corpus_path(n)) for n in (ZHUZHOU, CAIZHENGJU, TEMPLATE))]
    result = CliRunner().invoke(main, ["load", *files, "--store", str(directory)])
    assert result.exit_code == 0, result.stderr
    return directory


@pytest.fixture(scope="module")
def dumps(store_dir, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("cube-export") / "dumps"
    result = CliRunner().invoke(main, ["export", str(directory), "--store", str(store_dir)])
    assert result.exit_code == 0, result.stderr
    return directory


def test_the_store_passes_every_constraint_after_normalisation(store_dir):
    with Store(store_dir) as store:
        quads = [q for g in store.named_graphs() for q in store.quads_of(g)]
    normalised = graph_of(quads)
    assert _failing(normalised) == {}
    assert blank_observations(normalised) > 0


def test_the_dump_passes_every_constraint_as_published(dumps):
    published = graph_of(ox.parse(path=str(dumps / "all.nq"), format=ox.RdfFormat.N_QUADS), normalise=False)
    assert _failing(published) == {}


def test_the_dump_carries_the_openbudgets_components_on_every_observation(dumps):
    graph = Graph()
    for path in (dumps / "datasets").glob("*.ttl"):
        graph.parse(path, format="turtle")
    observations = set(graph.subjects(RDF.type, QB.Observation))
    assert len(observations) > 1000
    budgets = {table for disclosure in graph.subjects(BK.kind, BK.Budget) for table in graph.objects(disclosure, BK.table)}
    assert {graph.value(cell, OBEU["budgetPhase"]) for cell in observations} == {EXECUTED, APPROVED}
    for cell in observations:
        table = graph.value(cell, QB.dataSet)
        assert graph.value(cell, OBEU["organization"]) == graph.value(table, BK.organization)
        assert graph.value(cell, OBEU["budgetPhase"]) == (APPROVED if table in budgets else EXECUTED)
        assert str(graph.value(cell, OBEU["fiscalYear"])).startswith("http://reference.data.gov.uk/id/year/20")
        assert graph.value(cell, OBEU_CURRENCY) == CNY
        kind = "economicClassification" if graph.value(table, BK.role) == BK.T6 else "functionalClassification"
        assert graph.value(cell, OBEU[kind]) == graph.value(cell, BK.row)
        assert graph.value(cell, OBEU_AMOUNT) == graph.value(cell, BK.amount)


def test_check_cube_reports_on_the_store_and_on_a_dump(store_dir, dumps, tmp_path):
    result = CliRunner().invoke(main, ["check-cube", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": pass") == 21 and "21 of 21 constraints hold" in result.stderr
    broken = tmp_path / "broken.nq"
    structure = "<http://purl.org/linked-data/cube#structure>"
    broken.write_text("".join(line for line in (dumps / "all.nq").open(encoding="utf-8") if structure not in line), encoding="utf-8")
    result = CliRunner().invoke(main, ["check-cube", str(broken)])
    assert result.exit_code == 1
    failing = {line.split(":")[0] for line in result.stdout.splitlines() if "FAIL" in line}
    assert "IC-2" in failing


def test_a_year_without_a_code_list_has_an_uncoded_row_dimension(disclosure):
    """budgetkg has no code list for 2016 or before: the rows' codes are not claimed to come from one."""
    early = dataclasses.replace(disclosure(ZHUZHOU), year=2016)
    graph = disclosure_graph(early, BASE)[1] + ontology_graph() + code_list_graph(BASE)
    row = URIRef(f"{BASE}structure/dimension/function-2016")
    assert graph.value(row, QB.codeList) is None and graph.value(row, RDFS.range) == RDFS.Resource
    assert any(graph.subjects(row, None))
    store = graph_of([ox.Triple(*(_term(t) for t in triple)) for triple in graph])
    assert _failing(store) == {}
