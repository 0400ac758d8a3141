"""Precision of budgetkg's findings on the real corpus, against the reviewed verdicts.

Runs `budgetkg validate --format json` on every disclosure of the corpus (a two-file Jiangsu
disclosure, `X-text.pdf` + `X-tables.pdf`, as one pair), and compares every violation and warning
with the verdict file `tests/verdicts/<folder>/<stem>.tsv` (format in tests/verdicts/README.md).
Prints per document: findings, real, false, unreviewed, precision; lists the unreviewed findings
and the stale verdict lines. A file budgetkg refuses as an unknown template is listed as not read
(not an error), so that the harness covers the budgets as soon as budgetkg reads them.

    python benchmarks/precision.py [--corpus ../shared/corpus] [--verdicts tests/verdicts] [--write-missing] [--drop-stale]
                                   [--only jiangsu/renda]

Exit code 0 when every finding has a verdict and every file was read or refused as an unknown
template; 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
VERDICTS = ROOT / "tests" / "verdicts"
KEY_FIELDS = ("rule", "severity", "page", "table", "row", "column", "expected", "actual", "text")
HEADER = KEY_FIELDS + ("verdict", "why")
VERDICTS_ALLOWED = {"real", "false"}
REVIEWED_SEVERITIES = {"violation", "warning"}
DOCUMENT_SUFFIXES = {".pdf", ".txt"}
_PAIR = re.compile(r"^(?P<stem>.+)-(?P<part>text|tables)$")
_SPACE = re.compile(r"\s+")


def field_text(value) -> str:
    """A JSON field as the verdict file writes it: null empty, whitespace (tabs, newlines) one space."""
    if value is None:
        return ""
    return _SPACE.sub(" ", str(value)).strip()


def key_of(result: dict) -> tuple[str, ...]:
    """The key of a finding: its first nine JSON fields, `text` cut to 40 characters after
    collapsing whitespace."""
    values = [field_text(result.get(name)) for name in KEY_FIELDS]
    values[-1] = values[-1][:40].strip()
    return tuple(values)


@dataclass
class Comparison:
    """One document's findings against its verdicts."""

    real: list[tuple] = field(default_factory=list)
    false: list[tuple] = field(default_factory=list)
    unreviewed: list[tuple] = field(default_factory=list)
    stale: list[tuple] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return len(self.real) + len(self.false) + len(self.unreviewed)

    @property
    def precision(self) -> float | None:
        reviewed = len(self.real) + len(self.false)
        return len(self.real) / reviewed if reviewed else None


def read_verdicts(path: Path) -> list[dict]:
    """The verdict lines of a file (none when there is no file); a line with a verdict other
    than real/false counts as unreviewed."""
    if not path.exists():
        return []
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    if not lines:
        return []
    header = tuple(lines[0].split("\t"))
    if header != HEADER:
        raise ValueError(f"{path}: header must be {' / '.join(HEADER)}")
    rows = []
    for number, line in enumerate(lines[1:], 2):
        values = line.split("\t")
        if len(values) != len(HEADER):
            raise ValueError(f"{path}:{number}: {len(values)} fields, {len(HEADER)} expected")
        rows.append(dict(zip(HEADER, values)))
    return rows


def compare(results: list[dict], verdicts: list[dict]) -> Comparison:
    """Every violation and warning matched with a verdict line of the same key (lines with one
    key are used in order, once each)."""
    pending: dict[tuple, list[str]] = {}
    for row in verdicts:
        pending.setdefault(tuple(row[name] for name in KEY_FIELDS), []).append(row["verdict"].strip())
    comparison = Comparison()
    for result in results:
        if result["severity"] not in REVIEWED_SEVERITIES:
            continue
        key = key_of(result)
        verdict = pending[key].pop(0) if pending.get(key) else ""
        if verdict == "real":
            comparison.real.append(key)
        elif verdict == "false":
            comparison.false.append(key)
        else:
            comparison.unreviewed.append(key)
    comparison.stale = [key for key, left in pending.items() for _ in left]
    return comparison


def corpus_disclosures(corpus: Path) -> list[tuple[str, list[Path]]]:
    """(folder/stem, files) of every disclosure of the corpus; the parts of a two-file
    disclosure together, text first."""
    groups: dict[str, list[Path]] = {}
    for path in sorted(corpus.rglob("*")):
        if path.suffix.lower() not in DOCUMENT_SUFFIXES or not path.is_file():
            continue
        match = _PAIR.match(path.stem)
        stem = match["stem"] if match else path.stem
        groups.setdefault(f"{path.parent.relative_to(corpus).as_posix()}/{stem}", []).append(path)
    return [(name, sorted(files, key=lambda p: ("-tables" in p.stem, p.name))) for name, files in sorted(groups.items())]


