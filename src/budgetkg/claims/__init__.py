"""Claims: the quantitative statements of the 情况说明 as typed data."""

from __future__ import annotations

from ..codelists import code_list_for
from ..recognise.model import Disclosure
from .model import Claim, Figure, NarrativeClaims, Unparsed
from .parse import read_claims

__all__ = ["Claim", "Figure", "NarrativeClaims", "Unparsed", "narrative_claims", "narrative_paragraphs"]


def narrative_paragraphs(disclosure: Disclosure):
    """The 情况说明's paragraphs with the section each sits in: from the first section heading
    on, except the glossary (名词解释), which ends the narrative unless another section follows it
    (a budget's 编制说明 comes after its 名词解释)."""
    starts = {loc: section for section, loc in disclosure.sections.items()}
    section = None
    inside = False
    for paragraph in disclosure.paragraphs:
        heading = starts.get(paragraph.location)
        if heading is not None:
            section, inside = heading, heading != "glossary"
        if inside:
            yield paragraph, section


def printed_function_codes(disclosure: Disclosure) -> dict[str, str]:
    """The 功能分类 codes the document's tables print, with their names as printed."""
    from ..mapping import ECONOMIC_ROLES  # here: the mapping reads the claims
    return {row.code: row.label for table in disclosure.tables if table.role not in ECONOMIC_ROLES
            for row in table.rows if row.code and row.code.isdigit()}


def narrative_claims(disclosure: Disclosure) -> NarrativeClaims:
    return read_claims(list(narrative_paragraphs(disclosure)), code_list_for("function", disclosure.year),
                       printed_function_codes(disclosure), budget=disclosure.kind == "budget")
