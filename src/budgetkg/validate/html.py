"""The HTML report for compliance officers: one self-contained file (no server, no network), made
from templates/report.html.j2: a batch overview, then per document its findings grouped by rule,
each with the compared values side by side and a picture of the cited page region."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .catalogue import FAMILIES, load_rules
from .pictures import PagePictures
from .report import SEVERITIES, Report, unreadable_reason

LABELS = {
    "zh": {
        "title": "披露检查报告", "overview": "批次概览", "document": "文件", "unit": "单位", "year": "年度",
        "violation": "违规", "warning": "警告", "info": "提示", "waived": "已豁免", "not_checked": "未检查",
        "reason": "原因", "all": "全部", "severity": "严重程度", "family": "规则类别", "findings": "发现",
        "rule": "规则", "message": "说明", "page": "页码", "value": "数值", "printed": "印出文字",
        "where": "位置", "focus": "被检查的数", "compared": "对照的数", "open_pdf": "打开 PDF 第 {} 页",
        "rounding": "尾差提示 {} 项（点击展开）", "count": "同一结果出现 {} 次", "waiver": "豁免原因：{}",
        "no_findings": "未发现问题", "basis": "依据", "fingerprint": "指纹", "sentence": "语句",
        "figure": "说明中的数", "cell": "表中单元格", "line": "第 {} 行", "summary": "违规 {violation} 项，警告 {warning} 项，提示 {info} 项",
        "documents": "共 {} 个文件", "filter": "筛选", "sep": "；",
        "document_of": "文件：{}（{}）", "role_of": "{}（{}）", "labelled": "{}：{}", "picture": "第 {} 页截图，被检查的数框为红色，对照的数框为蓝色",
    },
    "en": {
        "title": "Disclosure check report", "overview": "Batch overview", "document": "Document", "unit": "Unit",
        "year": "Year", "violation": "violations", "warning": "warnings", "info": "info", "waived": "waived",
        "not_checked": "not checked", "reason": "reason", "all": "all", "severity": "Severity", "family": "Rule family",
        "findings": "findings", "rule": "Rule", "message": "Message", "page": "Page", "value": "Value",
        "printed": "Printed text", "where": "Where", "focus": "checked value", "compared": "compared with",
        "open_pdf": "open the PDF at page {}", "rounding": "{} rounding infos (click to show)",
        "count": "the same result {} times", "waiver": "waived: {}", "no_findings": "no finding",
        "basis": "basis", "fingerprint": "fingerprint", "sentence": "sentence", "figure": "narrative figure",
        "cell": "table cell", "line": "line {}", "summary": "{violation} violations, {warning} warnings, {info} info",
        "documents": "{} documents", "filter": "Filter", "sep": "; ",
        "document_of": "Document: {} ({})", "role_of": "{} ({})", "labelled": "{}: {}",
        "picture": "page {}: the checked value boxed red, the values it was compared with blue",
    },
}


def _environment() -> Environment:
    return Environment(loader=PackageLoader("budgetkg", "templates"), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def to_html(report: Report, lang: str = "zh", output: Path | None = None) -> str:
    """The report page; links to the PDFs are relative to the output file when there is one."""
    rules = {rule.id: rule for rule in load_rules()}
    pictures = PagePictures()
    sources = {d["id"]: d["source"] for d in report.documents if d["source"]}
    by_document: dict[str, list[dict]] = {}
    for result in report.results:
        by_document.setdefault(result["document"], []).append(result)
    documents = []
    for index, document in enumerate(report.documents):
        results = by_document.get(document["id"], [])
        documents.append({
            **document, "anchor": f"doc-{index + 1}", "name": _name(document),
            "counts": _counts(results), "groups": _groups(results, rules, lang, pictures, sources, output),
        })
    families = sorted({r["rule"][0] for r in report.results}, key=list(FAMILIES).index)
    template = _environment().get_template("report.html.j2")
    return template.render(
        lang=lang, t=LABELS[lang], summary=report.summary, documents=documents,
        not_checked=[{**n, "reason": unreadable_reason(n, lang)} for n in report.not_checked],
        severities=SEVERITIES, families=[(f, FAMILIES[f][0 if lang == "zh" else 1]) for f in families],
    )


def _name(document: dict) -> str:
    return " ".join(str(p) for p in (document.get("unit"), document.get("year")) if p) or str(document.get("source"))


def _counts(results: list[dict]) -> dict[str, int]:
    counts = Counter(r["severity"] for r in results if r["status"] == "open")
    found = {s: counts.get(s, 0) for s in SEVERITIES}
    found["waived"] = sum(1 for r in results if r["status"] == "waived")
    return found


def _groups(results: list[dict], rules: dict, lang: str, pictures: PagePictures, sources: dict[str, str],
            output: Path | None) -> list[dict]:
    groups: dict[str, dict] = {}
    for result in sorted(results, key=lambda r: (SEVERITIES.index(r["severity"]), r["rule"])):
        rule = rules.get(result["rule"])
        group = groups.setdefault(result["rule"], {
            "rule": result["rule"], "family": result["rule"][0],
            "title": rule.label.get(lang, "") if rule else "", "basis": rule.source if rule else "",
            "family_name": FAMILIES.get(result["rule"][0], ("", ""))[0 if lang == "zh" else 1],
            "findings": [], "rounding": [],
        })
        finding = {**result, "text_message": result["message"][lang],
                   "pictures": pictures.regions(result["evidence"], sources),
                   "link": _pdf_link(result, sources, output), "sentence": _sentence(result["evidence"])}
        (group["rounding"] if result["rounding"] else group["findings"]).append(finding)
    return list(groups.values())


def _pdf_link(result: dict, sources: dict[str, str], output: Path | None) -> str | None:
    """A link that opens the PDF at the finding's page."""
    focus = next((e for e in result["evidence"] if e["page"] and e["document"] in sources), None)
    if focus is None or not sources[focus["document"]].lower().endswith(".pdf"):
        return None
    source = Path(sources[focus["document"]]).resolve()
    if output is not None:
        target = Path(os.path.relpath(source, output.resolve().parent)).as_posix()
    else:
        target = source.as_uri()
    return f"{target}#page={focus['page']}"


def _sentence(evidence: list[dict]) -> list[tuple[str, bool]] | None:
    """The focus sentence as pieces, the figures it states marked, for narrative findings."""
    sentence = next((e for e in evidence if e["kind"] == "sentence"), None)
    if sentence is None:
        return None
    figures = [e["text"] for e in evidence if e["kind"] == "figure" and e["role"] == "focus"]
    pieces, rest = [], sentence["text"]
    while rest:
        found = [(rest.find(f), f) for f in figures if f and rest.find(f) >= 0]
        if not found:
            pieces.append((rest, False))
            break
        start, figure = min(found)
        if start:
            pieces.append((rest[:start], False))
        pieces.append((figure, True))
        rest = rest[start + len(figure):]
    return pieces
