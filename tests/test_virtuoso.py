"""Virtuoso, live: Debian's virtuoso-opensource started on 127.0.0.1 with its own database
directory and free ports; the store published by both protocols at the default settings (the
README's commands), then every named query answers with the same rows as the embedded store.

Outside CI the tests skip when `virtuoso-t` is not installed; in CI (CI=true) they must run
(.ci/run installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetkg.cli import main
from budgetkg.queries import find_query, named_queries, run_on_endpoint, run_on_store
from budgetkg.store import Store

from test_faults import Proxy
from test_publish import _free_port, store_dir  # noqa: F401  (the store the Oxigraph tests publish)

USER, PASSWORD = "dba", "dba"  # a new Virtuoso database's administrator

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 300
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """The base URL of a Virtuoso server on loopback with a new database, stopped after the tests."""
    executable = shutil.which("virtuoso-t")
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("virtuoso-t is not installed; .ci/run installs Debian's virtuoso-opensource")
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    directory = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = _free_port(), _free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(dir=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    process = subprocess.Popen([executable, "-f", "-c", str(ini)], cwd=directory,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_up(url, process, directory)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, process: subprocess.Popen, directory: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (directory / "virtuoso.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso-t stopped:\n{log}")
        try:
            urllib.request.urlopen(f"{url}/sparql?query={urllib.parse.quote('ASK {}')}", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("Virtuoso did not answer within 180 s")


def _our_quads(url: str, base: str) -> int:
    sparql = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{base}")) }}'
    return int(run_on_endpoint(f"{url}/sparql", sparql)[1][0][0])


# The README's commands (HOST being 127.0.0.1 and the port the one chosen here)
PUBLISH = {
    "gsp": ["--endpoint", "{url}/sparql-graph-crud-auth", "--graph-param", "graph-uri",
            "--user", USER, "--password", PASSWORD],
    "update": ["--endpoint", "{url}/sparql-auth", "--protocol", "update", "--user", USER, "--password", PASSWORD],
    "gsp-staged": ["--endpoint", "{url}/sparql-graph-crud-auth", "--graph-param", "graph-uri", "--chunk", "2000",
                   "--update-endpoint", "{url}/sparql-auth", "--user", USER, "--password", PASSWORD],
}


@pytest.mark.parametrize("route", list(PUBLISH))
def test_published_to_virtuoso_every_named_query_answers_as_the_store(store_dir, virtuoso, route):  # noqa: F811
    options = [o.format(url=virtuoso) for o in PUBLISH[route]]
    result = CliRunner().invoke(main, ["publish", *options, "--store", str(store_dir)])
    assert result.exit_code == 0, result.stderr
    with Store(store_dir, read_only=True) as store:
        assert _our_quads(virtuoso, store.base) == store.quad_count()
        unit, year = run_on_store(store, find_query("sangong-by-unit-year").bind({}))[1][-1][:2]
        for named in named_queries():
            for values in _bindings(named, unit, year):
                sparql = named.bind(values)
                embedded = run_on_store(store, sparql)
                remote = run_on_endpoint(f"{virtuoso}/sparql", sparql)
                assert remote[0] == embedded[0], (named.name, values)
                assert sorted(remote[1]) == sorted(embedded[1]), (named.name, values)
                if not values:
                    assert embedded[1], named.name


def _bindings(named, unit: str, year: str) -> list[dict[str, str]]:
    """No parameter, then the unit and year parameters given (a unit and year of the store)."""
    declared = {p.name for p in named.parameters}
    given = {k: v for k, v in {"unit": unit, "year": year}.items() if k in declared}
    return [{}, given] if given else [{}]


def test_a_dropped_connection_is_retried_with_a_fresh_challenge(store_dir, virtuoso):  # noqa: F811
    proxy = Proxy(virtuoso, lambda n: "drop" if n in (3, 4) else None)
    try:
        result = CliRunner().invoke(main, ["publish", "--endpoint", f"{proxy.url}/sparql-auth", "--protocol", "update",
                                           "--user", USER, "--password", PASSWORD, "--store", str(store_dir)])
    finally:
        proxy.close()
    assert result.exit_code == 0, result.stderr
    assert ", 2 retried" in result.stderr
    with Store(store_dir, read_only=True) as store:
        assert _our_quads(virtuoso, store.base) == store.quad_count()
