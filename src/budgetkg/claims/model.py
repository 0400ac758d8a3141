"""Narrative claims: what the 情况说明 states, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..ingest.model import Location

MONEY_UNITS = ("万元", "亿元", "元")
COUNT_UNITS = ("台（套）", "人次", "批次", "个", "辆", "台", "人", "名")


@dataclass(frozen=True)
class Figure:
    """A number as the narrative prints it: value, decimals shown, unit (万元, %, 个 ...)."""

    value: Decimal
    decimals: int
    unit: str
    text: str

    def as_dict(self) -> dict:
        return {"value": str(self.value), "decimals": self.decimals, "unit": self.unit, "text": self.text}


@dataclass
class Claim:
    """One quantitative statement.

    kind: amount | share | change | execution | count.
    figures by role: amount {amount}; share {share}; change {delta, rate, and current where the
    sentence states the current figure}; execution {budget,
    actual, rate}; count {count}. `metric` names a concept of the metric scheme (bkm:), `code`
    a classification code where the subject is a 类/款/项; `whole` the denominator's metric of a
    share; `direction` increase/decrease/flat; `comparison` greater/less/equal (决算 against 预算).
    """

    kind: str
    metric: str | None
    sentence: str
    location: Location
    section: str | None
    figures: dict[str, Figure] = field(default_factory=dict)
    code: str | None = None
    subject: str | None = None  # the wording the subject was recognised from
    phase: str | None = None  # budget | actual
    whole: str | None = None
    whole_code: str | None = None
    direction: str | None = None
    comparison: str | None = None
    reason: str | None = None  # the 主要原因 given for a change, as printed after the change

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "metric": self.metric, "code": self.code, "subject": self.subject,
            "phase": self.phase, "whole": self.whole, "whole_code": self.whole_code,
            "direction": self.direction, "comparison": self.comparison, "reason": self.reason,
            "section": self.section,
            "figures": {role: f.as_dict() for role, f in self.figures.items()},
            "sentence": self.sentence, **self.location.as_dict(),
        }


@dataclass
class Unparsed:
    """A sentence with figures (万元, 元, %) that yielded no claim for some of them."""

    sentence: str
    location: Location
    section: str | None
    leftover: list[str]

    def as_dict(self) -> dict:
        return {"sentence": self.sentence, "leftover": self.leftover, "section": self.section, **self.location.as_dict()}


@dataclass
class NarrativeClaims:
    claims: list[Claim]
    unparsed: list[Unparsed]
    sentences_with_figures: int

    @property
    def coverage(self) -> float:
        if not self.sentences_with_figures:
            return 1.0
        return 1 - len(self.unparsed) / self.sentences_with_figures
