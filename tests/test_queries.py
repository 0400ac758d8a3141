"""The named queries of queries/, run on a small fictional district (3 departments × 3 years of
决算) loaded into the embedded store with its validation results. Four disclosures are edited
before they are read, so that the queries about defects have something to find; every expected
row is computed from the generator's figures (in fen) and those edits."""

from collections import Counter
from decimal import ROUND_FLOOR, Decimal

import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery

from budgetkg.cli import main
from budgetkg.codelists import code_list_for
from budgetkg.demo.district import SPENDING_CODES, district, wan
from budgetkg.demo.render import build_document, render_text
from budgetkg.errors import InvalidQuery
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.queries import find_query, named_queries, read_query, run_on_store
from budgetkg.recognise import recognise
from budgetkg.store import Store
from budgetkg.validate import load_rules, validate_graphs
from budgetkg.validate.report import validation_graph, validation_iri

YEARS = (2024, 2025, 2026)
DISTRICT = district(3, YEARS, seed=7)
UNITS = sorted({y.department for y in DISTRICT})
FIGURES = {(y.department, y.year): y for y in DISTRICT}
FIRST, SECOND, THIRD = (y.department for y in DISTRICT[::3])

# The edits, by (unit, year)
NO_T8 = (FIRST, 2025)  # the 政府性基金 table (公开08表) is left out
OPENING_SHIFT = (SECOND, 2026), 1_000_000  # T1 年初结转和结余 printed 1 万元 too high
OTHER_INCOME = (THIRD, 2024), 50_000_000  # 50 万元 of T2's 合计 moved from 财政拨款收入 to 其他收入
ITEM_EXECUTION = (THIRD, 2025), "2010601", 2_000_000  # a 项 execution sentence, budget 2 万元 above actual


def _row(*cells) -> str:
    return "\t".join(str(c) for c in cells)


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _edited(y, text: str) -> str:
    key, z = (y.department, y.year), "0.00"
    if key == NO_T8:
        start = text.index("政府性基金预算财政拨款收入支出决算表\n公开 08 表")
        end = text.index("国有资本经营预算财政拨款支出决算表\n公开 09 表")
        text = text[:start] + text[end:]
    if key == OPENING_SHIFT[0]:
        text = _replace(text, _row("年初结转和结余", 12, wan(y.opening)),
                        _row("年初结转和结余", 12, wan(y.opening + OPENING_SHIFT[1])))
    if key == OTHER_INCOME[0]:
        moved = OTHER_INCOME[1]
        text = _replace(text, _row("合计", "", wan(y.total), wan(y.total), z, z, z, z, z),
                        _row("合计", "", wan(y.total), wan(y.total - moved), z, z, z, z, wan(moved)))
    if key == ITEM_EXECUTION[0]:
        code, extra = ITEM_EXECUTION[1], ITEM_EXECUTION[2]
        names = code_list_for("function", y.year).names
        sentence = (f"1、{names[code[:3]]}（类）{names[code[:5]]}（款）{names[code]}（项）。"
                    f"年初预算为{wan(sum(y.spending[code]) + extra)}万元，支出决算为{wan(sum(y.spending[code]))}万元。")
        text = _replace(text, "六、一般公共预算财政拨款基本支出决算情况说明", f"{sentence}\n\n六、一般公共预算财政拨款基本支出决算情况说明")
    return text


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """(store directory, validation report) of the edited district."""
    directory = tmp_path_factory.mktemp("district")
    graphs = {}
    for index, y in enumerate(DISTRICT):
        path = directory / f"{index:02d}-{y.year}.txt"
        path.write_text(_edited(y, render_text(build_document(y))), encoding="utf-8")
        iri, graph = disclosure_graph(recognise(read_document(path)))
        graphs[iri] = graph
    report = validate_graphs(graphs)
    rules = {rule.id: rule for rule in load_rules()}
    with Store(directory / "store") as store:
        store.ensure_reference()
        for iri, graph in graphs.items():
            store.replace_graph(iri, graph)
            store.replace_graph(validation_iri(str(iri)), validation_graph(report, rules, str(iri)))
    return directory / "store", report


def run(loaded, name: str, **params) -> list[dict]:
    query = find_query(name)
    with Store(loaded[0]) as store:
        variables, rows = run_on_store(store, query.bind({k: str(v) for k, v in params.items()}), query.path)
    return [{v: _value(v, cell) for v, cell in zip(variables, row)} for row in rows]


TEXT_COLUMNS = {"unitName", "code", "name", "item", "itemName", "status", "kind", "profile", "role", "table", "family", "rules"}


