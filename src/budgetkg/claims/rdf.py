"""Claims as RDF, linked to the table cells that hold the same figure.

    {disclosure}/claim/{digest}-{k}        a claim (digest of its sentence, k its place in it)
    {claim}/{role}                         one of its figures (amount, share, delta, rate, budget, actual, count)
    {claim}/source                         the sentence, its page or line

A link (bk:observation, bk:budgetObservation, bk:wholeObservation) is made where
data/claim-links.csv says which cell holds the claim's figure and the disclosure has that cell.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from ..codelists import concept_iri
from ..resources import ROOT
from ..vocab import BK, BKC, BKM, UNITS, decimal_literal, half_step
from .model import Claim, Figure
from .parse import quoted_names

KIND_CLASSES = {"amount": BK.AmountClaim, "share": BK.ShareClaim, "change": BK.ChangeClaim,
                "execution": BK.ExecutionClaim, "count": BK.CountClaim}
FIGURE_PROPERTIES = {"amount": BK.amountFigure, "share": BK.shareFigure, "delta": BK.deltaFigure,
                     "rate": BK.rateFigure, "budget": BK.budgetFigure, "actual": BK.actualFigure,
                     "count": BK.countFigure, "current": BK.currentFigure,
                     "previous": BK.previousFigure}
DIRECTIONS = {"increase": BK.Increase, "decrease": BK.Decrease, "flat": BK.Flat}
COMPARISONS = {"greater": BK.Greater, "less": BK.Less, "equal": BK.Equal}
LINKS_FILE = ROOT / "data" / "claim-links.csv"


@dataclass(frozen=True)
class Link:
    metric: str
    section: str
    table: str
    side: str
    row: str
    column: str

    def cell(self, disclosure: URIRef, code: str | None, phase: str) -> URIRef:
        row = code if self.row == "{code}" else self.row
        column = phase if self.column == "{phase}" else self.column
        path = "/".join(p for p in (self.table, self.side, row, column) if p)
        return URIRef(f"{disclosure}/{path}")


@lru_cache(maxsize=None)
def links() -> tuple[Link, ...]:
    with LINKS_FILE.open(encoding="utf-8", newline="") as stream:
        return tuple(Link(**row) for row in csv.DictReader(stream))


def find_link(metric: str | None, code: str | None, section: str | None,
              code_tables: dict[str, tuple[str, str, str]] | None = None) -> Link | None:
    """The cell a claim's figure is read from: by its metric, or for a 类/款/项 by the table its
    section explains (the template profile says which), else the default table of codes."""
    key = metric if metric else ("{code}" if code else None)
    if key is None:
        return None
    if key == "{code}" and code_tables and section in code_tables:
        table, side, column = code_tables[section]
        return Link(key, section, table, side, "{code}", column)
    return next((l for l in links() if l.metric == key and l.section in ("", section)), None)


def _cell(graph: Graph, disclosure: URIRef, metric, code, section, phase, code_tables=None) -> URIRef | None:
    link = find_link(metric, code, section, code_tables)
    if link is None:
        return None
    cell = link.cell(disclosure, code, phase)
    return cell if (cell, RDF.type, BK.Observation) in graph else None


def claim_iri(disclosure: URIRef, claim: Claim, index_in_sentence: int) -> URIRef:
    digest = hashlib.sha1(claim.sentence.encode("utf-8")).hexdigest()[:10]
    return URIRef(f"{disclosure}/claim/{digest}-{index_in_sentence}")


def add_claims(graph: Graph, disclosure: URIRef, source_file: URIRef, claims: list[Claim], base: str, year: int | None,
               code_tables: dict[str, tuple[str, str, str]] | None = None) -> None:
    """Add every claim to the disclosure graph (whose table cells are already in it); `year` is
    the year of the code list the claims' codes are read against; `code_tables` the table (role,
    side, column) whose 类/款/项 rows each narrative section explains, where the profile says so."""
    per_sentence: dict[str, int] = {}
    for claim in claims:
        k = per_sentence[claim.sentence] = per_sentence.get(claim.sentence, 0) + 1
        _add_claim(graph, disclosure, source_file, claim, claim_iri(disclosure, claim, k), base, year, code_tables)


def _add_claim(graph, disclosure, source_file, claim: Claim, subject: URIRef, base: str, year, code_tables=None) -> None:
    g = graph
    g.add((subject, RDF.type, KIND_CLASSES[claim.kind]))
    g.add((subject, BK.disclosure, disclosure))
    if claim.metric:
        g.add((subject, BK.metric, BKM[claim.metric]))
    span = URIRef(f"{subject}/source")
    if claim.code and year is not None:
        g.add((subject, BK.row, concept_iri(base, "function", year, claim.code)))
        for code, name in quoted_names(claim.subject, claim.code):  # the names X-09 checks
            quote = URIRef(f"{subject}/quote/{code}")
            g.add((subject, BK.quotes, quote))
            g.add((quote, BK.row, concept_iri(base, "function", year, code)))
            g.add((quote, BK.rowLabel, Literal(name)))
            g.add((quote, PROV.wasDerivedFrom, span))
    if claim.subject:
        g.add((subject, BK.subjectText, Literal(claim.subject)))
    if claim.section:
        g.add((subject, BK.narrativeSection, Literal(claim.section)))
    if claim.phase:
        g.add((subject, BK.phase, BKC[claim.phase]))
    if claim.whole:
        g.add((subject, BK.whole, BKM[claim.whole]))
    if claim.whole_code and year is not None:
        g.add((subject, BK.wholeRow, concept_iri(base, "function", year, claim.whole_code)))
    if claim.direction:
        g.add((subject, BK.direction, DIRECTIONS[claim.direction]))
    if claim.comparison:
        g.add((subject, BK.comparison, COMPARISONS[claim.comparison]))
    if claim.reason is not None:
        g.add((subject, BK.reason, Literal(claim.reason)))
    for role, figure in claim.figures.items():
        _add_figure(g, subject, role, figure)
    _add_links(g, disclosure, subject, claim, code_tables)
    g.add((subject, PROV.wasDerivedFrom, span))
    g.add((span, RDF.type, BK.SourceSpan))
    g.add((span, BK.sourceFile, URIRef(f"{base}file/{claim.location.file}") if claim.location.file else source_file))
    g.add((span, BK.text, Literal(claim.sentence)))
    if claim.location.page is not None:
        g.add((span, BK.page, Literal(claim.location.page, datatype=XSD.integer)))
    if claim.location.line is not None:
        g.add((span, BK.line, Literal(claim.location.line, datatype=XSD.integer)))


def _add_figure(g: Graph, claim: URIRef, role: str, figure: Figure) -> None:
    node = URIRef(f"{claim}/{role}")
    g.add((claim, FIGURE_PROPERTIES[role], node))
    g.add((node, BK.value, decimal_literal(figure.value)))
    g.add((node, BK.decimals, Literal(figure.decimals, datatype=XSD.integer)))
    g.add((node, BK.halfStep, half_step(figure.decimals)))
    g.add((node, BK.text, Literal(figure.text)))
    if figure.unit in UNITS:
        g.add((node, BK.amountUnit, UNITS[figure.unit]))
    elif figure.unit == "%":
        g.add((node, BK.amountUnit, BK.Percent))
    else:
        g.add((node, BK.countUnit, Literal(figure.unit)))


def _add_links(g: Graph, disclosure: URIRef, subject: URIRef, claim: Claim, code_tables=None) -> None:
    if claim.kind == "count":
        return
    # every figure of a budget is a budgeted one (its 三公 shares too); in a 决算 only the amounts
    # the narrative calls 预算数 are
    in_budget = (disclosure, BK.kind, BK.Budget) in g
    phase = "budget" if in_budget or (claim.kind == "amount" and claim.phase == "budget") else "actual"
    actual = _cell(g, disclosure, claim.metric, claim.code, claim.section, phase, code_tables)
    if actual is not None and (claim.kind != "execution" or "actual" in claim.figures or "rate" in claim.figures):
        g.add((subject, BK.observation, actual))
    if claim.kind == "execution" and "budget" in claim.figures:
        budget = _cell(g, disclosure, claim.metric, claim.code, claim.section, "budget", code_tables)
        if budget is not None:
            g.add((subject, BK.budgetObservation, budget))
    if claim.kind == "share" and (claim.whole or claim.whole_code):
        whole = _cell(g, disclosure, claim.whole, claim.whole_code, claim.section, "budget" if in_budget else "actual", code_tables)
        if whole is not None:
            g.add((subject, BK.wholeObservation, whole))
