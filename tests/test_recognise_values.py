"""Cell values read by hand from the documents, asserted by (table role, row, column concept)."""

from decimal import Decimal

import pytest

from budgetkg.recognise.text import label_key

from conftest import CAIZHENGJU, ZHUZHOU


def find_cell(disclosure, role, row, concept, side=None, section=None):
    table = disclosure.table(role)
    matches = [
        r for r in table.rows
        if (r.code == row or (r.code is None and label_key(r.label) == label_key(row)))
        and (side is None or r.side == side)
        and r.section == section
    ]
    assert len(matches) == 1, f"{role} {row} {side} {section}: {len(matches)} rows"
    return matches[0].cells[concept]


# (role, row code or label, column concept, side, section, printed value or None for blank)
ZHUZHOU_VALUES = [
    ("T1", "一般公共预算财政拨款收入", "amount", "income", None, "500.57"),
    ("T1", "其他收入", "amount", "income", None, "21.90"),
    ("T1", "本年收入合计", "amount", "income", None, "522.47"),
    ("T1", "其他支出", "amount", "expense", None, "21.90"),
    ("T1", "总计", "amount", "expense", None, "522.47"),
    ("T1", "文化旅游体育与传媒支出", "amount", "expense", None, None),
    ("T2", "合计", "other-income", None, None, "21.89"),
    ("T2", "2013101", "fiscal-appropriation", None, None, "381.78"),
    ("T2", "2299901", "other-income", None, None, "21.90"),
    ("T2", "2013199", "total", None, None, "31.00"),
    ("T3", "合计", "basic", None, None, "403.67"),
    ("T3", "合计", "project", None, None, "118.79"),
    ("T3", "20131", "project", None, None, "104.61"),
    ("T3", "2013102", "project", None, None, "73.61"),
    ("T4", "年初财政拨款结转和结余", "amount", "income", None, "0.00"),
    ("T4", "一般公共预算财政拨款", "amount", "income", "年初财政拨款结转和结余", "0.00"),
    ("T4", "一般公共预算财政拨款", "amount", "income", None, "500.57"),
    ("T4", "一般公共服务支出", "general-budget", "expense", None, "500.57"),
    ("T4", "本年支出合计", "total", "expense", None, "500.57"),
    ("T4", "外交支出", "state-capital", "expense", None, "0.00"),
    ("T4", "文化旅游体育与传媒支出", "total", "expense", None, None),
    ("T5", "2019999", "project", None, None, "7.93"),
    ("T5", "2019999", "total", None, None, "7.92"),
    ("T5", "合计", "basic", None, None, "381.78"),
    ("T6", "30101", "amount", None, None, "85.69"),
    ("T6", "30309", "amount", None, None, "60.00"),
    ("T6", "30239", "amount", None, None, "16.58"),
    ("T6", "30216", "amount", None, None, "0.13"),
    ("T6", "39999", "amount", None, None, "0.00"),
    ("T6", "人员经费合计", "amount", None, None, "348.48"),
    ("T6", "公用经费合计", "amount", None, None, "33.30"),
    ("T7", "合计", "budget", None, None, "1.00"),
    ("T7", "合计", "actual", None, None, "0.00"),
    ("T7", "公务接待费", "budget", None, None, "1.00"),
    ("T7", "公务用车购置费", "actual", None, None, "0.00"),
    ("T8", "合计", "income", None, None, None),
]

CAIZHENGJU_VALUES = [
    ("T1", "一般公共预算财政拨款收入", "amount", "income", None, "2,940.05"),
    ("T1", "其他收入", "amount", "income", None, "6.20"),
    ("T1", "本年收入合计", "amount", "income", None, "2,946.25"),
    ("T1", "年初结转和结余", "amount", "income", None, "49.14"),
    ("T1", "总计", "amount", "expense", None, "2,995.39"),
    ("T1", "社会保障和就业支出", "amount", "expense", None, "326.71"),
    ("T1", "外交支出", "amount", "expense", None, None),
    ("T2", "2010601", "total", None, None, "1,511.90"),
    ("T2", "2010601", "fiscal-appropriation", None, None, "1,511.89"),
    ("T2", "2010601", "other-income", None, None, "0.01"),
    ("T2", "2080505", "total", None, None, "160.75"),
    ("T2", "2210203", "fiscal-appropriation", None, None, "258.50"),
    ("T2", "2010607", "other-income", None, None, None),
    ("T2", "合计", "other-income", None, None, "6.20"),
    ("T3", "合计", "basic", None, None, "2,336.91"),
    ("T3", "2010601", "project", None, None, "8.37"),
    ("T3", "2210201", "basic", None, None, "187.19"),
    ("T4", "一般公共预算财政拨款", "amount", "income", "年初财政拨款结转和结余", "21.63"),
    ("T4", "总计", "general-budget", "expense", None, "2,961.68"),
    ("T4", "社会保障和就业支出", "total", "expense", None, "326.71"),
    ("T5", "合计", "project", None, None, "603.14"),
    ("T5", "2010602", "basic", None, None, None),
    ("T5", "2080599", "total", None, None, "0.94"),
    ("T6", "30102", "amount", None, None, "1,238.58"),
    ("T6", "30309", "amount", None, None, "0.31"),
    ("T6", "31002", "amount", None, None, "13.58"),
    ("T6", "30201", "amount", None, None, "21.21"),
    ("T6", "公用经费合计", "amount", None, None, "184.65"),
    ("T7", "合计", "budget", None, None, "0.95"),
    ("T7", "合计", "actual", None, None, None),
    ("T7", "公务接待费", "budget", None, None, "0.95"),
]


def _check(amount, printed):
    if printed is None:
        assert amount.is_blank and amount.value is None and amount.text == ""
    else:
        assert amount.value == Decimal(printed.replace(",", ""))
        assert amount.decimals == len(printed.split(".")[1])
        assert amount.text == printed


@pytest.mark.parametrize("role,row,concept,side,section,printed", ZHUZHOU_VALUES)
def test_zhuzhou_cell(disclosure, role, row, concept, side, section, printed):
    _check(find_cell(disclosure(ZHUZHOU), role, row, concept, side, section), printed)


@pytest.mark.parametrize("role,row,concept,side,section,printed", CAIZHENGJU_VALUES)
def test_caizhengju_cell(disclosure, role, row, concept, side, section, printed):
    _check(find_cell(disclosure(CAIZHENGJU), role, row, concept, side, section), printed)


def test_split_code_row_is_joined_and_keeps_its_name(disclosure):
    row = next(r for r in disclosure(CAIZHENGJU).table("T2").rows if r.code == "2010601")
    assert row.label == "行政运行"


def test_wrapped_row_name_is_joined(disclosure):
    row = next(r for r in disclosure(CAIZHENGJU).table("T2").rows if r.code == "2080505")
    assert row.label == "机关事业单位基本养老保险缴费支出"


def test_continuation_page_row_keeps_its_page_and_box(disclosure):
    amount = find_cell(disclosure(CAIZHENGJU), "T2", "2210203", "fiscal-appropriation")
    assert amount.location.page == 9
    assert amount.location.bbox is not None
    assert amount.location.bbox.x0 < amount.location.bbox.x1


def test_text_cells_keep_their_line(disclosure):
    amount = find_cell(disclosure(ZHUZHOU), "T5", "2019999", "project")
    assert amount.location.line == 284
    assert amount.location.page is None


def test_sangong_rows_are_the_six_items(disclosure):
    labels = [r.label for r in disclosure(CAIZHENGJU).table("T7").rows]
    assert labels == ["合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费", "公务接待费"]
