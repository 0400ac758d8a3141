"""`budgetkg demo`: the whole pipeline on the fictional district."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..queries import NamedQuery, find_query
from ..resources import ROOT
from .district import district
from .document import DemoDocument
from .render import DEFAULT_LAYOUT, FORMATS, LAYOUTS

BUNDLED = ROOT / "data" / "demo"
DEMO_QUERIES = ("sangong-by-unit-year", "operating-costs-by-unit-year", "basic-vs-project")
DEMO_DEFECTS = {"departments": 10, "years": (2024, 2025, 2026), "seed": 7, "rate": 0.25, "per_document": 1,
                "budget_departments": 3}
SHOWN_ROWS = 12


def write_district(directory: Path, departments: int = 10, years: tuple[int, ...] = (2024, 2025, 2026),
                   seed: int = 7, layouts: tuple[str, ...] = (DEFAULT_LAYOUT,),
                   formats: tuple[str, ...] = ("txt",)) -> list[Path]:
    """Write every department-year in each layout and format; returns the files, in order.

    Files are named department-year (00-2024.txt); a layout other than the default adds its
    name (00-2024-shanghai-2024.pdf). Every layout shows the same figures (same seed)."""
    files = []
    for layout in (LAYOUTS[name] for name in layouts):
        documents = [layout.build(year) for year in district(departments, years, seed, layout.district_name)]
        files += write_documents(directory, documents, len(years), formats)
    return files


def write_documents(directory: Path, documents: list[DemoDocument], years: int, formats: tuple[str, ...]) -> list[Path]:
    """Documents of consecutive department-years (`years` per department) in each format."""
    directory.mkdir(parents=True, exist_ok=True)
    width = max(2, len(str((len(documents) - 1) // years)))
    files = []
    for index, document in enumerate(documents):
        suffix = "" if document.layout == DEFAULT_LAYOUT else f"-{document.layout}"
        for extension in formats:
            path = directory / f"{index // years:0{width}d}-{document.year}{suffix}.{extension}"
            path.write_bytes(FORMATS[extension](document))
            files.append(path)
    return files


def demo_files(directory: Path, regenerate: bool, layouts: tuple[str, ...] = (),
               formats: tuple[str, ...] = ()) -> list[Path]:
    """The bundled district (data/demo, with the few planted defects of its truth.json), or a
    fresh one with the same defects written under the output directory (asked for, or implied
    by asking for layouts or formats)."""
    if not (regenerate or layouts or formats) and sorted(BUNDLED.glob("*.txt")):
        return sorted(BUNDLED.glob("*.txt"))
    from .defects import write_defective_district  # defects builds on this module

    files = []
    for layout in layouts or (DEFAULT_LAYOUT,):
        target = directory / "disclosures" / layout
        files += write_defective_district(target, layout=layout, formats=formats or ("txt",), **DEMO_DEFECTS)[0]
    return files


def summary(report: dict) -> list[str]:
    families = Counter(r["rule"][0] for r in report["results"] if r["severity"] != "info")
    units = {d["id"]: f"{d['unit']} {d['year']}" for d in report["documents"]}
    findings = Counter(units[r["document"]] for r in report["results"] if r["severity"] != "info")
    kinds = Counter(d["kind"] for d in report["documents"])
    by_kind = Counter(next(d["kind"] for d in report["documents"] if d["id"] == r["document"])
                      for r in report["results"] if r["severity"] != "info")
    lines = [f"documents: {len(report['documents'])} (决算 {kinds['final-accounts']}, 预算 {kinds['budget']})",
             "violations: {violation}, warnings: {warning}, info: {info}".format(**report["summary"]),
             "findings per rule family: " + (", ".join(f"{f} {n}" for f, n in sorted(families.items())) or "none"),
             f"findings in 决算: {by_kind['final-accounts']}, in 预算: {by_kind['budget']}"]
    most = findings.most_common(3)
    lines.append("most findings: " + ("; ".join(f"{u} ({n})" for u, n in most) if most else "none"))
    return lines


def demo_findings(report: dict) -> list[str]:
    """The violations and warnings, one line each: file, rule, message (the infos are in the reports)."""
    files = {d["id"]: Path(d["source"] or "").name for d in report["documents"]}
    found = [r for r in report["results"] if r["severity"] != "info"]
    lines = [f"findings ({len(found)} violations and warnings; planted defects in {BUNDLED.name}/truth.json):"]
    for r in found:
        where = f"p. {r['page']}" if r["page"] else ""
        lines.append(f"  {files.get(r['document'], r['document'])} [{r['rule']}] {r['severity']}: {r['message']['zh']} {where}".rstrip())
    return lines


def demo_queries() -> list[NamedQuery]:
    return [find_query(name) for name in DEMO_QUERIES]
