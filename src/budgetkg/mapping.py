"""Map: a recognised disclosure as RDF.

IRIs are built from meaning under a configurable base, so the same unit has the same IRI in every
year and the same cell the same IRI on every run:

    {base}org/{unit}
    {base}disclosure/{unit}/{year}/{kind}-{scope}          (also the disclosure's named graph)
    {disclosure}/{role}                                     a table
    {table}/{side}/{section}/{row}/{column}                 a cell (side and section where they apply)
    {cell}/source                                           where the cell is printed
    {base}file/{sha256}                                     the file read
    {base}codes/{function|economic}/{year}/{code}           classification codes
    {disclosure}/validation                                 its validation results (a named graph in a store)
    {base}graph/reference, {base}graph/shapes               named graphs of the ontology and code lists, of the shapes

`row` is the classification code, or the metric's name (total-income ...); a label neither a code
list nor the metric scheme knows becomes `unlisted` and keeps its wording in bk:rowLabel.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from . import __version__
from .claims import narrative_claims
from .claims.rdf import add_claims
from .codelists import CodeList, code_list_for, concept_iri
from .cube.structure import add_structure, describe_data_set, observation_dimensions, row_dimension
from .ingest.model import Location, PageIssue, SourceFile
from . import organizations
from .recognise.model import Amount, Disclosure, Row, Table
from .recognise.profiles import bare_title, load_profiles
from .recognise.text import label_key
from .resources import ROOT
from .vocab import BK, BKC, BKM, KINDS, ORG, PHASES, PREFIXES, QB, SCOPES, SIDES, UNITS, decimal_literal, half_step, metric_for

DEFAULT_BASE = "https://w3id.org/budgetkg/id/"
ECONOMIC_ROLES = {"T6", "J06", "J11"}  # J06, J11: the Jiangsu budget tables coded by 经济分类
_UNSAFE = re.compile(r"[\s<>\"{}|\\^`/#?%]+")


def base_iri(base: str | None = None) -> str:
    """The data base IRI: the argument, else $BUDGETKG_BASE, else the default; ends with '/'."""
    chosen = base or os.environ.get("BUDGETKG_BASE") or DEFAULT_BASE
    return chosen if chosen.endswith(("/", "#")) else chosen + "/"


def reference_graph_iri(base: str) -> URIRef:
    """The named graph of the ontology, the concept schemes and the code lists."""
    return URIRef(f"{base}graph/reference")


def shapes_graph_iri(base: str) -> URIRef:
    """The named graph of the rule and structural shapes, published beside the data."""
    return URIRef(f"{base}graph/shapes")


def file_iri(base: str, sha256: str) -> URIRef:
    """A file read, named by its content (a disclosure in two files has two)."""
    return URIRef(f"{base}file/{sha256}")


def segment(text: str) -> str:
    """Text made safe as one IRI path segment (Chinese stays as it is)."""
    return _UNSAFE.sub("_", text.strip()) or "_"


def org_iri(base: str, name: str) -> URIRef:
    return URIRef(f"{base}org/{segment(name)}")


def _organisation_name(disclosure: Disclosure) -> str:
    return organizations.resolve(disclosure.unit_name).name if disclosure.unit_name else "unknown-unit"


def disclosure_iri(base: str, disclosure: Disclosure) -> URIRef:
    unit = segment(_organisation_name(disclosure))
    return URIRef(f"{base}disclosure/{unit}/{disclosure.year or 'unknown-year'}/{disclosure.kind}-{disclosure.scope}")


@dataclass
class _Context:
    base: str
    graph: Graph
    disclosure: Disclosure
    file: URIRef
    functions: CodeList | None
    economics: CodeList | None
    used: set[str] = field(default_factory=set)
    numbers: dict[str, str] = field(default_factory=dict)  # the profile's table numbering
    row_metrics: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> label -> metric, the profile's own wordings
    code_tables: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # section -> the table its 类/款/项 figures are read from


def disclosure_graph(disclosure: Disclosure, base: str | None = None) -> tuple[URIRef, Graph]:
    """The disclosure's named graph: its IRI and its triples."""
    base = base_iri(base)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    context = _Context(
        base, graph, disclosure, file_iri(base, disclosure.sha256),
        code_list_for("function", disclosure.year), code_list_for("economic", disclosure.year),
    )
    subject = disclosure_iri(base, disclosure)
    _describe_disclosure(context, subject)
    for position, table in enumerate(disclosure.tables, start=1):
        _map_table(context, subject, table)
        _map_table_order(context, subject, table, position)
    for issue in disclosure.page_issues:
        _map_page_issue(context, subject, issue)
    if disclosure.budget_units is not None:
        units = URIRef(f"{subject}/budget-units")
        graph.add((subject, BK.budgetUnits, units))
        graph.add((units, BK["count"], Literal(disclosure.budget_units.count, datatype=XSD.integer)))
        _map_source(context, units, disclosure.budget_units.location, disclosure.budget_units.text)
    _map_paragraphs(context, subject)
    _map_stated_identities(context, subject)
    add_claims(graph, subject, context.file, narrative_claims(disclosure).claims, base,
               context.functions.year if context.functions else disclosure.year, context.code_tables)
    return subject, graph


