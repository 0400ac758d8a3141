"""Validation reports: data first (the JSON of DESIGN.md), then text, Turtle and HTML."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from ..vocab import BK
from .engine import Result

SEVERITIES = ("violation", "warning", "info")
_SH_SEVERITY = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
_PLACEHOLDER = re.compile(r"\{\?(\w+)\}")

_CONTEXT_QUERY = """
PREFIX bk: <https://w3id.org/budgetkg/ontology#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?focus ?role ?row ?column ?page ?line ?text ?decimals WHERE {
  VALUES ?focus { %s }
  OPTIONAL { ?focus qb:dataSet/bk:role/skos:notation ?role }
  OPTIONAL { ?focus bk:role/skos:notation ?role }
  OPTIONAL { ?focus bk:rowLabel ?row }
  OPTIONAL { ?focus bk:column/skos:prefLabel ?column FILTER(LANG(?column) = "zh") }
  OPTIONAL { ?focus bk:decimals ?decimals }
  OPTIONAL { ?focus prov:wasDerivedFrom ?span .
             OPTIONAL { ?span bk:page ?page } OPTIONAL { ?span bk:line ?line } OPTIONAL { ?span bk:text ?text } }
}
"""

_DOCUMENT_QUERY = """
PREFIX bk: <https://w3id.org/budgetkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?d ?source ?sha ?unit ?year ?kind ?profile WHERE {
  ?d a bk:Disclosure ; bk:profile ?profile ; prov:wasDerivedFrom ?file .
  ?file bk:sha256 ?sha . OPTIONAL { ?file <http://www.w3.org/2000/01/rdf-schema#label> ?source }
  OPTIONAL { ?d bk:organization/skos:prefLabel ?unit } OPTIONAL { ?d bk:fiscalYear ?year }
  OPTIONAL { ?d bk:kind ?kindNode . BIND(IF(?kindNode = bk:FinalAccounts, "final-accounts", "budget") AS ?kind) }
}
"""


@dataclass
class Report:
    documents: list[dict]
    results: list[dict]

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(r["severity"] for r in self.results)
        return {severity: counts.get(severity, 0) for severity in SEVERITIES}

    @property
    def conforms(self) -> bool:
        return self.summary["violation"] == 0

    def as_dict(self) -> dict:
        return {"conforms": self.conforms, "summary": self.summary, "documents": self.documents, "results": self.results}


def _display(value: str | Decimal, decimals: int | None) -> str:
    """A bound value as displayed: a number with the decimals of the figure it is about (or as
    short as it goes), anything else as its text."""
    if not isinstance(value, Decimal):
        return value
    if decimals is None:
        return format(value.normalize(), "f")
    return format(value.quantize(Decimal(1).scaleb(-decimals)), "f")


_BLANKS_READ_AS_ZERO = {"zh": "（空白单元格按 0 计）", "en": " (blank cells read as 0)"}


def _message(template: str, values: dict[str, str | None], lang: str, read_blanks: bool) -> str:
    """The rule's message with the compared values; a result that rests on reading blank cells as
    0 says so."""
    text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or "", template)
    return text + _BLANKS_READ_AS_ZERO[lang] if read_blanks else text


def build_report(store: ox.Store, results: list[Result], sources: dict[str, str] | None = None,
                 validated: list[str] | None = None) -> Report:
    """The report of the results; it lists the validated disclosures (default: all in the store)."""
    contexts = _contexts(store, {r.focus for r in results})
    documents = _documents(store, sources or {})
    if validated is not None:
        chosen = set(validated)
        documents = [d for d in documents if d["id"] in chosen]
    rows = []
    for result in sorted(results, key=lambda r: (r.disclosure, SEVERITIES.index(r.severity), r.rule.id, r.focus)):
        context = contexts.get(result.focus, {})
        decimals = int(result.bindings.get("decimals", context.get("decimals") or -1))
        read_blanks = bool(result.bindings.get("blanks"))
        values = {"table": context.get("role"), "row": context.get("row"), "column": context.get("column")}
        values.update({k: _display(v, decimals if decimals >= 0 else None) for k, v in result.bindings.items()})
        rows.append({
            "rule": result.rule.id,
            "rule_version": result.rule.version,
            "severity": result.severity,
            "message": {lang: _message(result.rule.message.get(lang, ""), values, lang, read_blanks)
                        for lang in ("zh", "en")},
            "document": result.disclosure,
            "focus": result.focus,
            "table": values["table"],
            "row": values["row"],
            "column": values["column"],
            "expected": values.get("expected"),
            "actual": values.get("actual"),
            "page": int(context["page"]) if context.get("page") else None,
            "text": context.get("text"),
        })
    return Report(documents, rows)


def _contexts(store: ox.Store, foci: set[str]) -> dict[str, dict[str, str]]:
    contexts: dict[str, dict[str, str]] = {}
    iris = sorted(f for f in foci if f)
    for start in range(0, len(iris), 500):
        values = " ".join(f"<{iri}>" for iri in iris[start:start + 500])
        for solution in store.query(_CONTEXT_QUERY % values, use_default_graph_as_union=True):
            found = contexts.setdefault(solution["focus"].value, {})
            for name in ("role", "row", "column", "page", "line", "text", "decimals"):
                if solution[name] is not None and name not in found:
                    found[name] = solution[name].value
    return contexts


def _documents(store: ox.Store, sources: dict[str, str]) -> list[dict]:
    documents, seen = [], set()
    for s in store.query(_DOCUMENT_QUERY, use_default_graph_as_union=True):
        iri = s["d"].value
        if iri in seen:  # a disclosure read from two files (narrative + tables): named once
            continue
        seen.add(iri)
        documents.append({
            "id": iri,
            "source": sources.get(iri) or (s["source"].value if s["source"] else None),
            "sha256": s["sha"].value,
            "unit": s["unit"].value if s["unit"] else None,
            "year": int(s["year"].value) if s["year"] else None,
            "kind": s["kind"].value if s["kind"] else None,
            "profile": s["profile"].value,
        })
    return sorted(documents, key=lambda d: d["id"])


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


_LABELS = {
    "zh": {"violation": "违规", "warning": "警告", "info": "提示", "conforms": "未发现违规", "page": "第{}页",
           "summary": "违规 {violation} 项，警告 {warning} 项，提示 {info} 项"},
    "en": {"violation": "violations", "warning": "warnings", "info": "info", "conforms": "no violation found",
           "page": "page {}", "summary": "{violation} violations, {warning} warnings, {info} info"},
}


def to_text(report: Report, lang: str = "zh") -> str:
    labels = _LABELS[lang]
    lines = [labels["summary"].format(**report.summary)]
    by_document: dict[str, list[dict]] = {}
    for result in report.results:
        by_document.setdefault(result["document"], []).append(result)
    for document in report.documents:
        results = by_document.get(document["id"], [])
        lines.append("")
        lines.append(f"== {document['unit']} {document['year']} ({document['source']})")
        if not results:
            lines.append(f"   {labels['conforms']}")
        for severity in SEVERITIES:
            chosen = [r for r in results if r["severity"] == severity]
            if chosen:
                lines.append(f"-- {labels[severity]} ({len(chosen)})")
            for r in chosen:
                where = " ".join(p for p in (r["table"], r["row"], r["column"],
                                             labels["page"].format(r["page"]) if r["page"] else None) if p)
                lines.append(f"   [{r['rule']}] {r['message'][lang]}" + (f"  @ {where}" if where else ""))
    return "\n".join(lines) + "\n"


def validation_iri(document: str) -> URIRef:
    """The named graph (and report node) of one disclosure's validation results in a store."""
    return URIRef(f"{document}/validation")