def _value(variable: str, cell: str):
    """A result cell: None if unbound, the text of a text column, else a Decimal."""
    if cell == "":
        return None
    return cell if variable in TEXT_COLUMNS else Decimal(cell)


def rate(part: int, whole: int) -> Decimal | None:
    """part / whole in percent with two decimals, rounded as SPARQL ROUND does (halves up, toward
    +∞); None where the whole is 0 (the query's division fails and leaves the cell unbound)."""
    if whole == 0:
        return None
    return (Decimal(10000 * part) / Decimal(whole) + Decimal("0.5")).to_integral_value(ROUND_FLOOR) / 100


def per_unit_year(rows) -> dict:
    return {(r["unitName"], int(r["fiscalYear"])): r for r in rows}


def test_there_are_at_least_twelve_queries_each_with_a_title_a_question_and_used_parameters():
    queries = named_queries()
    assert len(queries) >= 12
    for query in queries:
        assert query.title != query.name and query.question, query.name
        body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
        for parameter in query.parameters:
            assert f"${parameter.name}" in body, (query.name, parameter.name)


def test_every_query_is_plain_sparql_and_runs_without_parameters(loaded):
    for query in named_queries():
        prepareQuery(query.bind({}))  # a second parser, not Oxigraph's
        run(loaded, query.name)


def test_a_default_is_written_in_unless_a_value_is_given(tmp_path):
    query = find_query("largest-changes-by-function")
    assert "LIMIT 10" in query.bind({}) and "LIMIT 3" in query.bind({"limit": "3"})
    bad = tmp_path / "bad.rq"
    bad.write_text("# param: limit integer=ten rows\nSELECT * WHERE {} LIMIT $limit\n", encoding="utf-8")
    with pytest.raises(InvalidQuery):
        read_query(bad)


def test_sangong_by_unit_year(loaded):
    found = per_unit_year(run(loaded, "sangong-by-unit-year"))
    assert set(found) == set(FIGURES)
    for key, y in FIGURES.items():
        budget, actual = sum(y.sangong_budget.values()), sum(y.sangong_actual.values())
        row = found[key]
        assert (row["budget"], row["actual"], row["executionRate"]) == (wan(budget), wan(actual), rate(actual, budget))
        if y.year == YEARS[0]:
            assert row["previousActual"] is row["change"] is row["changeRate"] is None
        else:
            previous = sum(y.previous.sangong_actual.values())
            assert (row["previousActual"], row["change"], row["changeRate"]) == (
                wan(previous), wan(actual - previous), rate(actual - previous, previous))


def test_sangong_by_unit_year_for_one_unit_and_year(loaded):
    rows = run(loaded, "sangong-by-unit-year", unit=SECOND, year=2025)
    assert [(r["unitName"], r["actual"]) for r in rows] == [(SECOND, wan(sum(FIGURES[SECOND, 2025].sangong_actual.values())))]


def test_sangong_items_by_unit_year(loaded):
    found = {(r["unitName"], int(r["fiscalYear"]), r["item"]): r for r in run(loaded, "sangong-items-by-unit-year")}
    expected = {}
    for (unit, year), y in FIGURES.items():
        for item, actual in y.sangong_actual.items():
            budget = y.sangong_budget[item]
            expected[unit, year, item] = (wan(budget), wan(actual), rate(actual, budget))
    assert {k: (r["budget"], r["actual"], r["executionRate"]) for k, r in found.items()} == expected
    reception = run(loaded, "sangong-items-by-unit-year", item="reception", year=2026)
    assert [(r["unitName"], r["itemName"]) for r in reception] == [(u, "公务接待费") for u in UNITS]


def test_sangong_rises(loaded):
    rises = []
    for (unit, year), y in FIGURES.items():
        if year > YEARS[0]:
            actual, previous = sum(y.sangong_actual.values()), sum(y.previous.sangong_actual.values())
            if actual > previous:
                rises.append((unit, year, wan(previous), wan(actual), wan(actual - previous), rate(actual - previous, previous)))
    rises.sort(key=lambda r: (-r[4], r[0], r[1]))
    assert len(rises) >= 2
    columns = ("unitName", "fiscalYear", "previousActual", "actual", "change", "changeRate")
    assert [tuple(r[c] for c in columns) for r in run(loaded, "sangong-rises")] == [
        tuple(r) for r in rises]
    smallest = min(r[5] for r in rises)
    steep = run(loaded, "sangong-rises", min_rate=smallest + Decimal("0.01"))
    assert [r["changeRate"] for r in steep] == [r[5] for r in rises if r[5] > smallest]