@dataclass
class Run:
    """What validate made of one disclosure: its results, the files it refused as an unknown
    template, and any other error."""

    results: list[dict]
    documents: int
    refused: list[str]
    errors: list[str]


def run_validate(files: list[Path]) -> Run:
    command = [sys.executable, "-c", "from budgetkg.cli import main; main()", "validate", "--format", "json"]
    with tempfile.TemporaryDirectory(prefix="budgetkg-precision-") as directory:
        output = Path(directory) / "report.json"
        done = subprocess.run(command + ["-o", str(output)] + [str(f) for f in files],
                              capture_output=True, text=True, encoding="utf-8")
        report = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {"results": [], "documents": []}
    lines = [line for line in done.stderr.splitlines() if line.strip().endswith("]") and ": " in line]
    refused = [line for line in lines if line.endswith("[unknown-template]")]
    errors = [line for line in lines if line not in refused]
    if done.returncode not in (0, 1, 2) or (done.returncode == 2 and not lines):
        errors.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return Run(report["results"], len(report["documents"]), refused, errors)


def missing_lines(comparison: Comparison) -> list[str]:
    """Verdict lines (verdict and why empty) for the unreviewed findings."""
    return ["\t".join(key + ("", "")) for key in comparison.unreviewed]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--verdicts", type=Path, default=VERDICTS)
    parser.add_argument("--write-missing", action="store_true",
                        help="append a line with empty verdict for each unreviewed finding, to be filled in after review")
    parser.add_argument("--drop-stale", action="store_true",
                        help="remove the verdict lines that no finding matches any more (comments are kept)")
    parser.add_argument("--only", action="append", default=[], metavar="PREFIX",
                        help="only the disclosures whose folder/stem starts with PREFIX (repeatable)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no corpus there", file=sys.stderr)
        return 2
    print(f"{'document':48} {'findings':>8} {'real':>5} {'false':>5} {'unrev.':>6} {'precision':>9}")
    totals, failed = Counter(), False
    for name, files in corpus_disclosures(args.corpus):
        if args.only and not name.startswith(tuple(args.only)):
            continue
        run = run_validate(files)
        verdict_file = args.verdicts / f"{name}.tsv"
        comparison = compare(run.results, read_verdicts(verdict_file))
        if run.documents == 0:
            print(f"{name:48} not read" + (f" ({run.refused[0].rsplit('[', 1)[-1].rstrip(']')})" if run.refused else ""))
        else:
            print(f"{name:48} {comparison.findings:8} {len(comparison.real):5} {len(comparison.false):5} "
                  f"{len(comparison.unreviewed):6} {_percent(comparison.precision):>9}")
            totals.update(findings=comparison.findings, real=len(comparison.real), false=len(comparison.false),
                          unreviewed=len(comparison.unreviewed))
        for key in comparison.unreviewed:
            print(f"    unreviewed: {' | '.join(key)}")
        for key in comparison.stale:
            print(f"    stale verdict (no longer found): {' | '.join(key)}")
        for line in run.errors:
            print(f"    error: {line}")
        if args.drop_stale and comparison.stale:
            _drop(verdict_file, comparison.stale)
        if args.write_missing and comparison.unreviewed:
            _append(verdict_file, missing_lines(comparison))
        failed |= bool(comparison.unreviewed or run.errors)
    reviewed = totals["real"] + totals["false"]
    print(f"{'all':48} {totals['findings']:8} {totals['real']:5} {totals['false']:5} {totals['unreviewed']:6} "
          f"{_percent(totals['real'] / reviewed if reviewed else None):>9}")
    return 1 if failed else 0


def _drop(path: Path, stale: list[tuple]) -> None:
    """Rewrite a verdict file without its stale lines: for a key left over n times, the last n
    lines with that key (the harness matches lines of one key in order)."""
    left = Counter(stale)
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = []
    for line in reversed(lines):
        key = tuple(line.split("\t")[:len(KEY_FIELDS)])
        if not line.startswith("#") and left.get(key):
            left[key] -= 1
            continue
        kept.append(line)
    path.write_text("".join(line + "\n" for line in reversed(kept)), encoding="utf-8")


def _append(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or not path.read_text(encoding="utf-8").strip()
    with path.open("a", encoding="utf-8") as stream:
        if new:
            stream.write("\t".join(HEADER) + "\n")
        stream.writelines(line + "\n" for line in lines)


if __name__ == "__main__":
    sys.exit(main())
