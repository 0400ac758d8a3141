"""What the pages of `budgetkg serve` read from the store: a resource's description, the
organisations and their disclosures, a disclosure's tables and findings, an observation's source
and the claims that cite it. The store is opened read only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import SKOS

from ..resources import ONTOLOGY_DIR
from ..store import PENDING_VALIDATIONS
from ..vocab import BK, PREFIXES, ontology_graph

P = "\n".join(f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items()) + """
PREFIX sh: <http://www.w3.org/ns/shacl#>
"""
INCOMING_LIMIT = 200


class ReadOnlyStore:
    """The store's files opened read only (a snapshot of when the server started); queries see
    the union of the named graphs."""

    def __init__(self, path: Path, base: str):
        self.path, self.base = path, base
        self._store = ox.Store.read_only(str(path))

    def query(self, sparql: str):
        return self._store.query(sparql, use_default_graph_as_union=True)

    def rows(self, sparql: str) -> list[dict[str, str]]:
        """A SELECT's solutions as {variable: lexical form} (unbound variables left out)."""
        solutions = self.query(P + sparql)
        names = [v.value for v in solutions.variables]
        return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]

    def description(self, iri: str) -> list[ox.Triple]:
        """The triples about the resource, and a bounded number of those pointing at it."""
        node = ox.NamedNode(iri)
        outgoing = [ox.Triple(q.subject, q.predicate, q.object) for q in self._store.quads_for_pattern(node, None, None)]
        incoming = []
        for quad in self._store.quads_for_pattern(None, None, node):
            incoming.append(ox.Triple(quad.subject, quad.predicate, quad.object))
            if len(incoming) >= INCOMING_LIMIT:
                break
        return list(dict.fromkeys(outgoing + incoming))

    def exists(self, iri: str) -> bool:
        return next(iter(self._store.quads_for_pattern(ox.NamedNode(iri), None, None)), None) is not None

    def types(self, iri: str) -> set[str]:
        rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
        return {q.object.value for q in self._store.quads_for_pattern(ox.NamedNode(iri), rdf_type, None)}


@dataclass
class Cell:
    iri: str
    text: str
    blank: bool
    flagged: bool


@dataclass
class TableView:
    iri: str
    role: str
    title: str
    number: str
    unit: str
    sides: list[tuple[str, list[str], list[tuple[str, list[Cell | None]]]]] = field(default_factory=list)
    # per side: (side name, column labels, rows (label, cells per column))


def organisations(store: ReadOnlyStore) -> list[dict[str, str]]:
    return store.rows("""SELECT ?org ?name (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
        ?d a bk:Disclosure ; bk:organization ?org . OPTIONAL { ?org skos:prefLabel ?name FILTER(LANG(?name) = "zh") } }
        GROUP BY ?org ?name ORDER BY ?name""")


def disclosures_of(store: ReadOnlyStore, organisation: str) -> list[dict[str, str]]:
    """The organisation's disclosures by year, with the key figures of T1 and T7 and the count
    of findings by severity."""
    return store.rows(f"""SELECT ?d ?label ?year ?kind ?income ?expenditure ?sangong ?unit
        (SUM(COALESCE(IF(?severity = sh:Violation, 1, 0), 0)) AS ?violations)
        (SUM(COALESCE(IF(?severity = sh:Warning, 1, 0), 0)) AS ?warnings)
        WHERE {{
          ?d a bk:Disclosure ; bk:organization <{organisation}> ; rdfs:label ?label .
          OPTIONAL {{ ?d bk:fiscalYear ?year }}
          OPTIONAL {{ ?d bk:kind/skos:prefLabel ?kind FILTER(LANG(?kind) = "zh") }}
          OPTIONAL {{ ?d bk:table ?t1 . ?t1 bk:role bk:T1 . ?i qb:dataSet ?t1 ; bk:row bkm:total-income ; bk:amount ?income .
                     OPTIONAL {{ ?i bk:amountUnit/rdfs:label ?unit FILTER(LANG(?unit) = "zh") }} }}
          OPTIONAL {{ ?d bk:table ?t1e . ?t1e bk:role bk:T1 . ?e qb:dataSet ?t1e ; bk:row bkm:total-expenditure ; bk:amount ?expenditure }}
          OPTIONAL {{ ?d bk:table ?t7 . ?t7 bk:role bk:T7 . ?s qb:dataSet ?t7 ; bk:row bkm:total ; bk:column bkc:actual ; bk:amount ?sangong }}
          OPTIONAL {{ GRAPH ?v {{ ?r a sh:ValidationResult ; sh:focusNode ?d ; sh:resultSeverity ?severity }} }}
        }} GROUP BY ?d ?label ?year ?kind ?income ?expenditure ?sangong ?unit ORDER BY DESC(?year) ?d""")


