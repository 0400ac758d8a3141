"""Planted defects (budgetkg.demo.defects): repeatable for a seed, found by the rules they aim at
(and by nothing else than the truth file says), none in a clean district."""

from __future__ import annotations

import json

import pytest

from budgetkg.demo.budgets import BUDGET_PLANTERS
from budgetkg.demo.defects import PLANTERS, TRUTH, plant_district, write_defective_district
from budgetkg.demo.detection import by_family, score, validate_district
from budgetkg.demo.district import district
from budgetkg.demo.render import render_text
from budgetkg.validate import load_rules

YEARS = (2024, 2025, 2026)
LAYOUT = "national-2020"


def _planted(seed: int):
    documents, truth = plant_district(district(4, YEARS, seed=3), LAYOUT, rate=0.7, per_document=3, seed=seed)
    return [render_text(d) for d in documents], [d.as_dict() for d in truth]


# rules whose operands only budget layouts print (单位预算 人员/公用/项目, 绩效, vehicles): planted in
# the demo's budgets (budgetkg.demo.budgets, tests/test_demo_budgets.py), with D-02 across them
BUDGET_ONLY = {"A-11", "C-12", "N-11", "N-12", "N-13", "X-10"}
# Jiangsu 支出用途 (A-12: the demo has no Jiangsu layout) and page geometry (C-14): not planted
UNPLANTED = {"A-12", "C-14"}


def test_every_rule_a_document_can_break_has_a_planter():
    typography = {"C-13"}  # an info on punctuation, not planted (tests/test_rules.py has its defect)
    catalogue = {rule.id for rule in load_rules() if rule.family in "CAXNY"} - typography
    assert set(PLANTERS) == catalogue - BUDGET_ONLY - UNPLANTED
    assert set(BUDGET_PLANTERS) == BUDGET_ONLY | {"D-02"}


def test_the_injection_repeats_for_a_seed():
    texts, truth = _planted(seed=5)
    assert _planted(seed=5) == (texts, truth)
    assert _planted(seed=6) != (texts, truth)
    assert 0 < len(truth) <= 3 * len(texts)


@pytest.fixture(scope="module")
def detected(tmp_path_factory):
    directory = tmp_path_factory.mktemp("defective")
    files, truth = write_defective_district(directory, departments=6, years=YEARS, seed=5, rate=1.0, per_document=4)
    return directory, truth, score(truth, validate_district(files, len(YEARS)))


def test_the_truth_file_names_each_defect_and_its_file(detected):
    directory, truth, _ = detected
    written = json.loads((directory / TRUTH).read_text(encoding="utf-8"))
    assert written == [d.as_dict() for d in truth]
    assert all((directory / d["file"]).exists() and d["edits"] and d["breaks"] for d in written)


def test_every_planted_rule_is_found_in_every_family(detected):
    _, truth, scores = detected
    assert {d.rule for d in truth} == set(PLANTERS)
    missed = {rule: counts.missed for rule, counts in scores.items() if counts.fn}
    spurious = {rule: counts.spurious for rule, counts in scores.items() if counts.fp}
    assert (missed, spurious) == ({}, {})
    for family, counts in by_family(scores).items():
        assert (family, counts.precision, counts.recall) == (family, 1.0, 1.0)


def test_a_clean_district_breaks_no_rule(tmp_path):
    files, truth = write_defective_district(tmp_path, departments=2, years=YEARS, seed=2, rate=0.0, per_document=3)
    report = validate_district(files, len(YEARS))
    assert truth == [] and json.loads((tmp_path / TRUTH).read_text(encoding="utf-8")) == []
    assert (report.summary["violation"], report.summary["warning"]) == (0, 0)
