"""The rule catalogue, read from the shapes: one SHACL-SPARQL shape per rule of RULES.md, with its
ID, version, family, severity, zh/en message templates and source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from ..resources import SHAPES_DIR
from ..vocab import BK

RULES_DIR = SHAPES_DIR / "rules"
_LEVEL = re.compile(r'"(violation|warning|info)"')


@dataclass(frozen=True)
class Rule:
    id: str
    version: str
    family: str
    severity: str  # violation | warning | info
    label: dict[str, str]
    message: dict[str, str]
    source: str
    query: str  # the SELECT with its PREFIX declarations
    shape: URIRef

    @property
    def levels(self) -> list[str]:
        """Every severity a result of the rule can have: its own and those its query binds to ?level."""
        found = {self.severity} | set(_LEVEL.findall(self.query))
        return [s for s in ("violation", "warning", "info") if s in found]

    @property
    def severity_text(self) -> str:
        """The severities as the report gives them: an info below the rule's own severity is a
        gap within rounding (尾差)."""
        return ", ".join(f"{s} (rounding)" if s == "info" and self.severity != "info" else s for s in self.levels)


def _texts(graph: Graph, subject, predicate) -> dict[str, str]:
    return {o.language or "": str(o) for o in graph.objects(subject, predicate)}


def _prefix_header(graph: Graph, constraint) -> str:
    lines = []
    for declarations in graph.objects(constraint, SH.prefixes):
        for declaration in graph.objects(declarations, SH.declare):
            lines.append(f"PREFIX {graph.value(declaration, SH.prefix)}: <{graph.value(declaration, SH.namespace)}>")
    return "\n".join(sorted(set(lines)))


def shapes_graph(directory: Path = RULES_DIR) -> Graph:
    graph = Graph()
    for path in sorted(directory.rglob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=None)
def load_rules(directory: Path = RULES_DIR) -> tuple[Rule, ...]:
    graph = shapes_graph(directory)
    rules = []
    for shape in graph.subjects(BK.ruleId, None):
        constraint = graph.value(shape, SH.sparql)
        rules.append(Rule(
            id=str(graph.value(shape, BK.ruleId)),
            version=str(graph.value(shape, BK.ruleVersion)),
            family=str(graph.value(shape, BK.ruleFamily)),
            severity=str(graph.value(shape, SH.severity)).rsplit("#", 1)[-1].lower(),
            label=_texts(graph, shape, RDFS.label),
            message=_texts(graph, constraint, SH.message),
            source=str(graph.value(shape, DCTERMS.source) or ""),
            query=_prefix_header(graph, constraint) + "\n" + str(graph.value(constraint, SH.select)),
            shape=shape,
        ))
    assert all((r.shape, RDF.type, SH.NodeShape) in graph for r in rules)
    return tuple(sorted(rules, key=lambda r: (r.family, r.id)))


FAMILIES = {
    "C": ("完整性与格式", "completeness and form"),
    "A": ("表内运算", "arithmetic inside one table"),
    "X": ("表间关系", "across tables"),
    "N": ("说明与报表", "narrative against tables and itself"),
    "Y": ("跨年度", "across years"),
    "D": ("跨文件与部门", "across documents and departments"),
}


def catalogue_markdown(rules: tuple[Rule, ...] | None = None) -> str:
    """The rule catalogue page, made from the shapes so that it cannot drift from them."""
    rules = rules if rules is not None else load_rules()
    lines = ["# Rule catalogue", "",
             "Generated from `shapes/rules/` by `budgetkg rules`; do not edit by hand.", ""]
    for family, (zh, en) in FAMILIES.items():
        chosen = [r for r in rules if r.family == family]
        if not chosen:
            continue
        lines += [f"## {family} — {zh} / {en}", "",
                  "| ID | version | severity | rule | message (zh) | message (en) | source |",
                  "|---|---|---|---|---|---|---|"]
        for r in chosen:
            cells = [r.id, r.version, r.severity_text, f"{r.label.get('zh', '')} / {r.label.get('en', '')}",
                     r.message.get("zh", ""), r.message.get("en", ""), r.source]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def rule_markdown(rule: Rule) -> str:
    """One rule in full: what it checks, its severities, messages, source and query."""
    zh, en = FAMILIES.get(rule.family, ("", ""))
    lines = [f"# {rule.id} {rule.label.get('zh', '')} / {rule.label.get('en', '')}", "",
             f"- family: {rule.family} — {zh} / {en}", f"- version: {rule.version}",
             f"- severity: {rule.severity_text}", f"- source: {rule.source}",
             f"- message (zh): {rule.message.get('zh', '')}", f"- message (en): {rule.message.get('en', '')}",
             f"- shape: {rule.shape}", "", "```sparql", rule.query.strip(), "```", ""]
    return "\n".join(lines)