def pending_validations(store: ReadOnlyStore) -> set[str]:
    """The disclosures whose validation a load left pending (killed before storing the results)."""
    return {row["d"] for row in store.rows(PENDING_VALIDATIONS)}


def findings(store: ReadOnlyStore, disclosure: str) -> list[dict[str, str]]:
    """The disclosure's validation results, most severe first, with the evidence each names
    and where it is printed."""
    return store.rows(f"""SELECT ?r ?rule ?severity ?message ?expected ?actual ?value ?page ?line ?text WHERE {{
          GRAPH <{disclosure}/validation> {{ ?r a sh:ValidationResult ; bk:ruleId ?rule ; sh:resultSeverity ?severity .
            OPTIONAL {{ ?r sh:resultMessage ?message FILTER(LANG(?message) = "zh") }}
            OPTIONAL {{ ?r bk:expected ?expected }} OPTIONAL {{ ?r bk:actual ?actual }} OPTIONAL {{ ?r sh:value ?value }} }}
          OPTIONAL {{ ?value prov:wasDerivedFrom ?span . ?span a bk:SourceSpan . OPTIONAL {{ ?span bk:page ?page }} OPTIONAL {{ ?span bk:line ?line }}
                     OPTIONAL {{ ?span bk:text ?text }} }}
        }} ORDER BY (IF(?severity = sh:Violation, 0, IF(?severity = sh:Warning, 1, 2))) ?rule""")


def findings_citing(store: ReadOnlyStore, node: str) -> list[dict[str, str]]:
    return store.rows(f"""SELECT ?r ?rule ?severity ?message WHERE {{ GRAPH ?g {{ ?r sh:value <{node}> ;
        bk:ruleId ?rule ; sh:resultSeverity ?severity . OPTIONAL {{ ?r sh:resultMessage ?message FILTER(LANG(?message) = "zh") }} }} }}
        ORDER BY ?rule""")


def claims_citing(store: ReadOnlyStore, observation: str) -> list[dict[str, str]]:
    return store.rows(f"""SELECT ?claim ?type ?text ?how WHERE {{
        ?claim ?link <{observation}> . VALUES (?link ?how) {{ (bk:observation "数值") (bk:budgetObservation "预算数") (bk:wholeObservation "分母") }}
        ?claim a ?type . FILTER(?type != bk:Claim && STRSTARTS(STR(?type), STR(bk:)))
        OPTIONAL {{ ?claim prov:wasDerivedFrom/bk:text ?text }} }}""")


def source_of(store: ReadOnlyStore, node: str) -> dict[str, str]:
    rows = store.rows(f"""SELECT ?span ?page ?bbox ?line ?text ?file ?name ?sha WHERE {{
        <{node}> prov:wasDerivedFrom ?span . ?span a bk:SourceSpan ; bk:sourceFile ?file .
        OPTIONAL {{ ?span bk:page ?page }} OPTIONAL {{ ?span bk:bbox ?bbox }} OPTIONAL {{ ?span bk:line ?line }}
        OPTIONAL {{ ?span bk:text ?text }} OPTIONAL {{ ?file rdfs:label ?name }} OPTIONAL {{ ?file bk:sha256 ?sha }} }} LIMIT 1""")
    return rows[0] if rows else {}


