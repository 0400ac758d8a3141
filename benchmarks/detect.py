"""Detection of planted defects: precision and recall of the rule catalogue.

Writes a fictional district with defects planted at a rate (budgetkg.demo.defects), reads and
validates it department by department (the unit's years together), matches the findings to the
truth file by rule and disclosure (unit and year), and prints per rule and per family the defects
planted, true and false positives, misses, precision and recall. Violations and warnings count;
infos only for the info rules (Y-04), the others (rounding hints) are counted apart.

    python benchmarks/detect.py [--departments 20] [--years 2024,2025,2026] [--seed 1] [--rate 0.8]
                                [--per-document 3] [--layout national-2020] [--format txt] [--keep DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from budgetkg.demo.defects import write_defective_district
from budgetkg.demo.detection import Counts, by_family, rounding_infos, score, validate_district
from budgetkg.demo.render import FORMATS, LAYOUTS

TARGET = 0.95


def _row(name: str, counts: Counts) -> str:
    return (f"{name:<8}{counts.planted:>8}{counts.tp:>6}{counts.fp:>6}{counts.fn:>6}"
            f"{counts.precision:>11.3f}{counts.recall:>9.3f}")


def _table(title: str, scores: dict[str, Counts]) -> list[str]:
    lines = [f"{title:<8}{'planted':>8}{'TP':>6}{'FP':>6}{'FN':>6}{'precision':>11}{'recall':>9}"]
    return lines + [_row(name, scores[name]) for name in sorted(scores)]


def _details(scores: dict[str, Counts]) -> list[str]:
    lines = []
    for rule in sorted(scores):
        lines += [f"  FN {rule} {unit} {year}" for unit, year in scores[rule].missed]
        lines += [f"  FP {rule} {unit} {year}" for unit, year in scores[rule].spurious]
    return lines


def run(directory: Path, args: argparse.Namespace) -> bool:
    years = tuple(int(y) for y in args.years.split(","))
    start = time.perf_counter()
    files, truth = write_defective_district(directory, args.departments, years, args.seed, args.rate,
                                            args.per_document, args.layout, (args.format,))
    written = time.perf_counter()
    report = validate_district(files, len(years))
    validated = time.perf_counter()
    scores = score(truth, report)
    families = by_family(scores)
    print(f"{len(files)} disclosures ({args.layout}, {args.format}), {len(truth)} defects planted; "
          f"written in {written - start:.1f} s, read and validated in {validated - written:.1f} s")
    print("\n".join(_table("rule", scores) + [""] + _table("family", families) + [""] + _details(scores)))
    print(f"infos not scored (rounding hints and the like): {rounding_infos(report)}")
    met = all(c.precision >= TARGET and c.recall >= TARGET for c in families.values())
    print(f"target precision and recall >= {TARGET} in every family: {'met' if met else 'NOT met'}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--years", default="2024,2025,2026")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.8, help="share of disclosures with defects")
    parser.add_argument("--per-document", type=int, default=3, help="at most this many defects in one disclosure")
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="national-2020")
    parser.add_argument("--format", choices=sorted(FORMATS), default="txt")
    parser.add_argument("--keep", type=Path, help="write the district here (kept) instead of a temporary directory")
    args = parser.parse_args()
    if args.keep:
        met = run(args.keep, args)
    else:
        with tempfile.TemporaryDirectory() as directory:
            met = run(Path(directory), args)
    raise SystemExit(0 if met else 1)


if __name__ == "__main__":
    main()