def _describe_disclosure(context: _Context, subject: URIRef) -> None:
    d, g = context.disclosure, context.graph
    organisation = org_iri(context.base, _organisation_name(d))
    extraction = URIRef(f"{subject}/extraction")
    g.add((subject, RDF.type, BK.Disclosure))
    g.add((subject, RDFS.label, Literal(f"{d.unit_name} {d.year} {'决算' if d.kind == 'final-accounts' else '预算'}", lang="zh")))
    g.add((subject, BK.organization, organisation))
    if d.year is not None:
        g.add((subject, BK.fiscalYear, Literal(d.year, datatype=XSD.integer)))
    g.add((subject, BK.kind, KINDS[d.kind]))
    g.add((subject, BK.budgetPhase, PHASES[d.kind]))
    g.add((subject, BK.scope, SCOPES[d.scope]))
    g.add((subject, BK.profile, Literal(d.profile)))
    _describe_template(context, subject)
    if d.amount_unit in UNITS:
        g.add((subject, BK.amountUnit, UNITS[d.amount_unit]))
    g.add((subject, PROV.wasGeneratedBy, extraction))
    g.add((organisation, RDF.type, ORG.Organization))
    if d.unit_name:
        _describe_organisation(context, subject, organisation, organizations.resolve(d.unit_name))
    for source in d.files or [SourceFile(d.source, d.sha256)]:
        file = file_iri(context.base, source.sha256)
        g.add((subject, PROV.wasDerivedFrom, file))
        g.add((file, RDF.type, BK.SourceFile))
        g.add((file, BK.sha256, Literal(source.sha256)))
        g.add((file, RDFS.label, Literal(Path(source.source).name)))
        g.add((extraction, PROV.used, file))
    g.add((extraction, RDF.type, BK.Extraction))
    g.add((extraction, BK.extractorVersion, Literal(f"budgetkg {__version__}")))


def _describe_organisation(context: _Context, subject: URIRef, organisation: URIRef, resolution: organizations.Resolution) -> None:
    """The organisation under its preferred name, the name as printed (normalised), and the
    candidates of an ambiguous name (rule D-03 reports both)."""
    g = context.graph
    printed = organizations.directory().normalise(resolution.printed)
    g.add((subject, BK.unitName, Literal(printed, lang="zh")))
    g.add((organisation, SKOS.prefLabel, Literal(resolution.name, lang="zh")))
    if printed != resolution.name:
        g.add((organisation, SKOS.altLabel, Literal(printed, lang="zh")))
    # the names it is known by (data/organizations/), which headings may print (省检察院, rule C-10)
    for name in organizations.directory().names(resolution.name):
        if name not in (resolution.name, printed):
            g.add((organisation, SKOS.altLabel, Literal(name, lang="zh")))
    for name in resolution.candidates:
        candidate = org_iri(context.base, name)
        g.add((subject, BK.organizationCandidate, candidate))
        g.add((candidate, RDF.type, ORG.Organization))
        g.add((candidate, SKOS.prefLabel, Literal(name, lang="zh")))


