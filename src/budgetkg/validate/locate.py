"""Boxes of narrative text on a PDF page: the graph gives a sentence's page, not its box, so the
report finds the sentence among the page's characters (whitespace ignored on both sides) and
then each figure inside it. A sentence that runs on to the next page is found by its longest
beginning on its own page (at least a third of it). Nothing found gives no box, never a guessed one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

_SPACE = re.compile(r"\s+")
_SHORTEST_PREFIX = 12  # fewer characters could match anywhere on the page


@dataclass
class Located:
    """A sentence found on a page: its characters (text and box) and one box per printed line."""

    page: int | None = None
    chars: list[tuple[str, list[float]]] = field(default_factory=list)

    @property
    def lines(self) -> list[list[float]]:
        return _line_boxes([box for _, box in self.chars])

    def figure(self, text: str) -> list[list[float]]:
        wanted = _SPACE.sub("", text)
        joined = "".join(c for c, _ in self.chars)
        start = joined.find(wanted) if wanted else -1
        if start < 0:
            return []
        return _line_boxes([box for _, box in self.chars[start:start + len(wanted)]])


class PageText:
    """The characters of PDF pages, read once per page."""

    def __init__(self):
        self._pages: dict[tuple[str, int], list[tuple[str, list[float]]]] = {}

    def sentence(self, source: str | None, page: int | None, sentence: str) -> Located:
        """The sentence on its page or, since the graph may give the page its paragraph starts on,
        on one of the next two; failing a whole match, its longest beginning on its page."""
        wanted = _SPACE.sub("", sentence)
        if page is None or not wanted:
            return Located()
        for candidate in (page, page + 1, page + 2):
            chars = self._chars(source, candidate)
            start = "".join(c for c, _ in chars).find(wanted)
            if start >= 0:
                return Located(candidate, chars[start:start + len(wanted)])
        chars = self._chars(source, page)
        joined = "".join(c for c, _ in chars)
        for length in range(len(wanted) - 1, max(_SHORTEST_PREFIX, len(wanted) // 3) - 1, -1):
            start = joined.find(wanted[:length])
            if start >= 0:
                return Located(page, chars[start:start + length])
        return Located()

    def _chars(self, source: str | None, page: int | None) -> list[tuple[str, list[float]]]:
        if not source or page is None or Path(source).suffix.lower() != ".pdf" or not Path(source).is_file():
            return []
        key = (source, page)
        if key not in self._pages:
            try:
                with pdfplumber.open(source) as pdf:
                    chars = pdf.pages[page - 1].chars if 0 < page <= len(pdf.pages) else []
                    self._pages[key] = [(c["text"], [c["x0"], c["top"], c["x1"], c["bottom"]])
                                        for c in chars if not c["text"].isspace()]
            except Exception:  # an unreadable page gives no box; the finding still stands
                self._pages[key] = []
        return self._pages[key]


def _line_boxes(boxes: list[list[float]]) -> list[list[float]]:
    """Characters grouped into printed lines (a new line starts when the text goes back left or
    down by more than half a character), one box per line."""
    lines: list[list[float]] = []
    for box in boxes:
        if lines and box[1] < lines[-1][3] - (box[3] - box[1]) / 2 and box[0] >= lines[-1][0] - 1:
            line = lines[-1]
            lines[-1] = [min(line[0], box[0]), min(line[1], box[1]), max(line[2], box[2]), max(line[3], box[3])]
        else:
            lines.append(list(box))
    return [[round(v, 2) for v in line] for line in lines]