def tables_of(store: ReadOnlyStore, disclosure: str) -> list[TableView]:
    """The disclosure's tables as printed: rows in printed order (per side of a two-sided
    table), columns in the order of the column concepts, each cell linked to its observation."""
    flagged = {f["value"] for f in findings(store, disclosure) if "value" in f}
    cells = store.rows(f"""SELECT ?t ?role ?title ?number ?tunit ?cell ?n ?label ?column ?amount ?decimals ?blank ?side WHERE {{
        GRAPH <{disclosure}> {{ <{disclosure}> bk:table ?t . ?t bk:role ?role ; bk:title ?title .
          OPTIONAL {{ ?t bk:tableNumber ?number }} OPTIONAL {{ ?t bk:amountUnit ?tu }}
          ?cell qb:dataSet ?t ; bk:rowNumber ?n ; bk:rowLabel ?label ; bk:column ?column .
          OPTIONAL {{ ?cell bk:amount ?amount ; bk:decimals ?decimals }} OPTIONAL {{ ?cell bk:blank ?blank }}
          OPTIONAL {{ ?cell bk:side ?side }} }}
        OPTIONAL {{ ?tu rdfs:label ?tunit FILTER(LANG(?tunit) = "zh") }} }}""")
    tables: dict[str, dict] = {}
    for c in cells:
        table = tables.setdefault(c["t"], {"row": c, "sides": {}})
        side = table["sides"].setdefault(c.get("side", ""), {})
        side.setdefault((int(c["n"]), c["label"]), {})[c["column"]] = Cell(
            c["cell"], displayed(c.get("amount"), c.get("decimals")), "blank" in c, c["cell"] in flagged)
    labels = column_labels()
    views = []
    for iri, table in tables.items():
        head = table["row"]
        view = TableView(iri, head["role"].rsplit("#", 1)[-1], head["title"], head.get("number", ""), head.get("tunit", ""))
        for side, rows in sorted(table["sides"].items(), key=lambda item: _SIDE_ORDER.get(item[0], 9)):
            columns = sorted({c for cells_of_row in rows.values() for c in cells_of_row}, key=lambda c: column_order().get(c, 999))
            body = [(label, [cells_of_row.get(c) for c in columns]) for (_, label), cells_of_row in sorted(rows.items())]
            view.sides.append((_SIDE_NAMES.get(side, ""), [labels.get(c, c.rsplit("/", 1)[-1]) for c in columns], body))
        views.append(view)
    return sorted(views, key=lambda v: v.role)


def displayed(amount: str | None, decimals: str | None) -> str:
    """The amount with the decimals the document printed (the graph keeps them apart)."""
    if amount is None:
        return ""
    return f"{Decimal(amount):.{int(decimals)}f}" if decimals is not None else amount


_SIDE_ORDER = {str(BK.Income): 0, str(BK.Expense): 1}
_SIDE_NAMES = {str(BK.Income): "收入", str(BK.Expense): "支出"}


@lru_cache(maxsize=None)
def column_order() -> dict[str, str]:
    """Column concepts in the order ontology/concepts.ttl defines them (the order of the tables)."""
    text = (ONTOLOGY_DIR / "concepts.ttl").read_text(encoding="utf-8")
    names = re.findall(r"^bkc:([\w-]+) a skos:Concept", text, flags=re.MULTILINE)
    return {f"https://w3id.org/budgetkg/column/{name}": index for index, name in enumerate(names)}


@lru_cache(maxsize=None)
def column_labels() -> dict[str, str]:
    graph = ontology_graph()
    return {str(s): str(o) for s, o in graph.subject_objects(SKOS.prefLabel)
            if getattr(o, "language", None) == "zh" and str(s).startswith("https://w3id.org/budgetkg/column/")}


def labels(store: ReadOnlyStore, iris: set[str]) -> dict[str, str]:
    """A Chinese label (skos:prefLabel, else rdfs:label, else any) for each IRI that has one."""
    if not iris:
        return {}
    values = " ".join(f"<{iri}>" for iri in iris if ">" not in iri)
    found: dict[str, tuple[int, str]] = {}
    for row in store.rows(f"""SELECT ?s ?label ?rank WHERE {{ VALUES ?s {{ {values} }}
            {{ ?s skos:prefLabel ?label BIND(0 AS ?rank) }} UNION {{ ?s rdfs:label ?label BIND(1 AS ?rank) }}
            FILTER(LANG(?label) = "zh" || LANG(?label) = "") }}"""):
        rank = int(row["rank"]) + (0 if row.get("label") and re.search(r"[\u4e00-\u9fff]", row["label"]) else 2)
        if row["s"] not in found or rank < found[row["s"]][0]:
            found[row["s"]] = (rank, row["label"])
    return {iri: label for iri, (_, label) in found.items()}
