"""Template profiles: data files that say which tables a template has, what they are called,
how they are numbered and laid out, and which header stands for which column concept.

A profile file may `extends` another; its tables are then merged role by role with the roles of
the file it extends. A new province's template is a new file in `budgetkg/profiles/` (or any
directory passed to `load_profiles`), never new code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import label_key, squeeze

PROFILE_DIR = Path(__file__).resolve().parent.parent / "profiles"
STRUCTURAL = {"code", "name", "label", "line", "text"}  # text: a column of words, not read


def _with_wrapped(path: list[str]) -> list[str]:
    """The header texts of a column, and each run of two or three consecutive ones joined: a
    header wrapped over grid rows (因公出国 / (境)费)."""
    joined = ["".join(path[i:i + n]) for n in (2, 3) for i in range(len(path) - n + 1)]
    return path + joined


@dataclass(frozen=True)
class ColumnRule:
    concept: str
    match: tuple[frozenset[str], ...]  # every group must meet the header path
    row: str | None = None  # pivot tables: the row this column's figure belongs to

    def matches(self, path: list[str]) -> bool:
        words = _with_wrapped(path)
        return all(any(h in group for h in words) for group in self.match)


@dataclass(frozen=True)
class TableSpec:
    role: str
    titles: tuple[str, ...]
    number: str | None
    layout: str
    columns: tuple[ColumnRule, ...]
    sides: dict[str, str] = field(default_factory=dict)
    row_labels: dict[str, str] = field(default_factory=dict)
    required: bool = True
    row_metrics: dict[str, str] = field(default_factory=dict)  # printed row label -> metric, where the template's wording means another metric than the plain word

    def column_for(self, path: list[str]) -> ColumnRule | None:
        return next((rule for rule in self.columns if rule.matches(path)), None)


@dataclass(frozen=True)
class SectionSpec:
    id: str
    titles: tuple[str, ...]
    required: bool = True  # C-04; a section some documents of the template print and others not is recognised, not required
    # the table whose 功能分类 rows the section's 类/款/项 figures are (table role, side, column), where
    # the section explains one table ("收支预算总表情况说明": the all-funds 类 of T1, not T5)
    codes: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    kind: str
    scope: str
    detect_all: tuple[re.Pattern, ...]
    detect_none: tuple[re.Pattern, ...]
    unit_patterns: tuple[re.Pattern, ...]
    year_patterns: tuple[re.Pattern, ...]
    tables: tuple[TableSpec, ...]
    sections: tuple[SectionSpec, ...]
    path: str
    years: frozenset[int] = frozenset()  # the fiscal years the template is used for; empty: any
    sections_after: str = "tables"  # where the narrative headings stand: after the tables, or after the 目录
    budget_units: tuple[re.Pattern, re.Pattern] | None = None  # (本部以及下属N家, 不单列预算并入本部)
    level: str | None = None  # 区级, 市级, 省级: the government level of the template's cover (区级部门预算)

    def table_for_title(self, title: str) -> TableSpec | None:
        keys = {squeeze(title), bare_title(title)}
        return next((t for t in self.tables if keys & set(t.titles)), None)

    def covers_year(self, year: int | None) -> bool:
        return not self.years or year in self.years

    def accepts(self, text: str) -> bool:
        return all(p.search(text) for p in self.detect_all) and not any(
            p.search(text) for p in self.detect_none
        )


# What a printed title may carry around the title itself: its number (公开01表：, 公开表一, 表一,
# 一、) and the year (2019年政府采购预算表).
_TITLE_PREFIX = re.compile(r"^(公开\d+表[:：]?|公开表[一二三四五六七八九十]+[:：]?|表[一二三四五六七八九十]+[:：]?|[一二三四五六七八九十]+、|20\d\d年度?)")


def bare_title(title: str) -> str:
    """A printed title without its number and year prefixes."""
    key = squeeze(title)
    while (stripped := _TITLE_PREFIX.sub("", key, count=1)) != key:
        key = stripped
    return key


def _column(raw: dict) -> ColumnRule:
    groups = tuple(frozenset(squeeze(alt) for alt in item.split("|")) for item in raw["match"])
    return ColumnRule(raw["concept"], groups, raw.get("row"))


def _table(raw: dict, role_defaults: dict) -> TableSpec:
    role = raw["role"]
    base = role_defaults.get(role, {})
    merged = {**base, **raw}
    if "layout" not in merged or "columns" not in merged:
        raise ValueError(f"table role {role} has no layout or columns")
    return TableSpec(
        role=role,
        titles=tuple(squeeze(t) for t in merged["titles"]),
        number=squeeze(merged["number"]) if merged.get("number") else None,
        layout=merged["layout"],
        columns=tuple(_column(c) for c in merged["columns"]),
        sides={side: squeeze(text) for side, text in merged.get("sides", {}).items()},
        row_labels=dict(merged.get("row_labels", {})),
        required=merged.get("required", True),
        row_metrics={label_key(label): metric for label, metric in merged.get("row_metrics", {}).items()},
    )


def _read(path: Path, directory: Path) -> dict:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    parent = data.get("extends")
    if not parent:
        return data
    base = _read(directory / f"{parent}.toml", directory)
    merged = {**base, **data}
    merged["roles"] = {**base.get("roles", {}), **data.get("roles", {})}
    merged["sections"] = data.get("sections", base.get("sections", []))
    merged["abstract"] = data.get("abstract", False)
    return merged


def _profile(path: Path, data: dict) -> Profile:
    compile_all = lambda patterns: tuple(re.compile(p, re.M) for p in patterns)  # noqa: E731
    detect = data.get("detect", {})
    metadata = data.get("metadata", {})
    return Profile(
        id=data["id"],
        name=data.get("name", data["id"]),
        kind=data["kind"],
        scope=data.get("scope", "department"),
        detect_all=compile_all(detect.get("all", [])),
        detect_none=compile_all(detect.get("none", [])),
        unit_patterns=compile_all(metadata.get("unit", [])),
        year_patterns=compile_all(metadata.get("year", [])),
        tables=tuple(_table(t, data.get("roles", {})) for t in data.get("tables", [])),
        sections=tuple(
            SectionSpec(s["id"], tuple(squeeze(t) for t in s["titles"]), s.get("required", True),
                        (s["codes"]["table"], s["codes"].get("side", ""), s["codes"]["column"]) if "codes" in s else None)
            for s in data.get("sections", [])
        ),
        path=str(path),
        years=frozenset(data.get("years", [])),
        sections_after=data.get("sections_after", "tables"),
        budget_units=(re.compile(data["budget_units"]["subordinates"]), re.compile(data["budget_units"]["merged"]))
        if "budget_units" in data else None,
        level=data.get("level"),
    )


@lru_cache(maxsize=None)
def load_profiles(directory: Path = PROFILE_DIR) -> tuple[Profile, ...]:
    """Every concrete profile in the directory, in file-name order."""
    profiles = []
    for path in sorted(directory.glob("*.toml")):
        data = _read(path, directory)
        if not data.get("abstract"):
            profiles.append(_profile(path, data))
    return tuple(profiles)
