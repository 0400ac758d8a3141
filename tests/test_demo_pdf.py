"""The demo district rendered in every layout and format reads back exactly: every table cell,
every narrative figure, and no rule fires."""

import re
from collections import Counter
from decimal import Decimal

import pytest

from budgetkg.claims import narrative_claims
from budgetkg.demo.district import district, wan
from budgetkg.demo.figures import class_totals, sangong
from budgetkg.demo.render import FORMATS, LAYOUTS
from budgetkg.ingest import read_document
from budgetkg.mapping import disclosure_graph
from budgetkg.recognise import recognise
from budgetkg.recognise.text import parse_amount
from budgetkg.structure import check_structure
from budgetkg.validate import validate_graphs

DEPARTMENTS, YEARS, SEED = 2, (2024, 2025, 2026), 5
VARIANTS = [(layout, fmt) for layout in sorted(LAYOUTS) for fmt in sorted(FORMATS)]
_STATED = re.compile(r"\d+(?:\.\d+)?(?:万元|%|人次|个|辆)")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(layout, format) -> [(year, document, disclosure)] for the whole small district."""
    directory = tmp_path_factory.mktemp("district")
    found = {}
    for layout in LAYOUTS.values():
        for year in district(DEPARTMENTS, YEARS, SEED, layout.district_name):
            document = layout.build(year)
            for fmt, render in FORMATS.items():
                path = directory / f"{layout.name}-{year.department}-{year.year}.{fmt}"
                path.write_bytes(render(document))
                found.setdefault((layout.name, fmt), []).append((year, document, recognise(read_document(path))))
    return found


def recognised_cells(disclosure) -> dict[tuple[str, str, str], tuple]:
    """(role, row key, column key) -> (value, decimals), keyed as the document model keys cells."""
    cells = {}
    for table in disclosure.tables:
        for row in table.rows:
            row_key = row.code or (f"{row.section}/" if row.section else "") + row.label
            for concept, amount in row.cells.items():
                column = f"{row.side}.{concept}" if row.side else concept
                cells[(table.role, row_key, column)] = (amount.value, amount.decimals)
    return cells


def model_cells(document) -> dict[tuple[str, str, str], tuple]:
    return {(table.role, cell.row, cell.column): parse_amount(cell.text)
            for table in document.tables for cell in table.amount_cells()}


def figure(document, role: str, row: str, column: str) -> Decimal:
    """A cell of the model as a number, blank read as 0 (the Shanghai layout leaves zeros blank)."""
    value, _ = parse_amount(document.table(role).cell(row, column).text)
    return value or Decimal("0.00")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_document_model_states_the_generator_figures(layout):
    for year in district(DEPARTMENTS, YEARS, SEED, LAYOUTS[layout].district_name):
        document = LAYOUTS[layout].build(year)
        for code, (basic, project) in year.spending.items():
            assert figure(document, "T5", code, "basic") == wan(basic)
            assert figure(document, "T5", code, "project") == wan(project)
        for code, total in class_totals(year).items():
            assert figure(document, "T3", code, "total") == wan(total)
        for code, amount in year.economic.items():
            assert figure(document, "T6", code, "amount") == wan(amount)
        for phase, figures in (("budget", year.sangong_budget), ("actual", year.sangong_actual)):
            for label, amount in sangong(figures):
                assert figure(document, "T7", label, phase) == wan(amount)
        assert figure(document, "T1", "总计", "expense.amount") == wan(year.total + year.closing)
        assert figure(document, "T4", "年初财政拨款结转和结余", "income.amount") == wan(year.opening)


@pytest.mark.parametrize("layout,fmt", VARIANTS)
def test_every_table_cell_reads_back_as_generated(rendered, layout, fmt):
    compared = 0
    for year, document, disclosure in rendered[(layout, fmt)]:
        assert disclosure.profile == LAYOUTS[layout].profile
        assert (disclosure.unit_name, disclosure.year, disclosure.amount_unit) == (year.department, year.year, "万元")
        assert [f for f in disclosure.findings if f.code != "unrecognised-grid"] == []
        expected, found = model_cells(document), recognised_cells(disclosure)
        assert set(found) == set(expected)
        assert {k: v for k, v in found.items() if v != expected[k]} == {}
        assert {t.role: t.note for t in disclosure.tables if t.note} == {t.role: t.note for t in document.tables if t.note}
        compared += len(expected)
    assert compared > 500


@pytest.mark.parametrize("layout,fmt", VARIANTS)
def test_the_narrative_claims_read_the_stated_figures(rendered, layout, fmt):
    for year, document, disclosure in rendered[(layout, fmt)]:
        claims = narrative_claims(disclosure)
        assert claims.unparsed == []
        stated = Counter(_STATED.findall("".join(p.text for p in document.narrative if not p.heading)))
        read = Counter(f.text for claim in claims.claims for role, f in claim.figures.items() if role != "current")
        assert read == stated
        amounts = {(c.metric, c.code): c.figures["amount"].value for c in claims.claims if c.kind == "amount"}
        assert amounts[("total-expenditure", None)] == wan(year.total)
        assert amounts[("basic-expenditure", None)] == wan(year.basic)
        assert amounts[("operating-costs", None)] == wan(year.operating_costs)
        assert amounts[("procurement", None)] == wan(sum(year.procurement))
        for code, total in class_totals(year).items():
            assert amounts[(None, code)] == wan(total)


@pytest.mark.parametrize("layout,fmt", VARIANTS)
def test_a_rendered_district_breaks_no_rule(rendered, layout, fmt):
    graphs = dict(disclosure_graph(disclosure) for _, _, disclosure in rendered[(layout, fmt)])
    assert validate_graphs(graphs).summary == {"violation": 0, "warning": 0, "info": 0}
    first = next(iter(graphs.values()))  # pyshacl is slow; every year of a layout has the same structure
    assert [r for r in check_structure(first) if r.severity == "Violation"] == []


def test_a_cell_and_a_sentence_edited_in_the_model_show_in_the_pdf(tmp_path):
    year = district(1, (2024,), SEED, LAYOUTS["shanghai-2024"].district_name)[0]
    document = LAYOUTS["shanghai-2024"].build(year)
    document.table("T3").cell("2010601", "basic").text = "1.00"
    paragraph, sentence, text = next(s for s in document.sentences() if s[2].startswith("本年支出合计"))
    document.narrative[paragraph].sentences[sentence] = text.replace(str(wan(year.total)), "1.00", 1)
    path = tmp_path / "edited.pdf"
    path.write_bytes(FORMATS["pdf"](document))
    disclosure = recognise(read_document(path))
    row = next(r for r in disclosure.table("T3").rows if r.code == "2010601")
    assert row.cells["basic"].value == Decimal("1.00")
    claims = narrative_claims(disclosure).claims
    assert next(c for c in claims if c.metric == "total-expenditure").figures["amount"].value == Decimal("1.00")
    iri, graph = disclosure_graph(disclosure)
    assert validate_graphs({iri: graph}).summary["violation"] > 0
