"""Faults injected on purpose: a proxy on 127.0.0.1 in front of a live Oxigraph server that
answers 500, stalls or drops the connection at the Nth chunk; commands sharing one store; a
query endpoint that is down. Every case ends with the server (or the store) holding the old or
the new graph, whole, and a failure is one line with exit 2."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.cli import main
from budgetkg.demo.run import BUNDLED
from budgetkg.queries import run_on_endpoint
from budgetkg.store import Store
from budgetkg.validate.report import validation_iri

from test_publish import _free_port, server  # noqa: F401  (the live Oxigraph server fixture)

BUDGETKG = str(Path(sys.executable).parent / "budgetkg")
BASE = "https://w3id.org/budgetkg/id/"
MARKER = "<urn:old> <urn:says> \"the server's previous graph\" .\n"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("faults") / "store"
    result = CliRunner().invoke(main, ["load", str(BUNDLED / "00-2024.txt"), "--store", str(directory)])
    assert result.exit_code == 0, result.stderr
    return directory


class Proxy:
    """Forwards to the server; `fault(n)` says what to do with the nth request carrying triples
    (every request with `every=True`), counted from 1: None (forward), "500", "stall" or "drop"."""

    def __init__(self, upstream: str, fault, every: bool = False):
        self.upstream, self.fault, self.every, self.chunks = upstream, fault, every, 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                action = None
                triples = b"INSERT DATA" in body or self.headers.get("Content-Type") == "application/n-triples" and body
                if triples or proxy.every:
                    proxy.chunks += 1
                    action = proxy.fault(proxy.chunks)
                if action == "drop":
                    self.close_connection = True
                    return
                if action == "stall":
                    time.sleep(3)
                if action == "500":
                    self.send_response(500)
                    self.send_header("Content-Length", "12")
                    self.end_headers()
                    self.wfile.write(b"injected 500")
                    return
                self._forward(body)

            def _forward(self, body):
                request = urllib.request.Request(proxy.upstream + self.path, data=body or None, method=self.command)
                for name in ("Content-Type", "Authorization", "Accept"):
                    if self.headers.get(name):
                        request.add_header(name, self.headers[name])
                try:
                    with urllib.request.urlopen(request, timeout=30) as answer:
                        status, headers, data = answer.status, answer.headers, answer.read()
                except urllib.error.HTTPError as error:
                    status, headers, data = error.code, error.headers, error.read()
                self.send_response(status)
                if headers.get("WWW-Authenticate"):
                    self.send_header("WWW-Authenticate", headers["WWW-Authenticate"])
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _any

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self):
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def proxy(server):  # noqa: F811
    made = []

    def make(fault, every=False):
        made.append(Proxy(server, fault, every))
        return made[-1]

    yield make
    for each in made:
        each.close()


def _disclosure(store_dir) -> str:
    with Store(store_dir, read_only=True) as store:
        return store.disclosure_graphs()[0]


def _seed(server, graph: str) -> None:  # noqa: F811
    """The server's previous graph: one marker triple."""
    url = f"{server}/store?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, data=MARKER.encode(), method="PUT", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(request, timeout=10).read()