def test_operating_costs_by_unit_year(loaded):
    found = per_unit_year(run(loaded, "operating-costs-by-unit-year"))
    assert set(found) == set(FIGURES)
    for key, y in FIGURES.items():
        row = found[key]
        assert (row["operatingCosts"], row["publicCosts"]) == (wan(y.operating_costs), wan(y.public))
        if y.year > YEARS[0]:
            change = y.operating_costs - y.previous.operating_costs
            assert (row["previousOperatingCosts"], row["change"], row["changeRate"]) == (
                wan(y.previous.operating_costs), wan(change), rate(change, y.previous.operating_costs))
        else:
            assert row["previousOperatingCosts"] is None


def test_basic_vs_project(loaded):
    found = per_unit_year(run(loaded, "basic-vs-project"))
    assert {k: (r["total"], r["basic"], r["project"], r["basicShare"], r["projectShare"]) for k, r in found.items()} == {
        k: (wan(y.total), wan(y.basic), wan(y.project), rate(y.basic, y.total), rate(y.project, y.total))
        for k, y in FIGURES.items()}


def test_appropriation_share_of_income(loaded):
    found = per_unit_year(run(loaded, "appropriation-share-of-income"))
    expected = {}
    for key, y in FIGURES.items():
        appropriation = y.total - (OTHER_INCOME[1] if key == OTHER_INCOME[0] else 0)
        expected[key] = (wan(y.income), wan(appropriation), rate(appropriation, y.income))
    assert {k: (r["income"], r["appropriation"], r["appropriationShare"]) for k, r in found.items()} == expected
    assert found[OTHER_INCOME[0]]["appropriationShare"] < 100


def _class_amounts(y) -> dict[str, int]:
    amounts = Counter()
    for code, (basic, project) in y.spending.items():
        amounts[code[:3]] += basic + project
    return amounts


def test_spending_by_function_class(loaded):
    found = {(r["unitName"], int(r["fiscalYear"]), r["code"]): (r["amount"], r["share"])
             for r in run(loaded, "spending-by-function-class")}
    assert found == {(unit, year, code): (wan(amount), rate(amount, y.total))
                     for (unit, year), y in FIGURES.items() for code, amount in _class_amounts(y).items()}
    social = run(loaded, "spending-by-function-class", code="208", unit=FIRST)
    assert [(int(r["fiscalYear"]), r["name"], r["amount"]) for r in social] == [
        (year, "社会保障和就业支出", wan(_class_amounts(FIGURES[FIRST, year])["208"])) for year in YEARS]


def test_largest_changes_by_function(loaded):
    changes = []
    for (unit, year), y in FIGURES.items():
        if year > YEARS[0]:
            for code in SPENDING_CODES:
                amount, previous = sum(y.spending[code]), sum(y.previous.spending[code])
                changes.append((unit, year, code, wan(previous), wan(amount), wan(amount - previous), rate(amount - previous, previous)))
    changes.sort(key=lambda c: (-abs(c[5]), c[0], c[1], c[2]))
    columns = ("unitName", "fiscalYear", "code", "previousAmount", "amount", "change", "changeRate")
    assert [tuple(r[c] for c in columns) for r in run(loaded, "largest-changes-by-function")] == [
        (u, y, c, *rest) for u, y, c, *rest in changes[:10]]
    classes = []
    for (unit, year), y in FIGURES.items():
        if year == 2026:
            now, before = _class_amounts(y), _class_amounts(y.previous)
            classes += [(unit, code, wan(now[code] - before[code])) for code in now]
    classes.sort(key=lambda c: (-abs(c[2]), c[0], c[1]))
    found = run(loaded, "largest-changes-by-function", level="类", year=2026, limit=3)
    assert [(r["unitName"], r["code"], r["change"]) for r in found] == classes[:3]


def test_personnel_vs_public_costs(loaded):
    found = per_unit_year(run(loaded, "personnel-vs-public-costs"))
    assert {k: (r["personnelCosts"], r["publicCosts"], r["basic"], r["personnelShare"]) for k, r in found.items()} == {
        k: (wan(y.personnel), wan(y.public), wan(y.basic), rate(y.personnel, y.basic)) for k, y in FIGURES.items()}


def test_procurement_by_unit_year(loaded):
    found = per_unit_year(run(loaded, "procurement-by-unit-year"))
    expected = {}
    for key, y in FIGURES.items():
        goods, works, services = y.procurement
        total = goods + works + services
        expected[key] = (wan(total), wan(goods), wan(works), wan(services), wan(services), rate(services, total))
    assert {k: (r["procurement"], r["goods"], r["works"], r["services"], r["sme"], r["smeShare"])
            for k, r in found.items()} == expected


