"""The layouts a department-year can be written in (each a builder of the document model) and
the formats a document can be written as:

    document = build_document(year, "shanghai-2024")  # or LAYOUTS[name].build(year)
    text, pdf = render_text(document), render_pdf(document)  # or FORMATS["txt" | "pdf"](document)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import national, shanghai
from .district import Year
from .document import DemoDocument
from .pdf import render_pdf
from .text import render_text


@dataclass(frozen=True)
class Layout:
    name: str
    build: Callable[[Year], DemoDocument]
    district_name: str  # where the district lies: a template is told from others by its province
    profile: str  # the template profile the recogniser reads it with


LAYOUTS = {layout.name: layout for layout in (
    Layout(national.LAYOUT, national.build, "某区", "cn-national-2020-final"),
    Layout(shanghai.LAYOUT, shanghai.build, "上海市某区", "cn-shanghai-2024-final"),
)}
DEFAULT_LAYOUT = national.LAYOUT

FORMATS: dict[str, Callable[[DemoDocument], bytes]] = {
    "txt": lambda document: render_text(document).encode("utf-8"),
    "pdf": render_pdf,
}


def build_document(year: Year, layout: str = DEFAULT_LAYOUT) -> DemoDocument:
    return LAYOUTS[layout].build(year)
