"""Which files given together make one disclosure.

Some departments publish a disclosure as two files: the narrative (概况, 情况说明, 名词解释; it
says the tables are 附后) and the tables. Parts are paired from what the documents print, never
from file names: a narrative part and a tables part of the same unit (one organisation), year and
kind are one disclosure. A part left without its other part is an input error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import organizations
from ..errors import BudgetkgError, UnpairedPart
from ..ingest.model import Document
from .metadata import metadata_lines, read_unit, read_year, title_count
from .profiles import Profile
from .text import looks_like_money

TABLES_ELSEWHERE = re.compile(r"表[样]?\s*附\s*后")
_PROSE_LENGTH = 30  # a paragraph this long that ends a sentence is narrative
_MIN_PROSE = 3  # fewer prose paragraphs than this: a tables-only file


@dataclass
class _Part:
    document: Document
    role: str  # narrative | tables | whole


def publications(documents: list[Document], profiles: tuple[Profile, ...]) -> tuple[list[list[Document]], list[BudgetkgError]]:
    """The documents grouped into disclosures (narrative part first), in the order given, and an
    error for each part without its other part."""
    parts = [_Part(d, _role(d, profiles)) for d in documents]
    tables = [p for p in parts if p.role == "tables"]
    paired: dict[int, _Part] = {}  # id of a tables part -> its narrative part
    errors: list[BudgetkgError] = []
    for part in (p for p in parts if p.role == "narrative"):
        matches = [t for t in tables if id(t) not in paired and _same_disclosure(part.document, t.document, profiles)]
        if len(matches) == 1:
            paired[id(matches[0])] = part
        else:
            errors.append(UnpairedPart(part.document.source, _why(part.document, matches, tables, profiles)))
    groups = []
    for part in parts:
        if part.role == "whole":
            groups.append([part.document])
        elif part.role == "tables" and id(part) in paired:
            groups.append([paired[id(part)].document, part.document])
        elif part.role == "tables":
            errors.append(UnpairedPart(part.document.source, "tables without narrative; give its narrative file (the one saying the tables are 附后) in the same call"))
    return groups, errors


def _role(document: Document, profiles) -> str:
    titled = max((title_count(document, p) for p in profiles if p.accepts(_text(document))), default=0)
    if _figure_grids(document) < 3 and any(TABLES_ELSEWHERE.search(line.text) for line in document.lines()):
        return "narrative"
    prose = sum(1 for p in document.paragraphs
                if len(p.text) >= _PROSE_LENGTH and p.text.rstrip().endswith("。") and not p.text.startswith(("注", "说明")))
    if titled >= 3 and prose < _MIN_PROSE:
        return "tables"
    return "whole"


def _figure_grids(document: Document) -> int:
    """Grids that hold money figures (a narrative file may draw boxes, but prints no tables)."""
    return sum(1 for grid in document.grids() if sum(looks_like_money(c.text) for row in grid.rows for c in row) >= 2)


def _text(document: Document) -> str:
    return "\n".join(metadata_lines(document))


@dataclass(frozen=True)
class Identity:
    organisation: str | None
    year: int | None
    kind: str


def identity(document: Document, profile: Profile) -> Identity:
    lines = metadata_lines(document)
    unit = read_unit(profile, lines)
    return Identity(organizations.resolve(unit).name if unit else None, read_year(profile, lines), profile.kind)


def _tables_profile(document: Document, profiles) -> Profile | None:
    text = _text(document)
    scored = sorted(((title_count(document, p), p) for p in profiles if p.accepts(text)), key=lambda pair: -pair[0])
    return scored[0][1] if scored else None


def _same_disclosure(narrative: Document, tables: Document, profiles) -> bool:
    profile = _tables_profile(tables, profiles)
    if profile is None or not profile.accepts(_text(narrative)):
        return False
    ours, theirs = identity(narrative, profile), identity(tables, profile)
    if ours.organisation is None or ours.organisation != theirs.organisation:
        return False
    return ours.year == theirs.year or theirs.year is None


def _why(narrative: Document, matches: list[_Part], tables: list[_Part], profiles) -> str:
    if len(matches) > 1:
        return "several tables files print its unit, year and kind: " + ", ".join(m.document.source for m in matches)
    profile = next((p for t in tables if (p := _tables_profile(t.document, profiles))), None)
    if profile is None:
        return "its tables are published separately (附后); give the tables file in the same call"
    ours = identity(narrative, profile)
    given = "; ".join(f"{t.document.source}: {_describe(identity(t.document, profile))}" for t in tables)
    return f"narrative of {_describe(ours)}; no tables file of the same unit, year and kind was given ({given})"


def _describe(found: Identity) -> str:
    kind = "预算" if found.kind == "budget" else "决算"
    return f"{found.organisation or '单位不明'} {found.year or '年度不明'} {kind}"
