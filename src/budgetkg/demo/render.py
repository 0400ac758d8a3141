"""The layouts a department-year can be written in, each a builder of the document model."""

from __future__ import annotations

from collections.abc import Callable

from . import national, shanghai
from .district import Year
from .document import DemoDocument

BUILDERS: dict[str, Callable[[Year], DemoDocument]] = {
    national.LAYOUT: national.build,
    shanghai.LAYOUT: shanghai.build,
}


def build_document(year: Year, layout: str = national.LAYOUT) -> DemoDocument:
    return BUILDERS[layout](year)
