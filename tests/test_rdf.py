"""The RDF mapping of the corpus: structure, counts, codes, stable IRIs, output formats."""

import pytest
from click.testing import CliRunner
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS

from budgetkg.cli import main
from budgetkg.codelists import code_lists
from budgetkg.mapping import disclosure_graph
from budgetkg.structure import check_structure
from budgetkg.vocab import BK, BKM, ontology_graph

from conftest import CAIZHENGJU, FINAL_ACCOUNTS, SHEHUIGONGZUOBU, TEMPLATE, ZHUZHOU, corpus_path
from test_recognise_corpus import HAND_COUNTS

BASE = "https://example.org/bk/"


def _graph(disclosure, name):
    return disclosure_graph(disclosure(name), BASE)[1]


def _observations(graph):
    return set(graph.subjects(RDF.type, BK.Observation))


@pytest.mark.parametrize("name", FINAL_ACCOUNTS)
def test_structural_shapes_find_no_violation(disclosure, name):
    results = check_structure(_graph(disclosure, name), BASE)
    assert [r for r in results if r.severity == "Violation"] == []


def test_an_amount_without_its_half_step_is_a_structural_violation(disclosure):
    """The rules read a cell's amount and its half-step in two OPTIONALs: a graph from elsewhere
    that has the one without the other is refused before any rule runs."""
    graph = _graph(disclosure, ZHUZHOU)
    cell = next(s for s in _observations(graph) if (s, BK.amount, None) in graph)
    graph.remove((cell, BK.halfStep, None))
    results = [r for r in check_structure(graph, BASE) if r.severity == "Violation"]
    assert [r.focus for r in results] == [str(cell)]


def test_template_placeholder_rows_are_warned_not_dropped(disclosure):
    warnings = [r for r in check_structure(_graph(disclosure, TEMPLATE), BASE) if r.severity == "Warning"]
    graph = _graph(disclosure, TEMPLATE)
    unlisted = {s for s in graph.subjects(BK.row, BKM.unlisted)}
    assert {str(s) for s in unlisted} == {w.focus for w in warnings}
    assert {str(graph.value(s, BK.rowLabel)) for s in unlisted} == {"…"}
    assert len(unlisted) == 32


@pytest.mark.parametrize("name", FINAL_ACCOUNTS)
def test_one_observation_per_amount_cell(disclosure, name):
    d = disclosure(name)
    cells = sum(len(row.cells) for table in d.tables for row in table.rows)
    graph = _graph(disclosure, name)
    observations = _observations(graph)
    assert len(observations) == cells
    with_amount = {s for s in observations if graph.value(s, BK.amount) is not None}
    assert len(with_amount) == sum(HAND_COUNTS[name].values())


@pytest.mark.parametrize("name", FINAL_ACCOUNTS)
def test_every_code_resolves_in_the_scheme_of_its_year(disclosure, name):
    d = disclosure(name)
    graph = _graph(disclosure, name)
    for row in set(graph.objects(None, BK.row)):
        if str(row).startswith(f"{BASE}codes/"):
            kind, year, code = str(row)[len(BASE) + len("codes/"):].split("/")
            assert int(year) == d.year
            assert code in code_lists()[(kind, d.year)].names, row


def test_an_unknown_code_is_reported(disclosure):
    disclosure(ZHUZHOU)
    graph = _graph(disclosure, ZHUZHOU)
    cell = next(iter(graph.subjects(BK.rowLabel, None)))
    unknown = URIRef(f"{BASE}codes/function/2020/2019998")
    graph.set((cell, BK.row, unknown))
    violations = [r for r in check_structure(graph, BASE) if r.severity == "Violation"]
    assert [(r.focus, r.path) for r in violations] == [(str(cell), str(BK.row))]
    assert "代码表" in violations[0].message


def test_t1_class_rows_are_linked_to_the_class_code(disclosure):
    graph = _graph(disclosure, CAIZHENGJU)
    cell = URIRef(f"{BASE}disclosure/上海市普陀区财政局/2024/final-accounts-department/T1/expense/208/amount")
    assert graph.value(cell, BK.row) == URIRef(f"{BASE}codes/function/2024/208")
    assert str(graph.value(cell, BK.amount)) == "326.71"


def test_cell_provenance_names_file_page_box_and_text(disclosure):
    graph = _graph(disclosure, CAIZHENGJU)
    cell = URIRef(f"{BASE}disclosure/上海市普陀区财政局/2024/final-accounts-department/T2/2210203/fiscal-appropriation")
    span = graph.value(cell, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert int(graph.value(span, BK.page)) == 9
    assert str(graph.value(span, BK.text)) == "258.50"
    assert len(str(graph.value(span, BK.bbox)).split()) == 4
    source = graph.value(span, BK.sourceFile)
    assert str(graph.value(source, BK.sha256)).startswith("d45e923176f9fe4b")


def test_iris_are_stable_across_runs_and_years(disclosure):
    d = disclosure(SHEHUIGONGZUOBU)
    first = disclosure_graph(d, BASE)[1]
    second = disclosure_graph(d, BASE)[1]
    assert set(first) == set(second)
    orgs = {o for o in first.objects(None, BK.organization)}
    assert orgs == {URIRef(f"{BASE}org/中共上海市普陀区委社会工作部")}


def test_extract_writes_turtle_nquads_and_jsonld_that_read_back(tmp_path, disclosure):
    source = str(corpus_path(ZHUZHOU))
    graphs = {}
    for fmt, parse_format in (("ttl", "turtle"), ("nq", "nquads"), ("jsonld", "json-ld")):
        out = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(main, ["extract", source, "--format", fmt, "--base", BASE, "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        dataset = Dataset()
        dataset.parse(out, format=parse_format)
        graphs[fmt] = {quad[:3] for quad in dataset.quads()}
    assert graphs["ttl"] == graphs["nq"] == graphs["jsonld"]
    assert graphs["ttl"] == set(_graph(disclosure, ZHUZHOU))


def test_every_ontology_term_has_zh_and_en_labels_and_comments():
    graph = ontology_graph()
    ours = {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/budgetkg/")}
    assert len(ours) > 100
    for term in ours:
        for prop in (RDFS.label, RDFS.comment):
            languages = {getattr(o, "language", None) for o in graph.objects(term, prop)}
            assert {"zh", "en"} <= languages, (term, prop)
