"""The recognised disclosure: typed tables by role, rows with codes and Decimal amounts, the
narrative paragraphs, and what the recogniser noticed on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..ingest.model import Location, PageIssue, Paragraph, SourceFile


@dataclass(frozen=True)
class Amount:
    """A figure as printed. `value` None means the cell was blank: not reported, not zero."""

    value: Decimal | None
    decimals: int | None
    text: str
    location: Location

    @property
    def is_blank(self) -> bool:
        return self.value is None

    def as_dict(self) -> dict:
        return {
            "value": None if self.value is None else str(self.value),
            "decimals": self.decimals,
            "text": self.text,
            **self.location.as_dict(),
        }


@dataclass
class Row:
    """One row of a recognised table. `code` is the classification code (功能分类 or 经济分类)
    where the row has one; `label` is the row's name as printed, wrapped lines joined; `side`
    is income/expense for two-sided tables; `section` names the summary row a sub-row belongs to
    (the fund rows under 年初财政拨款结转和结余, say)."""

    label: str
    code: str | None
    cells: dict[str, Amount]
    location: Location
    side: str | None = None
    section: str | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "side": self.side,
            "section": self.section,
            **self.location.as_dict(),
            "cells": {concept: amount.as_dict() for concept, amount in self.cells.items()},
        }


@dataclass
class Table:
    role: str
    title: str
    number: str | None  # as printed, e.g. 公开01表
    unit: str | None  # amount unit stated above the table, e.g. 万元
    location: Location
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    note: str | None = None  # the 注 under the table, where it says why the table is empty

    def amount_cells(self) -> list[Amount]:
        return [a for row in self.rows for a in row.cells.values() if not a.is_blank]

    def as_dict(self) -> dict:
        return {
            "role": self.role,
            "title": self.title,
            "number": self.number,
            "unit": self.unit,
            **self.location.as_dict(),
            "pages": self.pages,
            "columns": self.columns,
            "note": self.note,
            "amount_cells": len(self.amount_cells()),
            "rows": [row.as_dict() for row in self.rows],
        }


@dataclass
class Finding:
    """Something the recogniser could not read as the profile expects (not a rule result)."""

    code: str
    message: str
    location: Location | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, **(self.location.as_dict() if self.location else {})}


@dataclass(frozen=True)
class BudgetUnits:
    """How many budget units a department's budget consolidates: 本部 and its subordinates, less
    those merged into 本部 ("不单列预算，并入本部"); where the 机构设置 says so."""

    count: int
    text: str
    location: Location


@dataclass
class Disclosure:
    source: str
    sha256: str
    profile: str
    kind: str  # final-accounts | budget
    scope: str  # department | unit
    unit_name: str | None
    year: int | None
    amount_unit: str | None
    tables: list[Table]
    paragraphs: list[Paragraph]
    sections: dict[str, Location] = field(default_factory=dict)  # narrative section id -> heading
    findings: list[Finding] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)  # every file read; the first is source/sha256
    page_issues: list[PageIssue] = field(default_factory=list)  # text set aside by the reader (C-14), damaged pages (C-14)
    budget_units: BudgetUnits | None = None  # a 部门预算's budget units as its 机构设置 states them (D-02)
    contents_order: dict[str, int] = field(default_factory=dict)  # role -> position in the document's 目录 (C-02)

    def table(self, role: str) -> Table | None:
        return next((t for t in self.tables if t.role == role), None)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "files": [{"source": f.source, "sha256": f.sha256} for f in self.files],
            "profile": self.profile,
            "kind": self.kind,
            "scope": self.scope,
            "unit": self.unit_name,
            "year": self.year,
            "amount_unit": self.amount_unit,
            "tables": [t.as_dict() for t in self.tables],
            "sections": {section: loc.as_dict() for section, loc in self.sections.items()},
            "paragraphs": [
                {"text": p.text, "pages": p.pages, **p.location.as_dict()} for p in self.paragraphs
            ],
            "findings": [f.as_dict() for f in self.findings],
            "budget_units": None if self.budget_units is None else {
                "count": self.budget_units.count, "text": self.budget_units.text, **self.budget_units.location.as_dict()},
            "contents_order": self.contents_order,
            "page_issues": [{"kind": i.kind, "page": i.page, "count": i.count, "text": i.text} for i in self.page_issues],
        }