def _describe_template(context: _Context, subject: URIRef) -> None:
    """What the disclosure's template requires (tables, numbering, narrative sections) and which
    sections it has, for the completeness rules (C family)."""
    g, d = context.graph, context.disclosure
    profile = next((p for p in load_profiles() if p.id == d.profile), None)
    if profile is None:
        return
    for spec in profile.tables:
        if spec.required:
            g.add((subject, BK.requiresTable, BK[spec.role]))
    if profile.level:
        g.add((subject, BK.governmentLevel, Literal(profile.level)))
    for section in profile.sections:
        if section.required:
            g.add((subject, BK.requiresSection, Literal(section.id)))
    for section in d.sections:
        g.add((subject, BK.hasSection, Literal(section)))
    context.numbers = {spec.role: spec.number for spec in profile.tables if spec.number}
    context.row_metrics = {spec.role: spec.row_metrics for spec in profile.tables if spec.row_metrics}
    context.code_tables = {section.id: section.codes for section in profile.sections if section.codes}


def _map_paragraphs(context: _Context, disclosure: URIRef) -> None:
    """Every paragraph with its text and page, for the checks of headings and typography."""
    g = context.graph
    for number, paragraph in enumerate(context.disclosure.paragraphs, 1):
        node = URIRef(f"{disclosure}/paragraph/{number}")
        g.add((node, RDF.type, BK.Paragraph))
        g.add((node, BK.paragraphOf, disclosure))
        _map_source(context, node, paragraph.location, paragraph.text)


@lru_cache(maxsize=None)
def _identity_specs() -> tuple[tuple[str, str, str, re.Pattern], ...]:
    data = tomllib.loads((ROOT / "data" / "stated-identities.toml").read_text(encoding="utf-8"))
    return tuple((spec["subject"], spec["table"], spec["wording"], re.compile(spec["pattern"]))
                 for spec in data.get("identity", []))


def _map_stated_identities(context: _Context, disclosure: URIRef) -> None:
    """A paragraph stating that a figure of the document equals a row of another of its tables
    (data/stated-identities.toml): the statement, with the table and row it names, for rule N-07.
    Only a statement whose table and row the disclosure has is recorded."""
    g, d = context.graph, context.disclosure
    for number, paragraph in enumerate(d.paragraphs, 1):
        text = re.sub(r"\s+", "", paragraph.text)  # quotes kept: they delimit the row's name
        for metric, role, wording, pattern in _identity_specs():
            match = pattern.search(text) if wording in text else None
            if match is None or d.table(role) is None:
                continue
            quoted = bare_title(match["table"])
            titled = [(len(title), t) for t in d.tables if (title := bare_title(t.title or "")) and title in quoted]
            if not titled:
                continue
            table = max(titled, key=lambda found: found[0])[1]
            row = next((r for r in table.rows if label_key(r.label) == label_key(match["row"])), None)
            if row is None:
                continue
            concept, _ = _row_concept(context, table, row)
            node = URIRef(f"{disclosure}/stated-identity/{number}")
            g.add((node, RDF.type, BK.StatedIdentity))
            g.add((node, BK.disclosure, disclosure))
            g.add((node, BK.metric, BKM[metric]))
            g.add((node, BK.identitySubject, URIRef(f"{disclosure}/{role}")))
            g.add((node, BK.identityTable, URIRef(f"{disclosure}/{table.role}")))
            g.add((node, BK.identityRow, concept))
            _map_source(context, node, paragraph.location, paragraph.text)


