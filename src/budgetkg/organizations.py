"""Organisation identity: the unit name printed in a disclosure resolved to one organisation, the
same in every year and document (data/organizations/README.md has the rules, which are data)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .resources import ORGANIZATIONS_DIR

MATCHING_FILE = "matching.toml"


@dataclass(frozen=True)
class Resolution:
    """What a printed name resolved to: `name` is the organisation's preferred name (the printed
    one, normalised, when nothing or more than one organisation matched); `candidates` lists the
    full names of every organisation the name matched when there were several."""

    printed: str
    name: str
    candidates: tuple[str, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


class Directory:
    """The known organisations and the normalisation rules, read from a data directory."""

    def __init__(self, directory: Path = ORGANIZATIONS_DIR):
        matching = tomllib.loads((directory / MATCHING_FILE).read_text(encoding="utf-8"))
        self._remove = [re.compile(pattern) for pattern in matching.get("remove", [])]
        self._names: dict[str, set[str]] = {}  # normalised name or variant -> full names
        for path in sorted(directory.glob("*.toml")):
            if path.name != MATCHING_FILE:
                self._read_region(path)

    def _read_region(self, path: Path) -> None:
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("organization", []):
            full = self.normalise(entry["name"])
            for written in [entry["name"], *entry.get("variants", [])]:
                self._names.setdefault(self.normalise(written), set()).add(full)

    def names(self, full: str) -> list[str]:
        """Every name (normalised) that resolves to this organisation alone: its full name and
        its variants (简称, older names), as the region's file lists them."""
        return sorted(name for name, fulls in self._names.items() if fulls == {full})

    def normalise(self, name: str) -> str:
        text = unicodedata.normalize("NFKC", name)
        for pattern in self._remove:
            text = pattern.sub("", text)
        return text

    def resolve(self, printed: str) -> Resolution:
        key = self.normalise(printed)
        found = sorted(self._names.get(key, ()))
        if len(found) == 1:
            return Resolution(printed, found[0])
        return Resolution(printed, key, tuple(found))


@lru_cache(maxsize=None)
def directory() -> Directory:
    return Directory()


def resolve(printed: str) -> Resolution:
    return directory().resolve(printed)
