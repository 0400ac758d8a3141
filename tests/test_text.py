from decimal import Decimal

import pytest

from budgetkg.recognise.text import code_digits, is_code, label_key, looks_like_money, parse_amount, squeeze


@pytest.mark.parametrize("printed,value,decimals", [
    ("2,940.05", Decimal("2940.05"), 2),
    ("0.00", Decimal("0.00"), 2),
    ("12", Decimal("12"), 0),
    ("-3.5", Decimal("-3.5"), 1),
    ("１２.３", Decimal("12.3"), 1),
    ("", None, None),
    ("  ", None, None),
])
def test_parse_amount(printed, value, decimals):
    assert parse_amount(printed) == (value, decimals)


@pytest.mark.parametrize("printed", ["合计", "1,2345.00", "12.3.4", "—"])
def test_parse_amount_rejects_what_is_not_a_figure(printed):
    with pytest.raises(ValueError):
        parse_amount(printed)


def test_money_codes_and_labels():
    assert looks_like_money("2,940.05") and looks_like_money("1,234") and not looks_like_money("12")
    assert is_code("201") and is_code("20106") and is_code("2010601") and not is_code("2010")
    assert code_digits("201 06 01") == "2010601" and code_digits("类") == ""
    assert squeeze("因公出国 （境） 费\n用") == "因公出国(境)费用"
    assert label_key("一、一般公共服务支出") == "一般公共服务支出"
    assert label_key("（二）财政拨款“三公”经费") == "财政拨款三公经费"
