"""Validation reports: data first (the JSON of DESIGN.md), then text, Turtle and HTML."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, XSD

from ..vocab import BK
from .engine import Result
from .evidence import Evidence, referenced_nodes

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


SCHEMA_VERSION = "2.1.0"

# A code the year's list lacks carries its notation in the disclosure's own graph (mapping), a
# listed one in the reference graph.
_UNLISTED_QUERY = """
PREFIX bk: <https://w3id.org/budgetkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?d (COUNT(DISTINCT ?code) AS ?n) WHERE { GRAPH ?d { ?d a bk:Disclosure . ?concept skos:notation ?code } } GROUP BY ?d
"""


@dataclass
class Report:
    documents: list[dict]
    results: list[dict]
    not_checked: list[dict] = field(default_factory=list)  # files that could not be read: source, code, reason

    @property
    def open_results(self) -> list[dict]:
        return [r for r in self.results if r["status"] == "open"]

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(r["severity"] for r in self.open_results)
        return {severity: counts.get(severity, 0) for severity in SEVERITIES}

    @property
    def conforms(self) -> bool:
        return self.summary["violation"] == 0

    def as_dict(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, "conforms": self.conforms, "summary": self.summary,
                "documents": self.documents, "not_checked": self.not_checked, "results": self.results}


def _display(value: str | Decimal, decimals: int | None) -> str:
    """A bound value as displayed: a number with the decimals of the figure it is about (or as
    short as it goes), anything else as its text."""
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, Decimal):
        return value
    if decimals is None:
        return format(value.normalize(), "f")
    return format(value.quantize(Decimal(1).scaleb(-decimals)), "f")


_BLANKS_READ_AS_ZERO = {"zh": "（空白单元格按 0 计）", "en": " (blank cells read as 0)"}
# A rule that can only say a gap is within rounding (its result is an info, the rule's own
# severity is higher) must not call the figures inconsistent.
_ROUNDING = {"zh": (("不符", "相差在尾差范围内"), "尾差："), "en": (("differs from", "differs by rounding only from"), "rounding: ")}
_WHITESPACE = re.compile(r"\s+")


def _message(template: str, values: dict[str, str | None], lang: str, read_blanks: bool, rounding: bool) -> str:
    """The rule's message with the compared values, on one line; a result that rests on reading
    blank cells as 0 says so, a rounding gap says it is one."""
    text = _WHITESPACE.sub(" ", _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or "", template)).strip()
    if rounding:
        (word, replacement), prefix = _ROUNDING[lang]
        text = prefix + text.replace(word, replacement)
    return text + _BLANKS_READ_AS_ZERO[lang] if read_blanks else text


def build_report(store: ox.Store, results: list[Result], sources: dict[str, str] | None = None,
                 validated: list[str] | None = None) -> Report:
    """The report of the results; it lists the validated disclosures (default: all in the store).
    Results with the same rule, focus and values are reported once, with their count."""
    contexts = _contexts(store, {r.focus for r in results})
    every_document = _documents(store, sources or {})
    documents = every_document if validated is None else [d for d in every_document if d["id"] in set(validated)]
    evidence = Evidence(store, {d["id"]: d["source"] for d in every_document})
    nodes = {id(r): referenced_nodes(r.focus, r.bindings) for r in results}
    evidence.prepare({n for found in nodes.values() for n in found})
    digests = {d["id"]: d["sha256"] for d in documents}
    rows: dict[tuple, dict] = {}
    for result in sorted(results, key=lambda r: (r.disclosure, SEVERITIES.index(r.severity), r.rule.id, r.focus)):
        row = _row(result, contexts.get(result.focus, {}), evidence.of(nodes[id(result)]))
        key = (row["rule"], row["document"], row["focus"], row["severity"], row["message"]["zh"], row["expected"], row["actual"])
        if key in rows:
            _merge(rows[key], row)
        else:
            rows[key] = row
    for row in rows.values():
        row["fingerprint"] = fingerprint(row, digests.get(row["document"], ""))
    return Report(documents, list(rows.values()))


_FIGURE_TEXT = re.compile(r"-?[\d,]+(\.\d+)?(万元|亿元|元|%)?")


def _is_figure(value) -> bool:
    return value is not None and bool(_FIGURE_TEXT.fullmatch(str(value).strip()))


def _row(result: Result, context: dict, evidence: list[dict]) -> dict:
    decimals = int(result.bindings.get("decimals", context.get("decimals") or -1))
    read_blanks = bool(result.bindings.get("blanks"))
    # an info of a rule that can say more is a rounding gap when it compares two figures; a
    # "not checkable" info compares nothing
    rounding = (result.severity == "info" and result.rule.severity != "info"
                and all(_is_figure(result.bindings.get(name)) for name in ("expected", "actual")))
    values = {"table": context.get("role"), "row": context.get("row"), "column": context.get("column")}
    values.update({k: _display(v, decimals if decimals >= 0 else None) for k, v in result.bindings.items()})
    return {
        "rule": result.rule.id,
        "rule_version": result.rule.version,
        "severity": result.severity,
        "message": {lang: _message(result.rule.message.get(lang, ""), values, lang, read_blanks, rounding)
                    for lang in ("zh", "en")},
        "document": result.disclosure,
        "focus": result.focus,
        "table": values["table"],
        "row": values["row"],
        "column": values["column"],
        "expected": values.get("expected"),
        "actual": values.get("actual"),
        "page": next((e["page"] for e in evidence if e["role"] == "focus" and e["page"]),
                     int(context["page"]) if context.get("page") else None),
        "text": context.get("text"),
        "rounding": rounding,
        "count": 1,
        "evidence": evidence,
        "fingerprint": "",
        "status": "open",
        "waiver": None,
    }


def _merge(kept: dict, row: dict) -> None:
    kept["count"] += 1
    for item in row["evidence"]:
        if item not in kept["evidence"]:
            kept["evidence"].append(item)


def fingerprint(row: dict, document_sha256: str) -> str:
    """A stable key of a finding: rule, document (its identity and its bytes: a changed document
    re-opens its waivers), location and the compared values as printed."""
    cited = sorted((e["kind"], e["page"] or 0, e["line"] or 0, e["text"], e["table"] or "", e["row"] or "",
                    e["column"] or "") for e in row["evidence"])
    key = [row["rule"], row["document"], document_sha256, row["focus"], row["table"], row["row"], row["column"],
           row["expected"], row["actual"], cited]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()[:20]


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
    unlisted = {s["d"].value: int(s["n"].value) for s in store.query(_UNLISTED_QUERY) if s["d"] is not None}
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
            "unlisted_codes": unlisted.get(iri, 0),
        })
    return sorted(documents, key=lambda d: d["id"])


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"


_LABELS = {
    "zh": {"violation": "违规", "warning": "警告", "info": "提示", "conforms": "未发现违规", "page": "第{}页",
           "summary": "违规 {violation} 项，警告 {warning} 项，提示 {info} 项", "waived": "（已豁免：{}）",
           "count": "（{} 次）", "not_checked": "== 未检查的文件 ({})", "reason": "原因",
           "unlisted": "代码表未收录的科目 {} 个：其名称无法核对（X-09 提示），仍参与各项汇总核对"},
    "en": {"violation": "violations", "warning": "warnings", "info": "info", "conforms": "no violation found",
           "page": "page {}", "summary": "{violation} violations, {warning} warnings, {info} info",
           "waived": " (waived: {})", "count": " ({} times)", "not_checked": "== files not checked ({})",
           "reason": "reason",
           "unlisted": "{} codes not in budgetkg's list for the year: their names were not checked (X-09 info); they still take part in every sum"},
}


def to_text(report: Report, lang: str = "zh") -> str:
    """By document and severity; waived findings marked, files not checked listed at the end."""
    labels = _LABELS[lang]
    lines = [labels["summary"].format(**report.summary)]
    by_document: dict[str, list[dict]] = {}
    for result in report.results:
        by_document.setdefault(result["document"], []).append(result)
    for document in report.documents:
        results = by_document.get(document["id"], [])
        lines.append("")
        lines.append(f"== {document['unit']} {document['year']} ({document['source']})")
        if document.get("unlisted_codes"):
            lines.append(f"   {labels['unlisted'].format(document['unlisted_codes'])}")
        if not results:
            lines.append(f"   {labels['conforms']}")
        for severity in SEVERITIES:
            chosen = [r for r in results if r["severity"] == severity]
            if chosen:
                lines.append(f"-- {labels[severity]} ({len(chosen)})")
            for r in chosen:
                lines.append(_text_line(r, labels, lang))
    if report.not_checked:
        lines += ["", labels["not_checked"].format(len(report.not_checked))]
        lines += [f"   {n['source']}: {unreadable_reason(n, lang)} [{n['code']}]" for n in report.not_checked]
    return "\n".join(lines) + "\n"


_UNREADABLE_ZH = {
    "file-missing": "文件不存在", "empty-file": "文件为空", "unsupported-format": "不是可读的格式（PDF 或 UTF-8 文本）",
    "not-a-pdf": "文件名为 .pdf 但不是 PDF", "encrypted-pdf": "PDF 已加密，无密码无法打开",
    "damaged-pdf": "PDF 已损坏，无法解析", "no-text-layer": "PDF 没有文字层（扫描件？），请先做文字识别",
    "unknown-template": "没有与该文件相符的模板", "invalid-rdf": "不是可作为公开文件读取的 RDF",
}


def unreadable_reason(item: dict, lang: str) -> str:
    """Why a file was not checked, in the report's language (the English reason as detail)."""
    if lang == "zh" and item["code"] in _UNREADABLE_ZH:
        return f"{_UNREADABLE_ZH[item['code']]}（{item['reason']}）"
    return item["reason"]


