"""Claims: the quantitative statements of the 情况说明 as typed data."""

from __future__ import annotations

from ..codelists import CodeList, code_list_for
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


def narrative_claims(disclosure: Disclosure) -> NarrativeClaims:
    return read_claims(list(narrative_paragraphs(disclosure)), _codes_with_printed_names(disclosure),
                       budget=disclosure.kind == "budget")


def _codes_with_printed_names(disclosure: Disclosure) -> CodeList | None:
    """The year's 功能分类 list together with the codes and names the disclosure's own tables print,
    so that a 类/款/项 path the narrative quotes resolves even where budgetkg's list lacks the code."""
    listed = code_list_for("function", disclosure.year)
    printed = {row.code: row.label for table in disclosure.tables if table.role in _FUNCTION_ROLES
               for row in table.rows if row.code and row.label}
    if listed is None and not printed:
        return None
    names = {**printed, **(listed.names if listed else {})}
    return CodeList("function", listed.year if listed else disclosure.year, names, listed.sources if listed else {})


_FUNCTION_ROLES = ("T2", "T3", "T5")
