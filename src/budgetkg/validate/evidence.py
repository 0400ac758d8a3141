"""The evidence of each result: every value it compared, with its document, page, box and printed
text, read from the provenance the graph holds (each cell and claim is `prov:wasDerivedFrom` a
`bk:SourceSpan`).

Which nodes a result compared is found generically, so that no shape has to describe its own
evidence in Python:

- the focus node (`?value`): a table cell, or a narrative claim with its sentence, its figures
  and the cells the claim is linked to (`bk:observation`, `bk:wholeObservation`);
- every other variable the shape's query selects whose value is a node with provenance (a shape
  exposes the other side of a comparison by selecting it: `?left`, `?cell`, ...);
- the variable `?evidence`: the IRIs of several nodes separated by spaces, for the addends of a
  sum (`(GROUP_CONCAT(STR(?o); separator=" ") AS ?evidence)`).

Narrative sentences and figures carry a page but no box in the graph; where the source PDF is at
hand their boxes are found on the page (`locate.py`)."""

from __future__ import annotations

import re

import pyoxigraph as ox

from .locate import PageText

_IRI = re.compile(r"^https?://\S+$")
EVIDENCE_VARIABLE = "evidence"
_BATCH = 400

_NODE_QUERY = """
PREFIX bk: <https://w3id.org/budgetkg/ontology#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?node ?g ?file ?text ?page ?line ?bbox ?table ?row ?column ?claim WHERE {
  VALUES ?node { %s }
  GRAPH ?g { ?node prov:wasDerivedFrom ?span . ?span a bk:SourceSpan ; bk:text ?text ; bk:sourceFile ?file .
             OPTIONAL { ?span bk:page ?page } OPTIONAL { ?span bk:line ?line } OPTIONAL { ?span bk:bbox ?bbox } }
  OPTIONAL { ?node qb:dataSet/bk:role/skos:notation ?table }
  OPTIONAL { ?node bk:rowLabel ?row }
  OPTIONAL { ?node bk:column ?c . ?c skos:prefLabel ?label FILTER(LANG(?label) = "zh")
             OPTIONAL { ?c bk:budgetLabel ?budgetLabel FILTER(LANG(?budgetLabel) = "zh") } }
  # a column a budget heads otherwise (预算数 for 决算数) is shown as the budget prints it
  BIND(IF(BOUND(?budgetLabel) && EXISTS { GRAPH ?g { ?g bk:kind bk:Budget } }, ?budgetLabel, ?label) AS ?column)
  BIND(EXISTS { ?node bk:disclosure ?d } AS ?claim)
}
"""

_CLAIM_PARTS_QUERY = """
PREFIX bk: <https://w3id.org/budgetkg/ontology#>
SELECT ?node ?figure ?property ?text ?cell WHERE {
  VALUES ?node { %s }
  { ?node ?property ?figure . ?figure bk:value ?v ; bk:text ?text }
  UNION { ?node bk:observation ?cell } UNION { ?node bk:wholeObservation ?cell }
}
"""


def referenced_nodes(focus: str, bindings: dict) -> list[str]:
    """The focus and the nodes a result's variables name, in the order the query gave them."""
    nodes = [focus] if focus else []
    for name, value in bindings.items():
        if not isinstance(value, str):
            continue
        candidates = value.split() if name == EVIDENCE_VARIABLE else [value]
        nodes += [c for c in candidates if _IRI.match(c) and c not in nodes]
    return nodes


