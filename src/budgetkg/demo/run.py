"""`budgetkg demo`: the whole pipeline on the fictional district."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..resources import QUERIES_DIR, ROOT
from .district import district
from .render import build_document
from .text import render_text

BUNDLED = ROOT / "data" / "demo"
DEMO_QUERIES = ("sangong-by-unit-year.rq", "operating-costs-by-unit-year.rq", "basic-vs-project.rq")


def write_district(directory: Path, departments: int = 10, years: tuple[int, ...] = (2024, 2025, 2026),
                   seed: int = 7) -> list[Path]:
    """Write every department-year as a text disclosure; returns the files, in order."""
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for index, year in enumerate(district(departments, years, seed)):
        path = directory / f"{index // len(years):02d}-{year.year}.txt"
        path.write_text(render_text(build_document(year)), encoding="utf-8")
        files.append(path)
    return files


def demo_files(directory: Path, regenerate: bool) -> list[Path]:
    """The bundled district (data/demo), or a fresh one written under the output directory."""
    if not regenerate and sorted(BUNDLED.glob("*.txt")):
        return sorted(BUNDLED.glob("*.txt"))
    return write_district(directory / "disclosures")


def summary(report: dict) -> list[str]:
    families = Counter(r["rule"][0] for r in report["results"] if r["severity"] != "info")
    units = {d["id"]: f"{d['unit']} {d['year']}" for d in report["documents"]}
    findings = Counter(units[r["document"]] for r in report["results"] if r["severity"] != "info")
    lines = [f"documents: {len(report['documents'])}",
             "violations: {violation}, warnings: {warning}, info: {info}".format(**report["summary"]),
             "findings per rule family: " + (", ".join(f"{f} {n}" for f, n in sorted(families.items())) or "none")]
    most = findings.most_common(3)
    lines.append("most findings: " + ("; ".join(f"{u} ({n})" for u, n in most) if most else "none"))
    return lines


def demo_queries() -> list[tuple[str, str]]:
    return [(name, (QUERIES_DIR / name).read_text(encoding="utf-8")) for name in DEMO_QUERIES]
