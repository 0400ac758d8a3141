"""Query parameters are bound in one pass over the query as written, as RDF terms of their
declared type, each value checked: a value cannot rewrite the query, and a bad value is one
line and exit 2 instead of a filter that silently vanishes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery

from budgetkg.cli import main
from budgetkg.demo.run import BUNDLED
from budgetkg.errors import InvalidParameter
from budgetkg.queries import find_query, named_queries, read_query

SAMPLE = {"string": "某区档案局", "integer": "2025", "decimal": "12.5", "iri": "https://example.org/x"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("parameters") / "store"
    files = [str(p) for p in sorted(BUNDLED.glob("00-*.txt"))]
    result = CliRunner().invoke(main, ["load", *files, "--store", str(directory)])
    assert result.exit_code == 0, result.stderr
    return directory


def _query(store_dir, name, *params, output="csv"):
    arguments = ["query", name, "--store", str(store_dir), "--format", output]
    for param in params:
        arguments += ["--param", param]
    return CliRunner().invoke(main, arguments)


def _rows(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[1:]


def test_a_value_cannot_rewrite_the_query(store_dir):
    everything = _rows(_query(store_dir, "sangong-items-by-unit-year"))
    assert len(everything) >= 4
    injected = _query(store_dir, "sangong-items-by-unit-year",
                      "item=$unit", "unit=, true) || true || COALESCE(")
    assert _rows(injected) == []
    text = find_query("sangong-items-by-unit-year").bind({"item": "$unit", "unit": '") || true || ("'})
    assert '"$unit"' in text and '"\\") || true || (\\""' in text


def test_every_query_with_every_parameter_given_is_plain_sparql():
    for query in named_queries():
        values = {p.name: SAMPLE[p.type] for p in query.parameters}
        text = query.bind(values)
        prepareQuery(text)  # rdflib's parser
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        assert not any(f"${name}" in body for name in values), query.name


def test_a_given_unit_and_year_select_their_row(store_dir):
    rows = _rows(_query(store_dir, "sangong-by-unit-year", "unit=某区档案局", "year=2025"))
    assert len(rows) == 1 and rows[0].startswith("某区档案局,2025,")
    assert _rows(_query(store_dir, "sangong-by-unit-year", "unit=某区档案局", "year=1999")) == []


def test_a_decimal_in_exponent_form_is_the_same_number(store_dir):
    rises = _rows(_query(store_dir, "sangong-rises"))
    assert rises, "the demo series has a rise"
    assert _rows(_query(store_dir, "sangong-rises", "min_rate=1e2")) == _rows(_query(store_dir, "sangong-rises", "min_rate=100"))
    assert _rows(_query(store_dir, "sangong-rises", "min_rate=-1E+3")) == rises
    assert _rows(_query(store_dir, "sangong-rises", "min_rate=1e9")) == []
    assert '"100"^^<http://www.w3.org/2001/XMLSchema#decimal>' in find_query("sangong-rises").bind({"min_rate": "1e2"})
    assert '"0.015"^^' in find_query("sangong-rises").bind({"min_rate": "1.5e-2"})


@pytest.mark.parametrize("param", ["min_rate=NaN", "min_rate=Infinity", "min_rate=-inf", "min_rate=1e999999999",
                                   "min_rate=12,5", "min_rate=", "year=２０２５", "year=2025.0", "year=1e3",
                                   "unit_x=1"])
def test_a_bad_value_is_one_line_and_exit_2(store_dir, param):
    name = "sangong-by-unit-year" if param.startswith(("year", "unit")) else "sangong-rises"
    result = _query(store_dir, name, param)
    assert result.exit_code == 2
    assert "[invalid-parameter]" in result.stderr and result.stderr.count("\n") == 1
    assert param.split("=")[0] in result.stderr


def test_dollar_names_in_comments_strings_and_iris_are_left_alone(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text('# param: x string a value\n# uses $x\nSELECT ?v WHERE { BIND("$x" AS ?s) '
                    'BIND(<urn:$x> AS ?i) FILTER(!BOUND($x) || ?v = $x) }\n', encoding="utf-8")
    query = read_query(path)
    assert query.bind({"x": "a"}).splitlines()[1:] == [
        '# uses $x', 'SELECT ?v WHERE { BIND("$x" AS ?s) BIND(<urn:$x> AS ?i) FILTER(!true || ?v = "a") }']
    assert "FILTER(!BOUND($x) || ?v = $x)" in query.bind({})
    with pytest.raises(InvalidParameter):
        query.bind({"y": "1"})
