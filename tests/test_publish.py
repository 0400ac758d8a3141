"""Publication: the store sent to a live Oxigraph server (Graph Store Protocol and SPARQL Update),
the named queries answered alike by the server and the embedded store; dumps with their DCAT/VoID
catalogue."""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from budgetkg.cli import main
from budgetkg.demo.run import BUNDLED
from budgetkg.publish import check_catalogue
from budgetkg.queries import named_queries, run_on_endpoint, run_on_store
from budgetkg.store import Store

from conftest import ZHUZHOU, corpus_path

SERIES = sorted(BUNDLED.glob("0[01]-*.txt"))  # two departments, three years each
SPDX = Namespace("http://spdx.org/rdf/terms#")
BK = "https://w3id.org/budgetkg/ontology#"
MATERIALISED = {URIRef(iri) for iri in (
    BK + "organization", BK + "fiscalPeriod", BK + "budgetPhase", BK + "currency",
    *(f"http://data.openbudgets.eu/ontology/dsd/{name}" for name in (
        "dimension/organization", "dimension/fiscalYear", "dimension/budgetPhase", "dimension/functionalClassification",
        "dimension/economicClassification", "measure/amount", "attribute/currency")),
    *(f"http://purl.org/linked-data/sdmx/2009/attribute#{name}" for name in ("unitMeasure", "decimals")),
    )}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """The demo series, a demo disclosure without its 公开08表, and a real disclosure with real findings."""
    directory = tmp_path_factory.mktemp("store")
    text = (BUNDLED / "02-2024.txt").read_text(encoding="utf-8")
    start, end = text.index("政府性基金预算财政拨款收入支出决算表"), text.index("国有资本经营预算财政拨款支出决算表")
    without_t8 = directory.parent / "02-2024-without-t8.txt"
    without_t8.write_text(text[:start] + text[end:], encoding="utf-8")
    files = [*map(str, SERIES), str(without_t8), str(corpus_path(ZHUZHOU))]
    result = CliRunner().invoke(main, ["load", *files, "--store", str(directory)])
    assert result.exit_code == 0, result.stderr
    return directory


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """An Oxigraph server on loopback, querying the union of its graphs, stopped after the test."""
    executable = shutil.which("oxigraph")
    if executable is None:
        pytest.fail("the oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    process = subprocess.Popen([executable, "serve", "--location", str(tmp_path / "server"),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve stopped: {process.stderr.read().decode()}")
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("oxigraph serve did not answer within 10 s")