def _graphs(server) -> dict[str, int]:  # noqa: F811
    _, rows = run_on_endpoint(f"{server}/query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {g: int(n) for g, n in rows}


def _publish(store_dir, url, *options):
    return CliRunner().invoke(main, ["publish", "--endpoint", url, "--store", str(store_dir), *options])


def _one_line_exit_2(result, *words):
    assert result.exit_code == 2, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("budgetkg: error: ") and "Traceback" not in result.stderr
    for word in words:
        assert word in line, line


ROUTES = {"update": ("/update", ["--protocol", "update"]),
          "gsp-staged": ("/store", ["--update-endpoint", "{proxy}/update"])}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_500_on_the_third_chunk_leaves_the_previous_graph_whole(store_dir, server, proxy, route):  # noqa: F811
    graph = _disclosure(store_dir)
    _seed(server, graph)
    faulty = proxy(lambda n: "500" if n >= 3 else None)
    path, options = ROUTES[route]
    options = [o.format(proxy=faulty.url) for o in options]
    result = _publish(store_dir, faulty.url + path, "--chunk", "1000", "--retries", "1", *options)
    _one_line_exit_2(result, f"<{graph}>", "500", "as it was", "after 2 tries")
    assert _graphs(server) == {graph: 1}  # the marker alone: no half graph, no staging graph left


def test_a_passing_fault_is_retried_and_the_graphs_arrive_whole(store_dir, server, proxy):  # noqa: F811
    graph = _disclosure(store_dir)
    _seed(server, graph)
    faults = {3: "500", 5: "drop"}  # the DROP of the staging graph, chunks, 2 retries, the MOVE
    faulty = proxy(lambda n: faults.get(n))
    result = _publish(store_dir, faulty.url + "/update", "--protocol", "update")
    assert result.exit_code == 0, result.stderr
    with Store(store_dir, read_only=True) as store:
        triples = len(store.quads_of(graph))
        requests = 1 + -(-triples // 1000) + 2 + 1  # DROP, the chunks of 1,000, the 2 retries, MOVE
        assert f"published <{graph}>: {triples} triples in {requests} requests, 2 retried" in result.stderr
        assert _graphs(server) == {g: len(store.quads_of(g)) for g in store.named_graphs()}


def test_a_stalled_server_times_out_and_keeps_its_graph(store_dir, server, proxy):  # noqa: F811
    graph = _disclosure(store_dir)
    _seed(server, graph)
    faulty = proxy(lambda n: "stall")
    result = _publish(store_dir, faulty.url + "/store", "--timeout", "0.5", "--retries", "0")
    _one_line_exit_2(result, f"<{graph}>", "no answer within 0.5 s")
    time.sleep(3)  # the stalled request reaches the server late: one PUT, the graph whole
    with Store(store_dir, read_only=True) as store:
        assert _graphs(server)[graph] in (1, len(store.quads_of(graph)))


def test_a_graph_larger_than_a_chunk_needs_the_update_endpoint_for_gsp(store_dir, server):  # noqa: F811
    graph = _disclosure(store_dir)
    _seed(server, graph)
    result = _publish(store_dir, server + "/store", "--chunk", "1000")
    _one_line_exit_2(result, f"<{graph}>", "--update-endpoint")
    assert _graphs(server) == {graph: 1}


def test_query_endpoint_down_or_failing_is_one_line(proxy):
    down = CliRunner().invoke(main, ["query", "sangong-rises", "--endpoint", f"http://127.0.0.1:{_free_port()}/query"])
    _one_line_exit_2(down, "127.0.0.1", "[endpoint-failed]")
    failing = proxy(lambda n: "500", every=True)
    answer = CliRunner().invoke(main, ["query", "sangong-rises", "--endpoint", failing.url + "/query"])
    _one_line_exit_2(answer, failing.url, "500", "[endpoint-failed]")


# Commands sharing one store


def _run(*arguments, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([BUDGETKG, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


@pytest.fixture
def own_store(tmp_path) -> Path:
    directory = tmp_path / "store"
    result = CliRunner().invoke(main, ["load", str(BUNDLED / "00-2024.txt"), "--store", str(directory)])
    assert result.exit_code == 0, result.stderr
    return directory


def test_three_readers_beside_a_writer(own_store):
    store_dir = own_store
    query = ["query", "sangong-by-unit-year", "--store", str(store_dir), "--format", "csv"]
    before = subprocess.run([BUDGETKG, *query], capture_output=True, text=True, check=True).stdout
    more = [str(p) for p in sorted(BUNDLED.glob("0[12]-2024.txt"))]
    writer = _run("load", *more, "--store", str(store_dir))
    for line in writer.stderr:  # the writer holds the store once it says what it loads
        if line.startswith("loading <"):
            break
    readers = [_run(*query) for _ in range(3)]
    validator = _run("validate", str(BUNDLED / "00-2025.txt"), "--store", str(store_dir), "--format", "json")
    outputs = [reader.communicate(timeout=300) for reader in readers]
    validated = validator.communicate(timeout=300)
    writer.communicate(timeout=300)
    assert writer.returncode == 0
    after = subprocess.run([BUDGETKG, *query], capture_output=True, text=True, check=True).stdout
    assert len(after.splitlines()) == len(before.splitlines()) + 2  # the two new units' rows
    for reader, (stdout, stderr) in zip(readers, outputs):
        assert reader.returncode == 0, stderr
        assert stdout in (before, after)  # the store as it was, or as it is: never half a load
    assert validator.returncode in (0, 1), validated[1]


def test_a_second_writer_says_who_holds_the_store(own_store):
    store_dir = own_store
    with Store(store_dir) as holder:
        started = time.monotonic()
        second = subprocess.run([BUDGETKG, "load", str(BUNDLED / "00-2025.txt"), "--store", str(store_dir)],
                                capture_output=True, text=True, timeout=120)
        waited = time.monotonic() - started
        reader = subprocess.run([BUDGETKG, "query", "sangong-by-unit-year", "--store", str(store_dir)],
                                capture_output=True, text=True, timeout=120)
        assert len(holder.disclosure_graphs()) >= 1
    assert second.returncode == 2
    assert f"store in use by process {os.getpid()}" in second.stderr and "[store-busy]" in second.stderr
    assert "Traceback" not in second.stderr and second.stderr.count("\n") == 1
    assert waited >= 5  # it waited for the holder before giving up
    assert reader.returncode == 0, reader.stderr


# A load killed part-way


class _CrashingSecondUpdate:
    """The store's pyoxigraph Store, dying (as in a crash) on its second update."""

    def __init__(self, real):
        self.real, self.updates = real, 0

    def update(self, *args, **kwargs):
        self.updates += 1
        if self.updates == 2:
            raise KeyboardInterrupt("killed")
        return self.real.update(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_the_reference_and_shapes_graphs_are_written_together(tmp_path):
    with Store(tmp_path / "store") as store:
        real = store._store
        store._store = _CrashingSecondUpdate(real)
        try:
            store.ensure_reference()
        except KeyboardInterrupt:
            pass
        store._store = real
        del real  # the last reference: closing the store releases it
    with Store(tmp_path / "store") as store:
        store.ensure_reference()
        graphs = set(store.named_graphs())
        assert {g for g in graphs if g.endswith(("graph/reference", "graph/shapes"))} and len(graphs) == 2
        assert all(len(store.quads_of(g)) > 100 for g in graphs)


def _counts(store_dir: Path) -> dict[str, int]:
    with Store(store_dir, read_only=True) as store:
        return {g: len(store.quads_of(g)) for g in store.named_graphs()}


KILLED_LOAD = [str(BUNDLED / "00-2024.txt"), str(BUNDLED / "00-2025.txt")]


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict[str, int]:
    """The triples of each graph after a load that was not interrupted."""
    clean = tmp_path_factory.mktemp("clean") / "store"
    assert subprocess.run([BUDGETKG, "load", *KILLED_LOAD, "--store", str(clean)], capture_output=True).returncode == 0
    return _counts(clean)


@pytest.mark.parametrize("delay", [0.0, 1.5])
def test_a_load_killed_part_way_leaves_whole_graphs(tmp_path, whole, delay):
    killed = tmp_path / "killed"
    writer = _run("load", *KILLED_LOAD, "--store", str(killed))
    for line in writer.stderr:
        if line.startswith("loading <"):
            break
    time.sleep(delay)
    writer.kill()
    writer.wait()
    if (killed / "CURRENT").is_file():
        marked = {str(validation_iri(d)) for d in _pending(killed)}
        for graph, count in _counts(killed).items():
            if graph not in marked:  # a validation graph that says its results are still to come
                assert count == whole[graph], graph  # a graph is there whole, or not at all
    again = subprocess.run([BUDGETKG, "load", *KILLED_LOAD, "--store", str(killed)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert _counts(killed) == whole


def _pending(store_dir: Path) -> list[str]:
    with Store(store_dir, read_only=True) as store:
        return store.pending_validations()


_KILLED_BEFORE_RESULTS = """
import os, signal, sys
import budgetkg.cli as cli
cli.record_results = lambda *arguments: os.kill(os.getpid(), signal.SIGKILL)
sys.argv = ["budgetkg", "load", *sys.argv[1:]]
cli.main()
"""


def test_a_load_killed_before_its_results_leaves_them_pending(tmp_path, whole):
    killed = tmp_path / "killed"
    died = subprocess.run([sys.executable, "-c", _KILLED_BEFORE_RESULTS, *KILLED_LOAD, "--store", str(killed)],
                          capture_output=True, text=True, timeout=300)
    assert died.returncode == -9, died.stderr  # killed between storing the data and storing its results
    disclosures = sorted(g for g in whole if "/disclosure/" in g and not g.endswith("/validation"))
    assert len(disclosures) == 2 and _pending(killed) == disclosures
    counts = _counts(killed)
    assert all(counts[d] == whole[d] for d in disclosures)  # the data whole, and marked
    assert all(counts[str(validation_iri(d))] == 1 for d in disclosures)  # the mark, no results
    for reader in (["query", "violations-by-rule-family"], ["export", str(tmp_path / "dumps")]):
        read = subprocess.run([BUDGETKG, *reader, "--store", str(killed)], capture_output=True, text=True, timeout=300)
        assert read.returncode == 0, read.stderr
        for disclosure in disclosures:
            assert f"validation of <{disclosure}> was interrupted" in read.stderr and "run budgetkg load again" in read.stderr
    _assert_served_as_interrupted(killed, disclosures, True)
    again = subprocess.run([BUDGETKG, "load", str(BUNDLED / "01-2024.txt"), "--store", str(killed)],
                           capture_output=True, text=True, timeout=300)  # another unit's file: the next load
    assert again.returncode == 0, again.stderr
    assert all(f"validation of <{d}> was interrupted: validating it again" in again.stderr for d in disclosures)
    assert _pending(killed) == []
    counts = _counts(killed)
    for graph in disclosures + [str(validation_iri(d)) for d in disclosures]:
        assert counts[graph] == whole[graph], graph  # the results as an uninterrupted load writes them
    _assert_served_as_interrupted(killed, disclosures, False)


INTERRUPTED = "校验被中断"


def _assert_served_as_interrupted(store_dir: Path, disclosures: list[str], interrupted: bool) -> None:
    from starlette.testclient import TestClient

    from budgetkg.serve import ReadOnlyStore, create_app

    client = TestClient(create_app(ReadOnlyStore(store_dir, BASE)))
    for disclosure in disclosures:
        page = client.get("/page/" + urllib.parse.quote(disclosure.removeprefix(BASE), safe="/~")).text
        assert (INTERRUPTED in page) is interrupted
        assert not interrupted or "无检查结果" not in page  # never "no findings" while they are missing
