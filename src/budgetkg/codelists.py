"""Classification code lists (data/codes/*.csv) as SKOS concept schemes, one per list and year."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from .recognise.text import label_key
from .resources import CODES_DIR

_FILE = re.compile(r"^(?P<kind>function|economic)-(?P<year>\d{4})\.csv$")
TITLES = {"function": ("支出功能分类科目", "functional classification of expenditure"),
          "economic": ("部门预算支出经济分类科目", "economic classification of department expenditure")}


@dataclass(frozen=True)
class CodeList:
    kind: str  # function | economic
    year: int
    names: dict[str, str]  # code -> name
    sources: dict[str, str]  # code -> where the row comes from

    def class_code(self, name: str) -> str | None:
        """The 类 (three-digit) code whose name this is, as printed in T1 and T4: by the year's
        name, else by the name an earlier year's list gave the class (renamed since, and printed
        under its old name: rule X-09 reports the variant)."""
        key = label_key(name)
        current = next((c for c, n in self.names.items() if len(c) == 3 and label_key(n) == key), None)
        return current or self.former_class_code(name)

    def former_class_code(self, name: str) -> str | None:
        """The 类 code an earlier year's list names so, when exactly one 类 of the earlier lists had
        this name, the year's list holds that code under another name, and no code of the year's
        list bears the name (this rests on the lists' 类 rows, the Ministry's catalogue of each year;
        never a guess from similar wording)."""
        key = label_key(name)
        if any(label_key(n) == key for n in self.names.values()):
            return None
        found = {c for (kind, year), other in code_lists().items() if kind == self.kind and year < self.year
                 for c, n in other.names.items() if len(c) == 3 and label_key(n) == key and c in self.names}
        return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=None)
def code_lists(directory: Path = CODES_DIR) -> dict[tuple[str, int], CodeList]:
    lists = {}
    for path in sorted(directory.glob("*.csv")):
        match = _FILE.match(path.name)
        if not match:
            continue
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        kind, year = match["kind"], int(match["year"])
        lists[(kind, year)] = CodeList(kind, year, {r["code"]: r["name"] for r in rows},
                                       {r["code"]: r["source"] for r in rows})
    return lists


def code_list_for(kind: str, year: int | None) -> CodeList | None:
    """The code list in force in a year: that year's, else the latest earlier one (lists change
    little from year to year, and a year's list is added as data when it is needed)."""
    lists = code_lists()
    years = sorted(y for k, y in lists if k == kind and year is not None and y <= year)
    return lists[(kind, years[-1])] if years else None


def scheme_iri(base: str, kind: str, year: int) -> URIRef:
    return URIRef(f"{base}codes/{kind}/{year}")


def concept_iri(base: str, kind: str, year: int, code: str) -> URIRef:
    return URIRef(f"{base}codes/{kind}/{year}/{code}")


def _parent(code: str) -> str | None:
    return code[:-2] if len(code) > 3 else None


def code_list_graph(base: str) -> Graph:
    graph = Graph()
    for (kind, year), code_list in code_lists().items():
        scheme = scheme_iri(base, kind, year)
        zh, en = TITLES[kind]
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((scheme, SKOS.prefLabel, Literal(f"{year}年{zh}", lang="zh")))
        graph.add((scheme, SKOS.prefLabel, Literal(f"{en}, {year}", lang="en")))
        graph.add((scheme, RDFS.label, Literal(f"{year}年{zh}", lang="zh")))
        graph.add((scheme, DCTERMS.source, Literal(f"data/codes/{kind}-{year}.csv")))
        for code, name in code_list.names.items():
            concept = concept_iri(base, kind, year, code)
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, SKOS.inScheme, scheme))
            graph.add((concept, SKOS.notation, Literal(code)))
            graph.add((concept, SKOS.prefLabel, Literal(name, lang="zh")))
            graph.add((concept, DCTERMS.source, Literal(code_list.sources[code])))
            parent = _parent(code)
            if parent is None:
                graph.add((concept, SKOS.topConceptOf, scheme))
            else:  # from the digits, listed or not
                graph.add((concept, SKOS.broader, concept_iri(base, kind, year, parent)))
    return graph