class Evidence:
    """Looks up the provenance of nodes in a store, in batches, and boxes narrative text in PDFs."""

    def __init__(self, store: ox.Store, sources: dict[str, str]):
        self._store = store
        self._sources = sources  # disclosure IRI -> file path
        self._nodes: dict[str, dict] = {}
        self._parts: dict[str, dict] = {}
        self._pages = PageText()

    def prepare(self, nodes: set[str]) -> None:
        wanted = sorted(n for n in nodes if n not in self._nodes)
        for solution in self._select(_NODE_QUERY, wanted):
            node = solution["node"].value
            if node in self._nodes:
                continue
            self._nodes[node] = {
                "document": solution["g"].value, "file": solution["file"].value,
                "text": solution["text"].value,
                "page": _int(solution["page"]), "line": _int(solution["line"]),
                "box": [float(v) for v in solution["bbox"].value.split()] if solution["bbox"] else None,
                "table": _text(solution["table"]), "row": _text(solution["row"]), "column": _text(solution["column"]),
                "claim": solution["claim"].value == "true",
            }
        claims = sorted(n for n in wanted if self._nodes.get(n, {}).get("claim"))
        for solution in self._select(_CLAIM_PARTS_QUERY, claims):
            parts = self._parts.setdefault(solution["node"].value, {"figures": [], "cells": []})
            if solution["figure"] is not None:
                figure = (solution["property"].value.rsplit("#", 1)[-1], solution["text"].value)
                if figure not in parts["figures"]:
                    parts["figures"].append(figure)
            elif solution["cell"] is not None and solution["cell"].value not in parts["cells"]:
                parts["cells"].append(solution["cell"].value)
        cells = {c for p in (self._parts.get(n, {}) for n in claims) for c in p.get("cells", [])}
        if cells - set(self._nodes):
            self.prepare(cells)

    def of(self, nodes: list[str]) -> list[dict]:
        """The evidence items of a result's nodes: the first node is the focus."""
        items: list[dict] = []
        for index, node in enumerate(nodes):
            role = "focus" if index == 0 else "compared"
            found = self._nodes.get(node)
            if found is None:
                continue
            if found["claim"]:
                items += self._claim_items(node, found, role)
            else:
                items.append(self._item("cell", found, role, found["box"], [found["box"]] if found["box"] else []))
        unique, seen = [], set()
        focus = [i for i in items if i["role"] == "focus"]
        compared = sorted((i for i in items if i["role"] != "focus"),
                          key=lambda i: (i["document"], i["page"] or 0, (i["box"] or [0, 0])[1], (i["box"] or [0])[0]))
        for item in focus + compared:
            key = (item["kind"], item["document"], item["page"], item["line"], item["text"], str(item["box"]))
            if key not in seen:
                seen.add(key)
                unique.append(item)
        return unique

    def _claim_items(self, node: str, found: dict, role: str) -> list[dict]:
        source = self._sources.get(found["document"])
        located = self._pages.sentence(source, found["page"], found["text"])
        found = {**found, "page": located.page or found["page"]}
        items = [self._item("sentence", found, role, _union(located.lines), located.lines)]
        parts = self._parts.get(node, {"figures": [], "cells": []})
        for _, text in parts["figures"]:
            boxes = located.figure(text)
            items.append(self._item("figure", {**found, "text": text}, role, _union(boxes), boxes))
        for cell in parts["cells"]:
            if cell in self._nodes:
                entry = self._nodes[cell]
                items.append(self._item("cell", entry, "compared", entry["box"], [entry["box"]] if entry["box"] else []))
        return items

    def _item(self, kind: str, found: dict, role: str, box, boxes: list) -> dict:
        return {
            "role": role, "kind": kind, "document": found["document"], "file": found["file"],
            "page": found["page"], "line": found["line"], "box": box, "boxes": boxes,
            "text": found["text"], "table": found["table"], "row": found["row"], "column": found["column"],
        }

    def _select(self, query: str, nodes: list[str]):
        for start in range(0, len(nodes), _BATCH):
            values = " ".join(f"<{iri}>" for iri in nodes[start:start + _BATCH])
            yield from self._store.query(query % values, use_default_graph_as_union=True)


def _union(boxes: list[list[float]]) -> list[float] | None:
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def _int(term) -> int | None:
    return int(term.value) if term is not None else None


def _text(term) -> str | None:
    return term.value if term is not None else None