def _map_table_order(context: _Context, disclosure: URIRef, table: Table, printed: int) -> None:
    listed = context.disclosure.contents_order.get(table.role)
    if listed is not None:
        subject = URIRef(f"{disclosure}/{table.role}")
        context.graph.add((subject, BK.contentsPosition, Literal(listed, datatype=XSD.integer)))
        context.graph.add((subject, BK.printedPosition, Literal(printed, datatype=XSD.integer)))


def _map_table(context: _Context, disclosure: URIRef, table: Table) -> None:
    g = context.graph
    subject = URIRef(f"{disclosure}/{table.role}")
    g.add((disclosure, BK.table, subject))
    g.add((subject, RDF.type, BK.DisclosureTable))
    g.add((subject, BK.disclosure, disclosure))
    g.add((subject, BK.role, BK[table.role]))
    g.add((subject, BK.title, Literal(table.title)))
    if table.number:
        g.add((subject, BK.tableNumber, Literal(table.number)))
    if table.role in context.numbers:
        g.add((subject, BK.expectedNumber, Literal(context.numbers[table.role])))
    if table.note:
        g.add((subject, BK.note, Literal(table.note)))
    for page in table.pages:
        g.add((subject, BK.page, Literal(page, datatype=XSD.integer)))
    if table.unit in UNITS:  # only a unit the table states (rule C-10); cells fall back on the document's
        g.add((subject, BK.amountUnit, UNITS[table.unit]))
    unit = UNITS.get(table.unit or context.disclosure.amount_unit or "")
    cube = _Cube(_cube_code_list(context, table), any(row.side for row in table.rows))
    _describe_data_set(context, disclosure, subject, table, cube)
    dimension = row_dimension(context.base, cube.code_list.kind, cube.code_list.year)
    for number, row in enumerate(table.rows, start=1):
        row_concept, row_id = _row_concept(context, table, row)
        section = metric_for(row.section) if row.section else None
        path = "/".join(p for p in (row.side, _local(section) if section else None, row_id) if p)
        row_number, sub_row = Literal(number, datatype=XSD.integer), (section or BK.MainRow) if cube.two_sided else None
        for column, amount in row.cells.items():
            cell = _unique(context, f"{subject}/{path}/{column}")
            _map_cell(context, subject, cell, row, row_concept, BKC[column], amount, unit, section)
            observation_dimensions(g, cell, dimension, row_concept, row_number, sub_row)


@dataclass(frozen=True)
class _Cube:
    code_list: CodeList  # the code list of the table's row dimension
    two_sided: bool


def _cube_code_list(context: _Context, table: Table) -> CodeList:
    """The code list the table's rows are coded by; an empty one of the disclosure's year when
    budgetkg has none for it (its codes are then outside every code list, as they are)."""
    kind, code_list = ("economic", context.economics) if table.role in ECONOMIC_ROLES else ("function", context.functions)
    return code_list or CodeList(kind, context.disclosure.year or 0, {}, {})


def _describe_data_set(context: _Context, disclosure: URIRef, subject: URIRef, table: Table, cube: _Cube) -> None:
    """The table as a Data Cube data set with its structure (src/budgetkg/cube/structure.py)."""
    d = context.disclosure
    dsd = add_structure(context.graph, context.base, table.role, cube.two_sided, cube.code_list)
    describe_data_set(context.graph, subject, dsd, org_iri(context.base, _organisation_name(d)), d.year, PHASES[d.kind])


def _local(concept: URIRef) -> str:
    return str(concept).rsplit("/", 1)[-1]