def test_budget_execution(loaded):
    found = {(r["unitName"], int(r["fiscalYear"]), r["item"]): r for r in run(loaded, "budget-execution")}
    for (unit, year), y in FIGURES.items():
        spending = found[unit, year, "general-budget-expenditure"]
        assert (spending["budget"], spending["actual"], spending["rate"], spending["tableActual"]) == (
            wan(y.budget_total), wan(y.total), rate(y.total, y.budget_total), wan(y.total))
        assert spending["statedRate"] == spending["rate"]
        sangong = found[unit, year, "sangong"]
        budget, actual = sum(y.sangong_budget.values()), sum(y.sangong_actual.values())
        assert (sangong["budget"], sangong["actual"], sangong["rate"]) == (wan(budget), wan(actual), rate(actual, budget))
    (unit, year), code, extra = ITEM_EXECUTION
    actual = sum(FIGURES[unit, year].spending[code])
    rows = run(loaded, "budget-execution", item=code)
    assert [(r["unitName"], r["fiscalYear"], r["itemName"], r["budget"], r["actual"], r["statedRate"], r["rate"], r["tableActual"])
            for r in rows] == [(unit, year, "行政运行", wan(actual + extra), wan(actual), None, rate(actual, actual + extra), wan(actual))]


def test_carry_forward_chain(loaded):
    found = per_unit_year(run(loaded, "carry-forward-chain"))
    (unit, year), shift = OPENING_SHIFT
    for key, y in FIGURES.items():
        opening = y.opening + (shift if key == (unit, year) else 0)
        row = found[key]
        assert row["opening"] == wan(opening)
        if y.year == YEARS[0]:
            assert (row["previousClosing"], row["status"]) == (None, "no-previous-year")
        else:
            expected_status = "break" if key == (unit, year) else "ok"
            assert (row["previousClosing"], row["difference"], row["status"]) == (
                wan(y.previous.closing), wan(opening - y.previous.closing), expected_status)
    assert [(r["unitName"], r["difference"]) for r in run(loaded, "carry-forward-chain", year=year) if r["status"] == "break"] == [
        (unit, wan(shift))]


def test_missing_required_tables(loaded):
    rows = run(loaded, "missing-required-tables")
    assert [(r["unitName"], int(r["fiscalYear"]), r["kind"], r["role"], r["table"]) for r in rows] == [
        (*NO_T8, "FinalAccounts", "T8", "政府性基金预算财政拨款收入支出决算表")]
    assert run(loaded, "missing-required-tables", unit=SECOND) == []


def test_violations_by_rule_family(loaded):
    report = loaded[1]
    documents = {d["id"]: (d["unit"], d["year"]) for d in report.documents}
    counts, rules = Counter(), {}
    for result in report.results:
        key = (*documents[result["document"]], result["rule"].split("-")[0])
        counts[key, result["severity"]] += 1
        rules.setdefault(key, set()).add(result["rule"])
    rows = run(loaded, "violations-by-rule-family")
    found = {(r["unitName"], int(r["fiscalYear"]), r["family"]): r for r in rows}
    assert {k: (r["violations"], r["warnings"], r["infos"], set(r["rules"].split())) for k, r in found.items()} == {
        k: (counts[k, "violation"], counts[k, "warning"], counts[k, "info"], rules[k]) for k in rules}
    assert {(u, y) for u, y, _ in found} == {NO_T8, OPENING_SHIFT[0], OTHER_INCOME[0]}
    assert "C-01" in found[(*NO_T8, "C")]["rules"].split() and found[(*NO_T8, "C")]["violations"] >= 1
    only_c = run(loaded, "violations-by-rule-family", family="C", unit=NO_T8[0])
    assert [(r["fiscalYear"], r["family"]) for r in only_c] == [(NO_T8[1], "C")]


def test_query_command_lists_the_queries_and_runs_one_with_parameters_as_csv(loaded):
    listed = CliRunner().invoke(main, ["query", "--list"])
    assert listed.exit_code == 0
    for query in named_queries():
        assert f"{query.name}: {query.title}" in listed.stdout
    assert "--param limit=<integer>" in listed.stdout and "(default 10)" in listed.stdout
    y = FIGURES[THIRD, 2026]
    result = CliRunner().invoke(main, ["query", "basic-vs-project", "--store", str(loaded[0]),
                                       "--param", f"unit={THIRD}", "--param", "year=2026", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "unitName,fiscalYear,total,basic,project,basicShare,projectShare"
    values = lines[1].split(",")
    assert values[:2] == [THIRD, "2026"]
    assert [Decimal(v) for v in values[2:]] == [wan(y.total), wan(y.basic), wan(y.project),
                                                rate(y.basic, y.total), rate(y.project, y.total)]
