"""What the rules find in a district with planted defects, against the truth.

A finding is a (rule, unit, year, kind) the validation reports (kind: final-accounts or budget,
so that a unit-year's 决算 and budgets are told apart; a 部门预算 and its 本部's 单位预算 share the
unit's name and so a key); an expectation is a (rule, unit, year, kind)
some planted defect is expected to break (its target rule and every other rule its edit breaks).
Several results of one rule in one disclosure (A-03 on both sides of T1, Y-01 on T1 and T4) are
one finding. Violations and warnings count; infos count only for the rules whose severity is info
(Y-04); the other infos are rounding hints, reported apart.

    report = validate_district(files, len(years))
    scores = score(truth, report)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest import read_document
from ..mapping import disclosure_graph
from ..recognise import recognise
from ..validate import Report, load_rules, validate_graphs
from .defects import Defect


@dataclass
class Counts:
    planted: int = 0  # defects aimed at the rule
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[tuple[str, int]] = field(default_factory=list)  # (unit, year) of each FN
    spurious: list[tuple[str, int]] = field(default_factory=list)  # (unit, year) of each FP

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Counts) -> None:
        self.planted += other.planted
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


def validate_district(files: list[Path], years_per_department: int) -> Report:
    """Validate the files department by department (each department's years together, so that the
    cross-year rules see them); one report."""
    return validate_groups([files[start:start + years_per_department] for start in range(0, len(files), years_per_department)])


def by_department(files: list[Path]) -> list[list[Path]]:
    """The files of each department together (named NN-YEAR…: its 决算 and budgets), in order."""
    groups: dict[str, list[Path]] = {}
    for path in files:
        groups.setdefault(path.name.split("-")[0], []).append(path)
    return list(groups.values())


def validate_groups(groups: list[list[Path]]) -> Report:
    """Validate each group of files together (so that the cross-year and cross-document rules see
    them); one report."""
    documents, results = [], []
    for group in groups:
        report = validate_graphs(dict(disclosure_graph(recognise(read_document(path))) for path in group))
        documents += report.documents
        results += report.results
    return Report(documents, results)


def findings(report: Report) -> set[tuple[str, str, int, str]]:
    info_rules = {rule.id for rule in load_rules() if rule.severity == "info"}
    units = {d["id"]: (d["unit"], d["year"], d["kind"]) for d in report.documents}
    return {(r["rule"], *units[r["document"]]) for r in report.results
            if r["severity"] != "info" or r["rule"] in info_rules}


def rounding_infos(report: Report) -> int:
    info_rules = {rule.id for rule in load_rules() if rule.severity == "info"}
    return sum(r["severity"] == "info" and r["rule"] not in info_rules for r in report.results)


def score(truth: list[Defect], report: Report) -> dict[str, Counts]:
    """Per rule: defects planted, and findings that are true positives, false positives, and
    expectations not found."""
    expected = {(rule, d.unit, year, d.kind) for d in truth for rule, year in d.breaks}
    found = findings(report)
    scores: dict[str, Counts] = defaultdict(Counts)
    for rule, count in Counter(d.rule for d in truth).items():
        scores[rule].planted = count
    for rule, unit, year, kind in expected | found:
        counts = scores[rule]
        if (rule, unit, year, kind) not in found:
            counts.fn += 1
            counts.missed.append((unit, year))
        elif (rule, unit, year, kind) not in expected:
            counts.fp += 1
            counts.spurious.append((unit, year))
        else:
            counts.tp += 1
    return dict(scores)


def by_family(scores: dict[str, Counts]) -> dict[str, Counts]:
    families: dict[str, Counts] = defaultdict(Counts)
    for rule, counts in scores.items():
        families[rule.split("-")[0]].add(counts)
    return dict(families)