def _row_concept(context: _Context, table: Table, row: Row) -> tuple[URIRef, str]:
    kind, code_list = ("economic", context.economics) if table.role in ECONOMIC_ROLES else ("function", context.functions)
    year = code_list.year if code_list is not None else context.disclosure.year
    code = row.code
    if code is None and row.side == "expense" and code_list is not None:
        code = code_list.class_code(row.label)  # T1/T4 print the 类 by name only
    if code is not None:
        concept = concept_iri(context.base, kind, year, code)
        if code_list is None or code not in code_list.names:
            _describe_unlisted(context, concept, code)
        return concept, code
    own = context.row_metrics.get(table.role, {}).get(label_key(row.label))
    metric = BKM[own] if own else metric_for(row.label)
    if metric is not None:
        return metric, _local(metric)
    return BKM["unlisted"], f"unlisted-{segment(label_key(row.label))}"


def _describe_unlisted(context: _Context, concept: URIRef, code: str) -> None:
    """A code the year's list lacks is still a code: its notation (whose digits give its place in
    the hierarchy, so that it takes part in every sum) comes from the document, and only its
    name cannot be checked (X-09). Listed codes get their notation from the reference graph."""
    g = context.graph
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.notation, Literal(code)))


def _unique(context: _Context, iri: str) -> URIRef:
    """Two rows with the same concept in one table (template residue such as …) stay apart."""
    candidate, n = iri, 1
    while candidate in context.used:
        n += 1
        candidate = f"{iri}~{n}"
    context.used.add(candidate)
    return URIRef(candidate)


def _map_cell(context: _Context, table: URIRef, cell: URIRef, row: Row, row_concept: URIRef,
              column: URIRef, amount: Amount, unit: URIRef | None, section: URIRef | None) -> None:
    g = context.graph
    g.add((cell, RDF.type, BK.Observation))
    g.add((cell, QB.dataSet, table))
    g.add((cell, BK.row, row_concept))
    g.add((cell, BK.column, column))
    g.add((cell, BK.rowLabel, Literal(row.label)))
    if row.side:
        g.add((cell, BK.side, SIDES[row.side]))
    if section is not None:
        g.add((cell, BK.section, section))
    if amount.is_blank:
        g.add((cell, BK.blank, Literal(True)))
    else:
        g.add((cell, BK.amount, decimal_literal(amount.value)))
        g.add((cell, BK.decimals, Literal(amount.decimals, datatype=XSD.integer)))
        g.add((cell, BK.halfStep, half_step(amount.decimals)))
    if unit is not None:
        g.add((cell, BK.amountUnit, unit))
    _map_source(context, cell, amount.location, amount.text)


def _map_page_issue(context: _Context, disclosure: URIRef, issue: PageIssue) -> None:
    """Text the reader set aside (hidden outside the page, a text box printed twice, a blank page),
    and a page that could not be read, its reason as text, for rule C-14."""
    g = context.graph
    subject = URIRef(f"{disclosure}/page/{issue.page}/{issue.kind}")
    g.add((subject, RDF.type, BK.PageIssue))
    g.add((subject, BK.disclosure, disclosure))
    g.add((subject, BK.issueKind, Literal(issue.kind)))
    g.add((subject, BK["count"], Literal(issue.count, datatype=XSD.integer)))
    _map_source(context, subject, Location(issue.page), issue.text)


def _map_source(context: _Context, subject: URIRef, location: Location, text: str) -> None:
    g = context.graph
    span = URIRef(f"{subject}/source")
    g.add((subject, PROV.wasDerivedFrom, span))
    g.add((span, RDF.type, BK.SourceSpan))
    g.add((span, BK.sourceFile, file_iri(context.base, location.file) if location.file else context.file))
    g.add((span, BK.text, Literal(text)))
    if location.page is not None:
        g.add((span, BK.page, Literal(location.page, datatype=XSD.integer)))
    if location.line is not None:
        g.add((span, BK.line, Literal(location.line, datatype=XSD.integer)))
    if location.bbox is not None:
        g.add((span, BK.bbox, Literal(" ".join(f"{v:g}" for v in location.bbox.as_list()))))
