"""A code budgetkg's list lacks is the list's gap, never the document's (RULES.md, "Our gaps are
never the document's fault"): with any code the document uses deleted from the year's list, the
corpus 决算 give no new violation or warning; the code's name is reported as not checkable (info).

Recognised once per document. 类 codes are deleted one at a time through the whole mapping (T1
and T4 print the 类 by name, so the list decides their rows). Any other code changes the
mapping only by the notation it then takes from the document (checked once per document, with
all of them deleted at once); it is then deleted from the reference graph of a store that keeps
the mapped disclosure. Codes of different 类 trees cannot meet in one identity, so one code of each
tree is deleted per run, which checks every code on its own in as many runs as the
largest tree has codes."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
import pytest

import budgetkg.mapping as mapping
from budgetkg.codelists import CodeList, code_list_for, concept_iri
from budgetkg.mapping import base_iri, disclosure_graph, reference_graph_iri
from budgetkg.validate.engine import disclosure_store, run_rules
from budgetkg.validate.report import build_report
from budgetkg.vocab import BK
from conftest import CAIZHENGJU, FINAL_ACCOUNTS, SHEHUIGONGZUOBU, ZHUZHOU, _disclosure

BASE = base_iri()
SKOS_NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")


def _without(code_list: CodeList | None, removed: set[str]) -> CodeList | None:
    if code_list is None:
        return None
    return CodeList(code_list.kind, code_list.year,
                    {c: n for c, n in code_list.names.items() if c not in removed},
                    {c: s for c, s in code_list.sources.items() if c not in removed})


def _map_without(monkeypatch, name: str, removed: set[str]):
    monkeypatch.setattr(mapping, "code_list_for", lambda kind, year: _without(code_list_for(kind, year), removed))
    try:
        return disclosure_graph(_disclosure(name))
    finally:
        monkeypatch.setattr(mapping, "code_list_for", code_list_for)


@lru_cache(maxsize=None)
def _mapped(name: str):
    return disclosure_graph(_disclosure(name))


def _codes(name: str) -> dict[str, str]:
    """Every code the document prints (code -> function | economic), that its year's list holds."""
    disclosure = _disclosure(name)
    found = {}
    for table in disclosure.tables:
        kind = "economic" if table.role in mapping.ECONOMIC_ROLES else "function"
        listed = code_list_for(kind, disclosure.year)
        for row in table.rows:
            if row.code and listed is not None and row.code in listed.names:
                found[row.code] = kind
    return found


def _findings(store: ox.Store, disclosure: str) -> set[tuple]:
    return {(r.rule.id, r.severity, str(r.bindings.get("expected")), str(r.bindings.get("actual")))
            for r in run_rules(store, disclosures=[disclosure]) if r.severity != "info"}


def _unlist(store: ox.Store, disclosure: str, year_of: dict[str, int], codes: dict[str, str]) -> list:
    """The codes deleted from the store's reference graph, with the notation the mapping then
    writes in the disclosure graph; returns the quads removed, to put them back."""
    reference = ox.NamedNode(str(reference_graph_iri(BASE)))
    removed = []
    for code, kind in codes.items():
        concept = ox.NamedNode(str(concept_iri(BASE, kind, year_of[kind], code)))
        quads = list(store.quads_for_pattern(concept, None, None, reference))
        for quad in quads:
            store.remove(quad)
        removed += quads
        store.add(ox.Quad(concept, SKOS_NOTATION, ox.Literal(code), ox.NamedNode(disclosure)))
    return removed


def _restore(store: ox.Store, disclosure: str, removed: list, codes: dict[str, str], year_of: dict[str, int]) -> None:
    for code, kind in codes.items():
        concept = ox.NamedNode(str(concept_iri(BASE, kind, year_of[kind], code)))
        store.remove(ox.Quad(concept, SKOS_NOTATION, ox.Literal(code), ox.NamedNode(disclosure)))
    for quad in removed:
        store.add(quad)


