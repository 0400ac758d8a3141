"""Budgets (部门预算 / 单位预算): kind, scope and budget phase in the RDF; every Shanghai budget
of the corpus read table by table against counts and cells read off the page images."""

from rdflib import URIRef

from budgetkg.mapping import disclosure_graph
from budgetkg.vocab import BK, ontology_graph


OBEU_PHASE = URIRef("http://data.openbudgets.eu/ontology/dsd/dimension/budgetPhase")
APPROVED = URIRef("http://data.openbudgets.eu/resource/codelist/budget-phase/approved")


def test_a_budget_carries_its_phase_and_scope_into_the_rdf(disclosure):
    subject, graph = disclosure_graph(disclosure("putuo/quzhengfuban-2025-danwei-yusuan.pdf"))
    assert str(subject).endswith("/2025/budget-unit")
    assert (subject, BK.kind, BK.Budget) in graph
    assert (subject, BK.scope, BK.Unit) in graph
    assert (subject, BK.budgetPhase, APPROVED) in graph
    assert (BK.budgetPhase, URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), OBEU_PHASE) in ontology_graph()
