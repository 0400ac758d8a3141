"""`budgetkg serve`: dereferenceable IRIs with content negotiation, the pages, the SPARQL
endpoint and its limits, the named query pages with their chart (Starlette's TestClient, no
port); then the real server on a free loopback port, asked by SPARQLWrapper and by headless
Chromium."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from starlette.testclient import TestClient

from budgetkg.cli import main
from budgetkg.demo.run import BUNDLED
from budgetkg.queries import named_queries, run_on_endpoint, run_on_store
from budgetkg.serve import ReadOnlyStore, create_app, preferred
from budgetkg.serve import app as app_module
from budgetkg.serve.chart import line_chart, series_of
from budgetkg.vocab import BK

from conftest import ZHUZHOU, corpus_path

BASE = "https://w3id.org/budgetkg/id/"
DEMO = sorted(BUNDLED.glob("0[01]-20[0-9][0-9].txt"))  # two departments, three years of 决算 each
ZHUZHOU_DISCLOSURE = f"{BASE}disclosure/中共株洲市石峰区委办公室/2020/final-accounts-department"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("serve-store")
    result = CliRunner().invoke(main, ["load", *map(str, DEMO), str(corpus_path(ZHUZHOU)), "--store", str(directory)])
    assert result.exit_code == 0, result.stderr
    return directory


@pytest.fixture(scope="module")
def store(store_dir):
    return ReadOnlyStore(store_dir, BASE)


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(store))


def _path(iri: str) -> str:
    return urllib.parse.quote(iri.removeprefix(BASE), safe="/~")


def _rows(store, sparql: str) -> list[dict[str, str]]:
    return store.rows(sparql)


# --- Content negotiation ----------------------------------------------------------------------------

@pytest.mark.parametrize("accept, chosen", [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json"),
    ("*/*", "text/html"),
    (None, "text/html"),
    ("text/*;q=0.5, application/n-triples", "application/n-triples"),
    ("image/png", None),
])
def test_the_accept_header_chooses_the_format(accept, chosen):
    offered = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
    assert preferred(accept, offered) == chosen


@pytest.mark.parametrize("accept, suffix", [("text/turtle", ".ttl"), ("application/ld+json", ".jsonld"),
                                            ("application/n-triples", ".nt")])
def test_an_iri_answers_303_to_its_description_for_a_client(client, accept, suffix):
    response = client.get(f"/id/{_path(ZHUZHOU_DISCLOSURE)}", headers={"Accept": accept}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/data/{_path(ZHUZHOU_DISCLOSURE)}{suffix}"
    assert "Accept" in response.headers["vary"]
    document = client.get(response.headers["location"])
    assert document.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=document.text, format={".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}[suffix])
    subject = URIRef(ZHUZHOU_DISCLOSURE)
    assert (subject, RDF.type, BK.Disclosure) in graph
    assert len(list(graph.objects(subject, BK.table))) == 9


def test_an_iri_answers_303_to_its_page_for_a_browser(client):
    response = client.get(f"/id/{_path(ZHUZHOU_DISCLOSURE)}", headers={"Accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/page/{_path(ZHUZHOU_DISCLOSURE)}"


def test_unknown_iris_are_404_and_unacceptable_formats_406(client):
    assert client.get("/id/disclosure/no-such-unit/2020/final-accounts-department").status_code == 404
    assert client.get("/page/org/no-such-unit").status_code == 404
    assert client.get(f"/data/{_path(ZHUZHOU_DISCLOSURE)}.xml").status_code == 404
    assert client.get(f"/id/{_path(ZHUZHOU_DISCLOSURE)}", headers={"Accept": "image/png"}).status_code == 406


# --- Pages ---------------------------------------------------------------------------------------------

def test_the_organisation_page_lists_its_disclosures_by_year_with_key_figures(client, store):
    organisation = next(o for o in store.rows("SELECT DISTINCT ?o WHERE { ?d a bk:Disclosure ; bk:organization ?o }")
                        if "某区" in urllib.parse.unquote(o["o"]))["o"]
    expected = store.rows(f"""SELECT ?year ?income WHERE {{ ?d bk:organization <{organisation}> ; bk:fiscalYear ?year ;
        bk:kind bk:FinalAccounts ; bk:table ?t . ?t bk:role bk:T1 . ?c qb:dataSet ?t ; bk:row bkm:total-income ; bk:amount ?income }} ORDER BY DESC(?year)""")
    page = client.get(f"/page/{_path(organisation)}")
    assert page.status_code == 200 and "历年公开文件" in page.text
    rows = re.findall(r"<tr>\s*<td>(\d{4})</td>.*?</td>\s*<td>决算</td>\s*<td class=\"amount\">([\d.]*)</td>", page.text, re.S)
    assert [(r["year"], r["income"]) for r in expected] == rows
    assert len(rows) == 3
    for link in set(re.findall(r'href="(/page/disclosure/[^"#]+)"', page.text)):
        assert client.get(link).status_code == 200


def test_the_disclosure_page_shows_its_tables_and_findings_with_evidence(client, store):
    page = client.get(f"/page/{_path(ZHUZHOU_DISCLOSURE)}")
    assert page.status_code == 200
    assert len(re.findall(r'<h3 id="T\d">', page.text)) == 9
    found = store.rows(f"""SELECT ?rule ?value WHERE {{ GRAPH <{ZHUZHOU_DISCLOSURE}/validation> {{
        ?r bk:ruleId ?rule ; sh:resultSeverity sh:Violation ; sh:value ?value }} }}""")
    assert found
    for finding in found:
        assert f'<td class="rule">{finding["rule"]}</td>' in page.text
        assert f'href="/page/{_path(finding["value"])}"' in page.text
    cells = store.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ZHUZHOU_DISCLOSURE}> {{ ?c a bk:Observation }} }}")[0]["n"]
    links = re.findall(r'<td class="(?:amount|blank)[^"]*"><a href="(/page/[^"]+)"', page.text)
    assert len(links) == int(cells)
    assert "shifeng-quweiban-2020-juesuan.txt" in page.text


def test_the_observation_page_gives_value_source_and_findings(client, store):
    finding = store.rows(f"""SELECT ?value ?rule WHERE {{ GRAPH <{ZHUZHOU_DISCLOSURE}/validation> {{
        ?r bk:ruleId ?rule ; sh:value ?value }} ?value a bk:Observation ; bk:amount ?amount }} LIMIT 1""")[0]
    cell = store.rows(f"""SELECT ?amount ?decimals ?text ?line WHERE {{ <{finding['value']}> bk:amount ?amount ; bk:decimals ?decimals ;
        prov:wasDerivedFrom ?s . ?s bk:text ?text . OPTIONAL {{ ?s bk:line ?line }} }}""")[0]
    page = client.get(f"/page/{_path(finding['value'])}")
    assert page.status_code == 200
    assert f"{Decimal(cell['amount']):.{int(cell['decimals'])}f} 万元" in page.text
    assert f"<td>{cell['text']}</td>" in page.text
    assert f"<td>{cell['line']}</td>" in page.text  # a text file: the line number
    assert finding["rule"] in page.text


def test_the_observation_page_lists_the_claims_citing_it(client, store):
    cited = store.rows(f"""SELECT ?o ?text WHERE {{ GRAPH <{ZHUZHOU_DISCLOSURE}> {{ ?c bk:observation ?o ;
        prov:wasDerivedFrom/bk:text ?text }} }} LIMIT 1""")[0]
    page = client.get(f"/page/{_path(cited['o'])}")
    assert "引用此数值的说明陈述" in page.text
    assert cited["text"].replace('"', "&#34;")[:20] in page.text


def test_any_other_resource_has_a_page(client):
    table = f"{ZHUZHOU_DISCLOSURE}/T7"
    page = client.get(f"/page/{_path(table)}")
    assert page.status_code == 200 and "bk:role" in page.text and "qb:DataSet" in page.text


# --- SPARQL endpoint ------------------------------------------------------------------------------------

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/budgetkg/ontology#Disclosure> }"


def test_the_sparql_endpoint_answers_get_and_both_posts_alike(client):
    json = "application/sparql-results+json"
    answers = [client.get("/sparql", params={"query": COUNT}, headers={"Accept": json}),
               client.post("/sparql", data={"query": COUNT}, headers={"Accept": json}),
               client.post("/sparql", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query", "Accept": json})]
    for answer in answers:
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(json)
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == str(len(DEMO) + 1)
    csv = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert csv.text.splitlines() == ["n", str(len(DEMO) + 1)]
    construct = client.get("/sparql", params={"query": f"CONSTRUCT {{ <{ZHUZHOU_DISCLOSURE}> ?p ?o }} WHERE {{ <{ZHUZHOU_DISCLOSURE}> ?p ?o }}"},
                           headers={"Accept": "text/turtle"})
    assert (URIRef(ZHUZHOU_DISCLOSURE), RDF.type, BK.Disclosure) in Graph().parse(data=construct.text, format="turtle")
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_the_sparql_endpoint_is_read_only_and_limited(client, monkeypatch):
    assert client.post("/sparql", data={"update": "DROP ALL"}).status_code == 400
    assert client.post("/sparql", content=b"DROP ALL", headers={"Content-Type": "application/sparql-query"}).status_code == 400
    assert client.get("/sparql", params={"query": COUNT}).status_code == 200  # the store is still there
    assert client.get("/sparql", params={"query": "SELECT * WHERE { " + "?s ?p ?o . " * 3000 + "}"}).status_code == 413
    assert client.get("/sparql", params={"query": "SELECT WHERE"}).status_code == 400
    monkeypatch.setattr(app_module, "MAX_RESULT_ROWS", 10)
    assert client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 11"}).status_code == 413
    assert client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}).status_code == 200
    monkeypatch.setattr(app_module, "QUERY_SECONDS", 0.05)
    slow = app_module._answer
    monkeypatch.setattr(app_module, "_answer", lambda *args: (time.sleep(0.5), slow(*args))[1])
    assert client.get("/sparql", params={"query": COUNT}).status_code == 503


# --- Named queries and the chart --------------------------------------------------------------------------

def test_a_named_query_page_has_its_form_table_and_chart(client, store):
    named = next(q for q in named_queries() if q.name == "sangong-by-unit-year")
    variables, rows = run_on_store(store, named.bind({}))
    page = client.get("/queries/sangong-by-unit-year")
    assert page.status_code == 200 and "“三公”经费预算数与决算数" in page.text
    assert {f'name="{p.name}"' for p in named.parameters} <= set(re.findall(r'name="\w+"', page.text))
    assert f"共 {len(rows)} 行" in page.text
    units = {row[variables.index("unitName")] for row in rows}
    assert len(re.findall(r'<polyline class="series"', page.text)) == len(units)
    one = sorted(units)[0]
    only = client.get("/queries/sangong-by-unit-year", params={"unit": one})
    assert len(re.findall(r'<polyline class="series"', only.text)) == 1
    assert f"共 {len([r for r in rows if r[variables.index('unitName')] == one])} 行" in only.text
    assert "查询失败" in client.get("/queries/sangong-by-unit-year", params={"year": "二〇二四"}).text
    assert client.get("/queries/no-such-query").status_code == 404


def test_the_chart_draws_one_line_per_series_over_the_years():
    variables = ["unitName", "fiscalYear", "actual"]
    rows = [["甲", "2024", "10.5"], ["甲", "2025", "12"], ["乙", "2024", "3"], ["乙", "2025", ""], ["乙", "2026", "4"]]
    series = series_of(variables, rows, "actual")
    assert [(s.name, s.points) for s in series] == [("甲", [(2024, Decimal("10.5")), (2025, Decimal("12"))]),
                                                     ("乙", [(2024, Decimal("3")), (2026, Decimal("4"))])]
    svg = line_chart(series, "测试")
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 4 and "2026" in svg
    assert line_chart([], "空") == "" and series_of(variables, rows, "budget") == []


# --- The real server ---------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def server(store_dir):
    """`budgetkg serve` on a free loopback port, stopped after the tests that use it."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", "from budgetkg.cli import main; main()", "serve",
                                "--store", str(store_dir), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise RuntimeError(f"budgetkg serve stopped: {process.stderr.read().decode()}")
            try:
                urllib.request.urlopen(url + "/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("budgetkg serve did not answer within 20 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_real_server_dereferences_and_answers_every_named_query_as_the_store(server, store):
    request = urllib.request.Request(f"{server}/id/{_path(ZHUZHOU_DISCLOSURE)}", headers={"Accept": "text/turtle"})
    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(_NoRedirect).open(request, timeout=10)
    assert redirect.value.code == 303
    with urllib.request.urlopen(request, timeout=10) as response:
        graph = Graph().parse(data=response.read().decode(), format="turtle")
    assert (URIRef(ZHUZHOU_DISCLOSURE), RDF.type, BK.Disclosure) in graph
    answered = 0
    for named in named_queries():
        sparql = named.bind({})
        embedded = run_on_store(store, sparql)
        remote = run_on_endpoint(f"{server}/sparql", sparql)
        assert remote[0] == embedded[0], named.name
        assert sorted(remote[1]) == sorted(embedded[1]), named.name
        answered += bool(embedded[1])
    assert answered >= len(named_queries()) - 2  # missing tables and findings may be empty on this store


def _chromium() -> str:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("headless Chromium is not installed (apt-get install chromium; .ci/run does)")
    return executable


def _rendered(url: str, tmp_path: Path) -> str:
    """The page's DOM after headless Chromium has loaded and laid it out."""
    result = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
                             "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    return result.stdout


def test_headless_chromium_renders_the_pages_and_the_chart(server, store, tmp_path):
    units = store.rows("SELECT DISTINCT ?o WHERE { ?d a bk:Disclosure ; bk:organization ?o }")
    dom = _rendered(f"{server}/queries/sangong-by-unit-year", tmp_path / "profile")
    assert re.search(r"<svg[^>]*class=\"chart\"", dom) and dom.count('class="series"') == len(units) == 3
    home = _rendered(f"{server}/", tmp_path / "profile")
    links = re.findall(r'href="(/page/org/[^"]+)"', home)
    assert len(links) == 3
    organisation = _rendered(server + links[0], tmp_path / "profile")
    assert "历年公开文件" in organisation
    for link in re.findall(r'href="(/page/disclosure/[^"#]+)"', organisation):
        with urllib.request.urlopen(server + link, timeout=30) as response:
            assert response.status == 200


def test_the_dumps_and_the_original_documents_are_offered(store, tmp_path):
    dumps = tmp_path / "dumps"
    (dumps / "datasets").mkdir(parents=True)
    (dumps / "catalog.ttl").write_text("# catalogue\n", encoding="utf-8")
    documents = corpus_path(ZHUZHOU).parents[1]
    client = TestClient(create_app(store, dumps, documents))
    assert client.get("/dumps/catalog.ttl").text == "# catalogue\n"
    page = client.get(f"/page/{_path(ZHUZHOU_DISCLOSURE)}").text
    link = re.search(r'class="original" href="(/source/[0-9a-f]{64})"', page).group(1)
    original = client.get(link)
    assert original.status_code == 200 and original.content == corpus_path(ZHUZHOU).read_bytes()
    assert client.get("/source/" + "0" * 64).status_code == 404
    assert client.get("/source/not-a-digest").status_code == 404
    assert 'class="original"' not in TestClient(create_app(store)).get(f"/page/{_path(ZHUZHOU_DISCLOSURE)}").text