def _named_class(code: str, kind: str) -> bool:
    return kind == "function" and len(code) == 3


def _batches(codes: dict[str, str]) -> list[dict[str, str]]:
    """款/项 and 经济分类 codes in runs holding at most one code of each 类 tree."""
    trees: dict[tuple, list[str]] = {}
    for code, kind in sorted(codes.items()):
        if not _named_class(code, kind):
            trees.setdefault((kind, code[:3]), []).append(code)
    depth = max((len(c) for c in trees.values()), default=0)
    return [{tree[i]: kind for (kind, _), tree in trees.items() if i < len(tree)} for i in range(depth)]


@pytest.mark.parametrize("name", FINAL_ACCOUNTS)
def test_no_new_violation_or_warning_with_any_one_code_unlisted(monkeypatch, name):
    iri, graph = _mapped(name)
    codes = _codes(name)
    year_of = {kind: code_list_for(kind, _disclosure(name).year).year for kind in set(codes.values())}
    store = disclosure_store({iri: graph})
    before = _findings(store, str(iri))

    deeper = {c: k for c, k in codes.items() if not _named_class(c, k)}
    unlisted_iri, unlisted_graph = _map_without(monkeypatch, name, set(deeper))
    # the Data Cube structure (its row dimensions and their code lists) follows the lists: left out here
    def data(g):
        return {t for t in g if t[1] != mapping.SKOS.member and "/structure/" not in str(t[0])
                and "/structure/" not in str(t[2])}
    kept, unlisted_kept = data(graph), data(unlisted_graph)
    added = unlisted_kept - kept
    assert kept - unlisted_kept == set()
    assert {str(o) for s, p, o in added if p == mapping.SKOS.notation} == set(deeper)

    for batch in _batches(codes):
        removed = _unlist(store, str(iri), year_of, batch)
        new = _findings(store, str(iri)) - before
        _restore(store, str(iri), removed, batch, year_of)
        assert new == set(), f"deleting {sorted(batch)} from the list gave {sorted(new)}"

    for code in sorted(c for c, k in codes.items() if _named_class(c, k)):
        class_iri, class_graph = _map_without(monkeypatch, name, {code})
        class_store = disclosure_store({class_iri: class_graph})
        _unlist(class_store, str(class_iri), year_of, {code: codes[code]})
        new = _findings(class_store, str(class_iri)) - before
        assert new == set(), f"deleting {code} from the list gave {sorted(new)}"


@pytest.mark.parametrize("name, code", [(CAIZHENGJU, "2080505"), (SHEHUIGONGZUOBU, "20805"), (ZHUZHOU, "2013101")])
def test_an_unlisted_code_is_not_checkable_and_still_summed(monkeypatch, name, code):
    """The real page, its code deleted from the year's list: the code's rows are still read as
    that code (A-05, C-05 sum them), and its name is an info, not a warning."""
    iri, graph = _map_without(monkeypatch, name, {code})
    store = disclosure_store({iri: graph})
    kind = _codes(name)[code]
    _unlist(store, str(iri), {kind: code_list_for(kind, _disclosure(name).year).year}, {code: kind})
    results = run_rules(store, disclosures=[str(iri)])
    x09 = [r for r in results if r.rule.id == "X-09" and r.bindings.get("expected") == code]
    assert x09 and {r.severity for r in x09} == {"info"}
    assert all("无法核对" in r.bindings["findingZh"] for r in x09)
    [document] = build_report(store, results, None, [str(iri)]).documents
    assert document["unlisted_codes"] == 1
    full_iri, full_graph = _mapped(name)
    assert _findings(store, str(iri)) == _findings(disclosure_store({full_iri: full_graph}), str(full_iri))
    rows = {str(o) for s, p, o in graph.triples((None, BK.row, None)) if str(o).endswith(f"/{code}")}
    assert rows, f"{code} is not printed in {name}"