def validation_graph(report: Report, rules_by_id: dict, document: str | None = None) -> Graph:
    """The report as a sh:ValidationReport: of the whole report (a blank report node), or of one
    document (report and results under the document's IRI, for storing and publishing)."""
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("bk", BK)
    node = validation_iri(document) if document else BNode()
    results = [r for r in report.results if document is None or r["document"] == document]
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(all(r["severity"] != "violation" for r in results))))
    numbers: Counter = Counter()
    for r in results:
        numbers[r["rule"]] += 1
        result = URIRef(f"{node}/{r['rule']}-{numbers[r['rule']]}") if document else BNode()
        _describe_result(graph, node, result, r, rules_by_id[r["rule"]])
    return graph


def _describe_result(graph: Graph, report: URIRef | BNode, result: URIRef | BNode, r: dict, rule) -> None:
    graph.add((report, SH.result, result))
    graph.add((result, RDF.type, SH.ValidationResult))
    graph.add((result, SH.focusNode, URIRef(r["document"])))
    if r["focus"]:
        graph.add((result, SH.value, URIRef(r["focus"])))
    graph.add((result, SH.resultSeverity, _SH_SEVERITY[r["severity"]]))
    graph.add((result, SH.sourceShape, rule.shape))
    graph.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    for lang, text in r["message"].items():
        graph.add((result, SH.resultMessage, Literal(text, lang=lang)))
    graph.add((result, BK.ruleId, Literal(r["rule"])))
    graph.add((result, BK.ruleVersion, Literal(r["rule_version"])))
    for key, prop in (("expected", BK.expected), ("actual", BK.actual)):
        if r.get(key) is not None:
            graph.add((result, prop, Literal(r[key])))


def to_turtle(report: Report, rules_by_id: dict) -> str:
    return validation_graph(report, rules_by_id).serialize(format="turtle")


def to_html(report: Report, lang: str = "zh") -> str:
    labels = _LABELS[lang]
    rows = "\n".join(
        f"<tr class=\"{r['severity']}\"><td>{html.escape(r['rule'])}</td><td>{labels[r['severity']]}</td>"
        f"<td>{html.escape(r['message'][lang])}</td><td>{html.escape(r['table'] or '')}</td>"
        f"<td>{html.escape(r['row'] or '')}</td><td>{html.escape(r['column'] or '')}</td>"
        f"<td>{r['page'] or ''}</td><td>{html.escape(r['text'] or '')}</td></tr>"
        for r in report.results
    )
    documents = "".join(f"<li>{html.escape(str(d['unit']))} {d['year']} — {html.escape(str(d['source']))}</li>"
                        for d in report.documents)
    return (
        f"<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\"><title>budgetkg</title>"
        "<style>body{font-family:sans-serif}td{border-bottom:1px solid #ddd;padding:2px 6px}"
        ".violation td:nth-child(2){color:#b00}.warning td:nth-child(2){color:#b60}</style>"
        f"<h1>{labels['summary'].format(**report.summary)}</h1><ul>{documents}</ul>"
        f"<table><tr><th>rule</th><th>severity</th><th>message</th><th>table</th><th>row</th><th>column</th>"
        f"<th>page</th><th>text</th></tr>{rows}</table></html>\n"
    )