def _server_quads(url: str) -> int:
    _, rows = run_on_endpoint(f"{url}/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(rows[0][0])


@pytest.mark.parametrize("protocol, path", [("gsp", "/store"), ("update", "/update")])
def test_every_named_query_answers_alike_from_the_server_and_the_store(store_dir, server, protocol, path):
    result = CliRunner().invoke(main, ["publish", "--endpoint", server + path, "--protocol", protocol,
                                       "--store", str(store_dir)])
    assert result.exit_code == 0, result.stderr
    with Store(store_dir) as store:
        assert _server_quads(server) == store.quad_count()
        graphs = len(store.named_graphs())
        assert f"published {graphs} graphs, {store.quad_count()} triples" in result.stderr
        for named in named_queries():
            sparql = named.bind({})
            embedded = run_on_store(store, sparql)
            remote = run_on_endpoint(f"{server}/query", sparql)
            assert remote[0] == embedded[0], named.name
            assert sorted(remote[1]) == sorted(embedded[1]), named.name
            assert embedded[1], named.name


def test_publishing_again_replaces_the_graphs(store_dir, server):
    for _ in range(2):
        result = CliRunner().invoke(main, ["publish", "--endpoint", server + "/store", "--store", str(store_dir)])
        assert result.exit_code == 0, result.stderr
    with Store(store_dir) as store:
        assert _server_quads(server) == store.quad_count()


def test_an_unreachable_server_is_reported(store_dir):
    result = CliRunner().invoke(main, ["publish", "--endpoint", f"http://127.0.0.1:{_free_port()}/store",
                                       "--store", str(store_dir)])
    assert result.exit_code == 2
    assert "[publish-failed]" in result.stderr


@pytest.fixture(scope="module")
def exported(store_dir, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("export") / "dumps"
    result = CliRunner().invoke(main, ["export", str(directory), "--store", str(store_dir),
                                       "--sparql-endpoint", "http://127.0.0.1:7878/query"])
    assert result.exit_code == 0, result.stderr
    return directory


def test_the_dump_reloads_as_the_store_with_the_data_cube_values_materialised(store_dir, exported):
    """Each graph of the dump is the store's graph plus what budgetkg.cube.publish adds: values
    of components attached to a table repeated on its cells, and component values under their
    superproperties (tests/test_cube.py checks what they are)."""
    dump = Dataset()
    dump.parse(exported / "all.nq", format="nquads")
    with Store(store_dir) as store:
        names = store.named_graphs()
        assert sorted(str(g.identifier) for g in dump.graphs() if len(g)) == names
        for name in names:
            stored = Graph().parse(data=store.graph_ntriples(name).decode(), format="nt")
            dumped = dump.graph(name)
            added = {p for s, p, o in dumped if (s, p, o) not in stored and not isinstance(s, BNode) and not isinstance(o, BNode)}
            assert added <= MATERIALISED, name
            without = Graph()
            for triple in dumped:
                if triple[1] not in MATERIALISED or triple in stored:
                    without.add(triple)
            assert isomorphic(without, stored), name


def test_each_dataset_dump_holds_what_the_catalogue_counts(exported):
    catalogue = Graph().parse(exported / "catalog.ttl")
    datasets = set(catalogue.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(SERIES) + 2 + 2  # one per disclosure, the reference data, the whole
    for dataset in datasets:
        counted = int(catalogue.value(dataset, VOID.triples))
        for dump in catalogue.objects(dataset, VOID.dataDump):
            path = Path(urllib.request.url2pathname(str(dump).removeprefix("file://")))
            if path.suffix == ".ttl":
                assert len(Graph().parse(path, format="turtle")) == counted, path.name
            elif path.suffix in (".nq", ".jsonld"):
                loaded = Dataset()
                loaded.parse(path, format="nquads" if path.suffix == ".nq" else "json-ld")
                assert sum(len(g) for g in loaded.graphs()) == counted, path.name


def test_the_catalogue_passes_its_shapes_and_a_wrong_count_does_not(exported):
    catalogue = Graph().parse(exported / "catalog.ttl")
    assert check_catalogue(catalogue)[0]
    whole = next(catalogue.subjects(VOID.subset, None))
    assert catalogue.value(whole, VOID.sparqlEndpoint) is not None
    counted = catalogue.value(whole, VOID.triples)
    catalogue.set((whole, VOID.triples, type(counted)(int(counted) + 1)))
    conforms, text = check_catalogue(catalogue)
    assert not conforms and "not the sum of its subsets" in text
    part = next(catalogue.objects(whole, VOID.subset))
    catalogue.remove((part, VOID.triples, None))
    text = check_catalogue(catalogue)[1]
    assert "MinCountConstraintComponent" in text and "triples" in text


def test_the_catalogue_names_licence_publisher_and_each_source_document(exported):
    catalogue = Graph().parse(exported / "catalog.ttl")
    licence = URIRef("https://creativecommons.org/licenses/by/4.0/")
    datasets = set(catalogue.subjects(RDF.type, DCAT.Dataset))
    assert {catalogue.value(d, DCTERMS.license) for d in datasets} == {licence}
    assert {str(catalogue.value(catalogue.value(d, DCTERMS.publisher), FOAF.name)) for d in datasets} == {"budgetkg"}
    real = corpus_path(ZHUZHOU)
    sha256 = hashlib.sha256(real.read_bytes()).hexdigest()
    document = URIRef(f"https://w3id.org/budgetkg/id/file/{sha256}")
    citing = set(catalogue.subjects(DCTERMS.source, document))
    assert len(citing) == 1 and (next(iter(citing)), VOID.rootResource, None) in catalogue
    assert str(catalogue.value(document, DCTERMS.title)) == real.name
    assert str(catalogue.value(catalogue.value(document, SPDX.checksum), SPDX.checksumValue)) == sha256
    sources = {catalogue.value(d, VOID.rootResource): set(catalogue.objects(d, DCTERMS.source)) for d in datasets}
    assert all(sources[root] for root in sources if root is not None)


def test_the_publication_shapes_want_licence_publisher_and_sources(exported):
    catalogue = Graph().parse(exported / "catalog.ttl")
    broken = Graph() + catalogue
    broken.remove((None, DCTERMS.license, None))
    assert "license" in check_catalogue(broken)[1]
    broken = Graph() + catalogue
    broken.remove((None, DCTERMS.source, None))
    assert "source" in check_catalogue(broken)[1]
    broken = Graph() + catalogue
    checksum = next(broken.subjects(RDF.type, SPDX.Checksum))
    broken.set((checksum, SPDX.checksumValue, Literal("not-a-digest", datatype=XSD.hexBinary)))
    assert not check_catalogue(broken)[0]


def test_the_licence_and_publisher_are_configurable(store_dir, tmp_path):
    directory = tmp_path / "dumps"
    result = CliRunner().invoke(main, ["export", str(directory), "--store", str(store_dir), "--license",
                                       "https://creativecommons.org/publicdomain/zero/1.0/", "--publisher", "某区财政局"])
    assert result.exit_code == 0, result.stderr
    catalogue = Graph().parse(directory / "catalog.ttl")
    assert set(catalogue.objects(None, DCTERMS.license)) == {URIRef("https://creativecommons.org/publicdomain/zero/1.0/")}
    assert {str(n) for n in catalogue.objects(None, FOAF.name)} == {"某区财政局"}
