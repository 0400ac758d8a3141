"""The embedded store: load the corpus, count by SPARQL, reload without duplicates."""

from click.testing import CliRunner

from budgetkg.cli import main
from budgetkg.store import Store

from conftest import FINAL_ACCOUNTS, corpus_path
from test_recognise_corpus import HAND_COUNTS, METADATA

COUNT_QUERY = """\
PREFIX bk: <https://w3id.org/budgetkg/ontology#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?unit ?year (COUNT(?obs) AS ?observations) (COUNT(?amount) AS ?figures) WHERE {
  ?d a bk:Disclosure ; bk:organization/skos:prefLabel ?unit ; bk:fiscalYear ?year ; bk:table ?t .
  ?obs qb:dataSet ?t .
  OPTIONAL { ?obs bk:amount ?amount }
} GROUP BY ?unit ?year ORDER BY ?unit
"""


def _load(store_dir, *names):
    files = [str(corpus_path(n)) for n in names]
    return CliRunner().invoke(main, ["load", "--store", str(store_dir), *files])


def _counts(store_dir, query_file):
    result = CliRunner().invoke(main, ["query", str(query_file), "--store", str(store_dir), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_load_then_count_observations_per_unit_and_year(tmp_path, disclosure):
    store_dir, query_file = tmp_path / "store", tmp_path / "count.rq"
    query_file.write_text(COUNT_QUERY, encoding="utf-8")
    result = _load(store_dir, *FINAL_ACCOUNTS)
    assert result.exit_code == 0, result.stderr
    expected = sorted(
        (METADATA[n][1], METADATA[n][2],
         sum(len(r.cells) for t in disclosure(n).tables for r in t.rows), sum(HAND_COUNTS[n].values()))
        for n in FINAL_ACCOUNTS
    )
    assert _counts(store_dir, query_file) == ["unit,year,observations,figures"] + [
        f"{unit},{year},{observations},{figures}" for unit, year, observations, figures in expected
    ]


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    store_dir = tmp_path / "store"
    name = FINAL_ACCOUNTS[0]
    assert _load(store_dir, name).exit_code == 0
    with Store(store_dir) as store:
        before = (store.quad_count(), store.disclosure_graphs())
    second = _load(store_dir, name)
    assert second.exit_code == 0
    assert "reference graph" not in second.stderr  # unchanged ontology and code lists: not rebuilt
    with Store(store_dir) as store:
        assert (store.quad_count(), store.disclosure_graphs()) == before
    assert len(before[1]) == 1


def test_reference_graph_holds_the_code_hierarchy_closure(tmp_path):
    store_dir = tmp_path / "store"
    assert _load(store_dir, FINAL_ACCOUNTS[1]).exit_code == 0
    query = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?class WHERE { <https://w3id.org/budgetkg/id/codes/function/2024/2010601> skos:broaderTransitive ?class .
                          ?class skos:topConceptOf ?scheme }"""
    with Store(store_dir) as store:
        assert [s["class"].value for s in store.query(query)] == ["https://w3id.org/budgetkg/id/codes/function/2024/201"]


def test_query_errors_are_bad_input(tmp_path):
    Store(tmp_path / "s").close()
    bad = tmp_path / "bad.rq"
    bad.write_text("SELEKT nothing", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(bad), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"budgetkg: error: {bad}: not a valid SPARQL query")
    missing = CliRunner().invoke(main, ["query", str(tmp_path / "none.rq"), "--store", str(tmp_path / "s")])
    assert missing.exit_code == 2
    assert "no such query" in missing.stderr and "[unknown-query]" in missing.stderr


def test_reading_a_store_that_is_not_there_is_bad_input(tmp_path):
    missing = tmp_path / "no-store"
    for command in (["query", "sangong-by-unit-year"], ["export", str(tmp_path / "out")],
                    ["publish", "--endpoint", "http://127.0.0.1:9/store"]):
        result = CliRunner().invoke(main, [*command, "--store", str(missing)])
        assert result.exit_code == 2, command
        assert result.stderr == f"budgetkg: error: {missing}: no budgetkg store there (budgetkg load creates one) [store-missing]\n"
    assert not missing.exists() and not (tmp_path / "out").exists()
    missing.mkdir()  # an empty directory is no store either, and stays empty
    result = CliRunner().invoke(main, ["query", "sangong-by-unit-year", "--store", str(missing)])
    assert result.exit_code == 2 and "[store-missing]" in result.stderr
    assert list(missing.iterdir()) == []
