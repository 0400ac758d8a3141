"""Geometry and wording shared by the readers: grouping characters into lines, and telling where
a paragraph may continue."""

from __future__ import annotations

import re

# A heading or list item starts a new paragraph: 一、 （二） (三) 1、 2. 第三部分
_ITEM_START = re.compile(
    r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))"
)
_SENTENCE_END = tuple("。；;！!？?：:")


def starts_item(text: str) -> bool:
    return bool(_ITEM_START.match(text))


def without_item_marker(text: str) -> str:
    return _ITEM_START.sub("", text, count=1)


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_SENTENCE_END)


def group_lines(chars: list[dict]) -> list[list[dict]]:
    """Group pdfplumber chars into lines, left to right.

    Chars join a line when they overlap it vertically by at least half their height, so digits
    set in a Latin font on a lower baseline stay in the sentence of the Chinese text around them.
    """
    lines: list[list[dict]] = []
    bands: list[list[float]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        height = ch["bottom"] - ch["top"] or 1.0
        for band, line in zip(reversed(bands[-6:]), reversed(lines[-6:])):
            overlap = min(band[1], ch["bottom"]) - max(band[0], ch["top"])
            if overlap >= 0.5 * min(height, band[1] - band[0] or 1.0):
                line.append(ch)
                break
        else:
            lines.append([ch])
            bands.append([ch["top"], ch["bottom"]])
    ordered = [sorted(line, key=lambda c: c["x0"]) for line in lines]
    return sorted(ordered, key=lambda line: min(c["top"] for c in line))


def line_text(chars: list[dict]) -> str:
    """The text of one line, with a space where the gap between two chars is a visible space."""
    parts: list[str] = []
    previous = None
    for ch in chars:
        if previous is not None:
            gap = ch["x0"] - previous["x1"]
            if gap > 0.3 * max(ch.get("size", 10.0), 1.0) and not ch["text"].isspace():
                parts.append(" ")
        parts.append(ch["text"])
        previous = ch
    return re.sub(r" {2,}", " ", "".join(parts)).strip()
