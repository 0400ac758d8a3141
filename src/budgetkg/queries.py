"""Named comparison queries: the `.rq` files of queries/, their parameters, and running them on
the embedded store or on any SPARQL 1.1 endpoint.

A query file starts with a header of comment lines:

    # title: 三公 budget and actual by unit and year
    # question: How did each unit's 三公 spending move, year by year?
    # param: unit string 单位名称 (exact, as the store's preferred label); all units if omitted
    # param: year integer 年度; all years if omitted
    # param: limit integer=20 行数

Parameters are written `$name` in the query body. The given values are bound in one pass over
the query as written (a value is never scanned again, so it cannot bring in a `$name` of its
own), each as an RDF term of its declared type (string, integer, decimal, iri) after checking
it against that type; `$name` inside a comment, a string or an IRI is left alone. An omitted
parameter takes its default (`TYPE=DEFAULT`) if it has one, else stays a variable, so it is
unbound. Queries filter on an optional parameter with `(!BOUND($name) || <test on $name>)`: when
the value is given, `BOUND($name)` is written `true`; when omitted, `$name` is unbound and the
test is skipped. (`COALESCE(<test>, true)` would say the same in SPARQL 1.1, but Virtuoso makes
it false.) A parameter that cannot be unbound (LIMIT $limit) has a default. The query stays
plain SPARQL 1.1 text, so it runs alike on Oxigraph, Virtuoso or any other endpoint.

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
from decimal import Decimal
from pathlib import Path

from .errors import EndpointFailed, FileMissing, InvalidParameter, InvalidQuery, StoreUnreadable, UnknownQuery
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
        """The query text with the given parameters (and the defaults of the others) bound."""
        declared = {p.name: p for p in self.parameters}
        for name in values:
            if name not in declared:
                known = ", ".join(declared) or "none"
                raise InvalidParameter(self.path, f"unknown parameter {name!r}; this query takes: {known}")
        defaults = {p.name: p.default for p in self.parameters if p.default is not None}
        terms = {name: _term(self.path, declared[name], value) for name, value in {**defaults, **values}.items()}

        def bound(match: re.Match) -> str:
            if match["bound"]:
                return "true" if match["bound"] in terms else match[0]
            if match["name"]:
                return terms.get(match["name"], match[0])
            return match[0]

        return _TOKENS.sub(bound, self.text)


# What binding looks at, in one left-to-right scan: comments, strings and IRIs are passed over
# whole; BOUND($name) and $name are bound.
_TOKENS = re.compile(r"""
    \#[^\n]*
  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\s]*>
  | BOUND\s*\(\s*\$(?P<bound>[A-Za-z_][A-Za-z0-9_]*)\s*\)
  | \$(?P<name>[A-Za-z_][A-Za-z0-9_]*)
""", re.VERBOSE | re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_MAX_DIGITS = 40
XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(path: Path, parameter: Parameter, value: str) -> str:
    """The value as a SPARQL term of the parameter's type, or InvalidParameter."""
    text = value.strip()
    if parameter.type == "integer":
        if not _INTEGER.fullmatch(text) or len(text) > _MAX_DIGITS:
            raise InvalidParameter(path, f"{parameter.name}={value!r} is not an integer (digits 0-9, e.g. 2024)")
        return str(int(text))
    if parameter.type == "decimal":
        return f'"{_plain_decimal(path, parameter, value)}"^^<{XSD}decimal>'
    if parameter.type == "iri":
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*", value):
            raise InvalidParameter(path, f"{parameter.name}={value!r} is not an absolute IRI")
        return f"<{value}>"
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def _plain_decimal(path: Path, parameter: Parameter, value: str) -> str:
    """The number in xsd:decimal's lexical form (digits with an optional point; `1e2` is 100);
    NaN, Infinity and numbers of more than 40 digits are refused."""
    if not _DECIMAL.fullmatch(value.strip()):
        raise InvalidParameter(path, f"{parameter.name}={value!r} is not a decimal number (e.g. 12.5)")
    number = Decimal(value.strip())
    if abs(number.adjusted()) > _MAX_DIGITS or len(number.as_tuple().digits) > _MAX_DIGITS:
        raise InvalidParameter(path, f"{parameter.name}={value!r} has more than {_MAX_DIGITS} digits")
    return format(number, "f")


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
        variables = [v.value for v in solutions.variables]
        return variables, [["" if s[v] is None else s[v].value for v in variables] for s in solutions]
    except SyntaxError as error:
        raise InvalidQuery(where, str(error)) from None
    except (OSError, RuntimeError) as error:  # a writer removed a file under this reader
        raise StoreUnreadable(store.path, f"{str(error).splitlines()[0]}; run the query again") from None


def run_on_endpoint(endpoint: str, sparql: str, where: str | Path = "query", timeout: float = 300) -> Rows:
    """(variables, rows) of a SELECT query sent to a SPARQL 1.1 endpoint (JSON results)."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    try:
        answer = client.queryAndConvert()
    except QueryBadFormed as error:
        raise InvalidQuery(where, str(error).splitlines()[0]) from None
    except SPARQLWrapperException as error:
        raise EndpointFailed(endpoint, " ".join(str(error).split())[:200]) from None
    except (OSError, ValueError) as error:  # no answer (URLError, timeout), or an answer that is not JSON
        raise EndpointFailed(endpoint, str(getattr(error, "reason", error))[:200]) from None
    variables = answer["head"]["vars"]
    rows = [[binding.get(v, {}).get("value", "") for v in variables] for binding in answer["results"]["bindings"]]
    return variables, rows
