"""Recognition of every 决算 document of the corpus: the tables each contains, by role, and the
number of non-blank amount cells in each, counted by hand from the documents."""

import pytest

from conftest import CAIZHENGJU, SHEHUIGONGZUOBU, TEMPLATE, ZHUZHOU

# Non-blank amount cells per table, counted by hand: the 株洲 text row by row (0.00 is printed,
# so it counts); the PDFs from their page images (blank cells do not count). Template: no figures.
HAND_COUNTS = {
    ZHUZHOU: {"T1": 23, "T2": 105, "T3": 90, "T4": 45, "T5": 36, "T6": 82, "T7": 12, "T8": 0, "T9": 0},
    CAIZHENGJU: {"T1": 12, "T2": 45, "T3": 44, "T4": 19, "T5": 44, "T6": 29, "T7": 2, "T8": 0, "T9": 0},
    SHEHUIGONGZUOBU: {"T1": 9, "T2": 36, "T3": 39, "T4": 15, "T5": 39, "T6": 67, "T7": 0, "T8": 0, "T9": 0},
    TEMPLATE: {"T1": 0, "T2": 0, "T3": 0, "T4": 0, "T5": 0, "T6": 0, "T7": 0, "T8": 0, "T9": 0},
}

PAGES = {
    CAIZHENGJU: {"T1": [6, 7], "T2": [8, 9], "T3": [10, 11], "T4": [12, 13], "T5": [15], "T6": [16, 17],
                 "T7": [18], "T8": [19], "T9": [20]},
    SHEHUIGONGZUOBU: {"T1": [5], "T2": [6, 7], "T3": [8, 9], "T4": [10, 11], "T5": [12], "T6": [13],
                      "T7": [14], "T8": [15], "T9": [16]},
    TEMPLATE: {"T1": [5], "T2": [6], "T3": [7], "T4": [8, 9], "T5": [10], "T6": [11], "T7": [12],
               "T8": [13], "T9": [14]},
}

METADATA = {
    ZHUZHOU: ("cn-national-2020-final", "中共株洲市石峰区委办公室", 2020),
    CAIZHENGJU: ("cn-shanghai-2024-final", "上海市普陀区财政局", 2024),
    SHEHUIGONGZUOBU: ("cn-shanghai-2024-final", "中共上海市普陀区委社会工作部", 2024),
    TEMPLATE: ("cn-shanghai-2024-final", "上海市XX局", 2024),
}


@pytest.mark.parametrize("name", list(HAND_COUNTS))
def test_every_table_is_found_with_its_role(disclosure, name):
    assert [t.role for t in disclosure(name).tables] == list(HAND_COUNTS[name])


@pytest.mark.parametrize("name", list(HAND_COUNTS))
def test_amount_cells_per_table_equal_the_hand_count(disclosure, name):
    counts = {t.role: len(t.amount_cells()) for t in disclosure(name).tables}
    assert counts == HAND_COUNTS[name]


@pytest.mark.parametrize("name", list(PAGES))
def test_tables_continued_over_pages_are_one_table(disclosure, name):
    assert {t.role: t.pages for t in disclosure(name).tables} == PAGES[name]


@pytest.mark.parametrize("name", list(METADATA))
def test_profile_unit_and_year(disclosure, name):
    d = disclosure(name)
    assert (d.profile, d.unit_name, d.year) == METADATA[name]
    assert d.kind == "final-accounts"
    assert d.amount_unit == "万元"


def test_national_tables_keep_their_printed_numbers(disclosure):
    numbers = [t.number for t in disclosure(ZHUZHOU).tables]
    # the 三公 table is printed as 公开06表 a second time: kept as printed, for rule C-02
    assert numbers == ["公开01表", "公开02表", "公开03表", "公开04表", "公开05表", "公开06表", "公开06表",
                       "公开08表", "公开09表"]


def test_empty_tables_keep_their_note(disclosure):
    t8 = disclosure(CAIZHENGJU).table("T8")
    assert t8.note == "注：上海市普陀区财政局无政府性基金预算财政拨款支出，故本表无数据。"
    assert [(r.label, [a.is_blank for a in r.cells.values()]) for r in t8.rows] == [("合计", [True] * 6)]


def test_no_column_is_left_unrecognised(disclosure):
    for name in HAND_COUNTS:
        codes = {f.code for f in disclosure(name).findings}
        assert not codes & {"unknown-column", "unreadable-amount", "continuation-width", "missing-table"}, name


def test_narrative_sections_are_found(disclosure):
    sections = disclosure(CAIZHENGJU).sections
    assert sections["sangong"].page == 23
    assert sections["overview"].page == 21
    assert len(sections) == 14
