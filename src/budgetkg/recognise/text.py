"""Normalising printed text: header and row labels, amounts, codes."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_WIDTH = str.maketrans({
    "（": "(", "）": ")", "“": "", "”": "", '"': "", "‘": "", "’": "", "：": ":", "，": ",", "；": ";",
    "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7",
    "８": "8", "９": "9", "．": ".", "－": "-",
})
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|[(][一二三四五六七八九十\d]+[)]|\d+[、.](?!\d))")
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_DECIMAL = re.compile(r"^-?[\d,]*\d\.\d+$|^-?\d{1,3}(,\d{3})+$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def squeeze(text: str) -> str:
    """Header or label text without layout: no white space, one width of brackets, no quotes."""
    return re.sub(r"\s+", "", text).translate(_WIDTH)


_LEADING_YEAR = re.compile(r"^20\d\d年度?")


def title_key(text: str) -> str:
    """A table title or header as a key: squeezed, without a leading year (2025年部门收入预算总表
    and 部门收入预算总表 are one title; budgets print the year in some years and not in others)."""
    return _LEADING_YEAR.sub("", squeeze(text), count=1)


def label_key(text: str) -> str:
    """A row label as a key: squeezed, without its list numbering (一、 (二) 3.)."""
    return _NUMBERING.sub("", squeeze(text), count=1)


def parse_amount(text: str) -> tuple[Decimal | None, int | None]:
    """'2,940.05' -> (Decimal('2940.05'), 2); '' -> (None, None). Raises ValueError otherwise."""
    cleaned = squeeze(text)
    if not cleaned:
        return None, None
    if not _AMOUNT.match(cleaned):
        raise ValueError(f"not an amount: {text!r}")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation as error:  # pragma: no cover - the pattern rules this out
        raise ValueError(f"not an amount: {text!r}") from error
    decimals = len(cleaned.split(".")[1]) if "." in cleaned else 0
    return value, decimals


def looks_like_money(text: str) -> bool:
    """Decimals or thousands separators: a money figure, not a line number or a code."""
    return bool(_DECIMAL.match(squeeze(text)))


def is_code(text: str) -> bool:
    return bool(_CODE.match(re.sub(r"\s+", "", text)))


def code_digits(text: str) -> str:
    """'201 06 01' -> '2010601'; anything that is not digits and spaces gives ''."""
    compact = re.sub(r"\s+", "", text)
    return compact if compact.isdigit() else ""


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def chinese_numeral(text: str) -> int:
    """'十二' -> 12, '七' -> 7, '二十一' -> 21 (the numbers of tables and list items)."""
    if "十" not in text:
        return _DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
