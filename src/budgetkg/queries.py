"""Named comparison queries: the `.rq` files of queries/, their parameters, and running them on
the embedded store or on any SPARQL 1.1 endpoint.

A query file starts with a header of comment lines:

    # title: 三公 budget and actual by unit and year
    # question: How did each unit's 三公 spending move, year by year?
    # param: unit string 单位名称 (exact, as the store's preferred label); all units if omitted
    # param: year integer 年度; all years if omitted
    # param: limit integer=20 行数

Parameters are written `$name` in the query body. A given value replaces `$name` as an RDF term
of the declared type (string, integer, decimal, iri); an omitted parameter takes its default
(`TYPE=DEFAULT`) if it has one, else stays a variable, so it is unbound. Queries filter on optional
parameters with COALESCE(<test on $name>, true), which is true when $name is unbound; a parameter
that cannot be unbound (LIMIT $limit) has a default. The substitution is textual, so the same query text runs on Oxigraph,
Virtuoso or any other endpoint.

Queries see the union of all graphs as their default graph (Oxigraph: union default graph;
Virtuoso does so by default).

Written for speed on the embedded store (benchmarks/query.py: every query under about 1 s over
1,000 disclosures), within plain SPARQL 1.1:
- a disclosure's own triples (its header, its organisation's skos:prefLabel, its tables, cells
  and claims) are matched inside `GRAPH ?d { ... }`, where ?d is the disclosure and its graph, so
  that each lookup reads one graph; reference data (code lists, units and their bk:multiplier)
  is read outside, from the union;
- start from the most selective pattern (`?t bk:role bk:T3`, a claim's type or metric) and write
  `bk:amountUnit ?u` and `?u bk:multiplier ?m` as two patterns: a property path is evaluated
  apart from the join order;
- Oxigraph joins a subquery `{ SELECT ... }` by hash instead of looking it up row by row: used
  for the units' multipliers, for a column (`{ SELECT ?o WHERE { ?o bk:column bkc:total } }`)
  intersected with the cells of a table, for per-table totals, for the previous year's cells;
- an OPTIONAL is evaluated on its own over the whole store and joined by hash, so its first
  pattern should be selective by itself (e.g. `?c a bk:ExecutionClaim` again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import FileMissing, InvalidParameter, InvalidQuery, UnknownQuery
from .resources import QUERIES_DIR

TYPES = ("string", "integer", "decimal", "iri")
_HEADER = re.compile(r"#\s*(title|question|param):\s*(.*)")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    title: str
    question: str
    parameters: tuple[Parameter, ...]
    text: str

    def bind(self, values: dict[str, str]) -> str:
        """The query text with the given parameters written in as RDF terms."""
        declared = {p.name: p for p in self.parameters}
        for name in values:
            if name not in declared:
                known = ", ".join(declared) or "none"
                raise InvalidParameter(self.path, f"unknown parameter {name!r}; this query takes: {known}")
        text = self.text
        defaults = {p.name: p.default for p in self.parameters if p.default is not None}
        for name, value in {**defaults, **values}.items():
            term = _term(self.path, declared[name], value)
            text = re.sub(rf"\${re.escape(name)}\b", lambda _: term, text)
        return text


def _term(path: Path, parameter: Parameter, value: str) -> str:
    if parameter.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise InvalidParameter(path, f"{parameter.name}={value!r} is not an integer")
        return str(int(value))
    if parameter.type == "decimal":
        try:
            return f'"{Decimal(value.strip())}"^^<http://www.w3.org/2001/XMLSchema#decimal>'
        except InvalidOperation:
            raise InvalidParameter(path, f"{parameter.name}={value!r} is not a decimal number") from None
    if parameter.type == "iri":
        if not re.fullmatch(r"[^\s<>\"{}|^`\\]+:[^\s<>\"{}|^`\\]*", value):
            raise InvalidParameter(path, f"{parameter.name}={value!r} is not an IRI")
        return f"<{value}>"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def read_query(path: Path) -> NamedQuery:
    """A query file with its header; a file without a header has no title and no parameters."""
    if not path.is_file():
        raise FileMissing(path)
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    parameters = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            parameters.append(_parameter(path, value))
        else:
            fields[key] = value.strip()
    return NamedQuery(path.stem, path, fields.get("title", path.stem), fields.get("question", ""),
                      tuple(parameters), text)


def _parameter(path: Path, declaration: str) -> Parameter:
    parts = declaration.split(None, 2)
    kind, _, default = parts[1].partition("=") if len(parts) > 1 else ("", "", "")
    if kind not in TYPES:
        raise InvalidQuery(path, f"bad parameter declaration {declaration!r} (name, one of {', '.join(TYPES)}[=default], text)")
    parameter = Parameter(parts[0], kind, parts[2] if len(parts) > 2 else "", default or None)
    if parameter.default is not None:
        try:
            _term(path, parameter, parameter.default)
        except InvalidParameter as error:
            raise InvalidQuery(path, f"bad default: {error.detail}") from None
    return parameter


def named_queries(directory: Path = QUERIES_DIR) -> list[NamedQuery]:
    return [read_query(path) for path in sorted(directory.glob("*.rq"))]


def find_query(name_or_path: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """A query by its name in queries/ (with or without .rq), or a path to any .rq file."""
    path = Path(name_or_path)
    if path.is_file():
        return read_query(path)
    named = directory / (name_or_path if name_or_path.endswith(".rq") else f"{name_or_path}.rq")
    if named.is_file():
        return read_query(named)
    known = ", ".join(q.name for q in named_queries(directory))
    raise UnknownQuery(name_or_path, f"neither a file nor a named query; named queries: {known}")


def parse_params(pairs: tuple[str, ...] | list[str], where: str = "--param") -> dict[str, str]:
    """`k=v` pairs from the command line."""
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InvalidParameter(where, f"{pair!r} is not of the form name=value")
        values[name.strip()] = value
    return values


Rows = tuple[list[str], list[list[str]]]


def run_on_store(store, sparql: str, where: str | Path = "query") -> Rows:
    """(variables, rows) of a SELECT query on the embedded store; cells are lexical forms, '' if unbound."""
    try:
        solutions = store.query(sparql)
    except SyntaxError as error:
        raise InvalidQuery(where, str(error)) from None
    variables = [v.value for v in solutions.variables]
    return variables, [["" if s[v] is None else s[v].value for v in variables] for s in solutions]


def run_on_endpoint(endpoint: str, sparql: str, where: str | Path = "query") -> Rows:
    """(variables, rows) of a SELECT query sent to a SPARQL 1.1 endpoint (JSON results)."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    try:
        answer = client.queryAndConvert()
    except QueryBadFormed as error:
        raise InvalidQuery(where, str(error).splitlines()[0]) from None
    variables = answer["head"]["vars"]
    rows = [[binding.get(v, {}).get("value", "") for v in variables] for binding in answer["results"]["bindings"]]
    return variables, rows