def _text_line(r: dict, labels: dict, lang: str) -> str:
    where = " ".join(p for p in (r["table"], r["row"], r["column"],
                                 labels["page"].format(r["page"]) if r["page"] else None) if p)
    line = f"   [{r['rule']}] {r['message'][lang]}" + (f"  @ {where}" if where else "")
    if r["count"] > 1:
        line += labels["count"].format(r["count"])
    if r["status"] == "waived":
        line += labels["waived"].format(r["waiver"]["reason"])
    return line


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
    graph.add((result, BK.fingerprint, Literal(r["fingerprint"])))
    graph.add((result, BK.resultCount, Literal(r["count"])))
    if r["waiver"]:
        graph.add((result, BK.waiverReason, Literal(r["waiver"]["reason"])))
    for index, item in enumerate(r["evidence"], 1):
        _describe_evidence(graph, result, URIRef(f"{result}/evidence-{index}") if isinstance(result, URIRef) else BNode(), item)


def _describe_evidence(graph: Graph, result, node, item: dict) -> None:
    """One compared value of a result, as a source span: its document, page, box and text."""
    graph.add((result, BK.evidence, node))
    graph.add((node, RDF.type, BK.SourceSpan))
    graph.add((node, BK.evidenceRole, Literal(item["role"])))
    graph.add((node, BK.evidenceKind, Literal(item["kind"])))
    graph.add((node, DCTERMS.isPartOf, URIRef(item["document"])))
    graph.add((node, BK.sourceFile, URIRef(item["file"])))
    graph.add((node, BK.text, Literal(item["text"])))
    if item["page"] is not None:
        graph.add((node, BK.page, Literal(item["page"], datatype=XSD.integer)))
    if item["line"] is not None:
        graph.add((node, BK.line, Literal(item["line"], datatype=XSD.integer)))
    if item["box"] is not None:
        graph.add((node, BK.bbox, Literal(" ".join(f"{v:g}" for v in item["box"]))))


def to_turtle(report: Report, rules_by_id: dict) -> str:
    return validation_graph(report, rules_by_id).serialize(format="turtle")
