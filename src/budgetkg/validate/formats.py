"""Every report format in one place: text, json, ttl, html, csv, xlsx."""

from __future__ import annotations

from pathlib import Path

from .catalogue import load_rules
from .html import to_html
from .report import Report, to_json, to_text, to_turtle
from .tables import to_csv, to_xlsx

FORMATS = ("text", "json", "ttl", "html", "csv", "xlsx")
BINARY_FORMATS = {"xlsx"}


def render(report: Report, output_format: str, lang: str = "zh", output: Path | None = None) -> str | bytes:
    """The report in a format; the HTML links the PDFs relative to `output` when there is one."""
    if output_format == "json":
        return to_json(report)
    if output_format == "ttl":
        return to_turtle(report, {rule.id: rule for rule in load_rules()})
    if output_format == "html":
        return to_html(report, lang, output)
    if output_format == "csv":
        return to_csv(report, lang)
    if output_format == "xlsx":
        return to_xlsx(report, lang)
    return to_text(report, lang)
