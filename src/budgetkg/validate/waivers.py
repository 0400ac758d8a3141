"""Waivers: a finding an officer has examined and accepted, with the reason, kept in a file next
to the documents (budgetkg-waivers.json) and keyed by the finding's fingerprint (rule, document
and its bytes, location, compared values). A waived finding stays in every report, marked as
waived; a changed document changes the fingerprint, so its waivers no longer apply and the
finding is open again."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import BudgetkgError
from .report import Report

WAIVER_FILE = "budgetkg-waivers.json"
_VERSION = 1


class BadWaivers(BudgetkgError):
    code = "bad-waivers"
    reason = "is not a waiver file"


class BadReport(BudgetkgError):
    code = "bad-report"
    reason = "is not a JSON report of budgetkg validate"


class UnknownFinding(BudgetkgError):
    code = "unknown-finding"
    reason = "has no finding with this fingerprint"


def waiver_files(sources: list[str], extra: list[Path] = ()) -> list[Path]:
    """The waiver files that apply to a batch: the one next to each document, and any named."""
    files = {Path(s).resolve().parent / WAIVER_FILE for s in sources if s}
    return sorted(f for f in files | {Path(e).resolve() for e in extra} if f.is_file())


def read_waivers(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        waivers = data["waivers"]
        assert all(isinstance(w["fingerprint"], str) and isinstance(w["reason"], str) for w in waivers)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as error:
        raise BadWaivers(path, type(error).__name__) from error
    return waivers


def apply_waivers(report: Report, files: list[Path]) -> list[dict]:
    """Mark the report's waived findings; returns the waivers that matched no finding of the
    documents checked (their document changed, or the finding is gone)."""
    waivers = {w["fingerprint"]: w for f in files for w in read_waivers(f)}
    for result in report.results:
        waiver = waivers.get(result["fingerprint"])
        if waiver is not None:
            result["status"] = "waived"
            result["waiver"] = {"reason": waiver["reason"], "by": waiver.get("by"), "date": waiver.get("date", "")}
    used = {r["fingerprint"] for r in report.results}
    checked = {str(Path(d["source"]).resolve()) for d in report.documents if d.get("source")}
    return [w for w in waivers.values() if w["fingerprint"] not in used and w.get("source") in checked]


def waive(report: dict, fingerprints: list[str], reason: str, by: str | None) -> list[Path]:
    """Add waivers for findings of a JSON report (fingerprints or unique beginnings of them), each
    to the waiver file next to its document; returns the files written."""
    sources = {d["id"]: d["source"] for d in report["documents"]}
    by_file: dict[Path, list[dict]] = {}
    for wanted in fingerprints:
        matches = [r for r in report["results"] if r["fingerprint"].startswith(wanted)]
        if len(matches) != 1 or len(wanted) < 6:
            raise UnknownFinding(wanted, f"{len(matches)} findings match" if matches else None)
        [result] = matches
        source = str(Path(sources.get(result["document"]) or "").resolve())
        target = Path(source).parent / WAIVER_FILE
        by_file.setdefault(target, []).append({
            "fingerprint": result["fingerprint"], "rule": result["rule"], "source": source,
            "page": result["page"], "message": result["message"]["zh"], "reason": reason, "by": by,
            "date": dt.date.today().isoformat(),
        })
    for target, added in by_file.items():
        kept = read_waivers(target) if target.is_file() else []
        known = {w["fingerprint"] for w in added}
        waivers = [w for w in kept if w["fingerprint"] not in known] + added
        _write(target, {"version": _VERSION, "waivers": waivers})
    return sorted(by_file)


def _write(target: Path, data: dict) -> None:
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temporary.replace(target)
