"""Namespaces, and the concept schemes of `ontology/concepts.ttl` as lookups from printed wording
to concept."""

from __future__ import annotations

from functools import lru_cache

from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from .recognise.text import label_key
from .resources import ONTOLOGY_DIR

BK = Namespace("https://w3id.org/budgetkg/ontology#")
BKM = Namespace("https://w3id.org/budgetkg/metric/")
BKC = Namespace("https://w3id.org/budgetkg/column/")
QB = Namespace("http://purl.org/linked-data/cube#")

PREFIXES = {
    "bk": BK, "bkm": BKM, "bkc": BKC, "qb": QB, "prov": PROV, "org": ORG, "skos": SKOS,
    "dcat": DCAT, "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
}

ONTOLOGY_FILES = ("budgetkg.ttl", "concepts.ttl", "cube.ttl", "skos-axioms.ttl")

UNITS = {"元": BK.Yuan, "万元": BK.Wanyuan, "亿元": BK.Yiyuan, "千元": BK.Qianyuan}
KINDS = {"final-accounts": BK.FinalAccounts, "budget": BK.Budget}
# OpenBudgets.eu budget phases (codelist budget-phase) of the two disclosure kinds
PHASES = {
    "final-accounts": URIRef("http://data.openbudgets.eu/resource/codelist/budget-phase/executed"),
    "budget": URIRef("http://data.openbudgets.eu/resource/codelist/budget-phase/approved"),
}
SCOPES = {"department": BK.Department, "unit": BK.Unit}
SIDES = {"income": BK.Income, "expense": BK.Expense, "purpose": BK.ExpenseByPurpose}


@lru_cache(maxsize=None)
def ontology_graph() -> Graph:
    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph.parse(ONTOLOGY_DIR / name, format="turtle")
    return graph


@lru_cache(maxsize=None)
def metric_by_label(budget: bool = True) -> dict[str, URIRef]:
    """Printed wording (as a label key) -> disclosure metric; the wordings that name a metric in a
    budget only (bk:budgetLabel) are left out for final accounts."""
    graph = ontology_graph()
    lookup: dict[str, URIRef] = {}
    wordings = (SKOS.prefLabel, SKOS.altLabel) + ((BK.budgetLabel,) if budget else ())
    for concept in graph.subjects(SKOS.inScheme, BKM[""]):
        for label in (label for p in wordings for label in graph.objects(concept, p)):
            if getattr(label, "language", None) == "zh":
                lookup[label_key(str(label))] = concept
    return lookup


def metric_for(label: str) -> URIRef | None:
    return metric_by_label().get(label_key(label))


def decimal_literal(value: Decimal) -> Literal:
    """An xsd:decimal whose lexical form has a decimal point, as Turtle writes it, so that every
    serialisation of the graph reads back to the same terms (the decimals shown are kept apart)."""
    text = format(value, "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def half_step(decimals: int) -> Literal:
    """Half the last displayed digit: a figure shown with d decimals stands for v ± ½·10⁻ᵈ."""
    return decimal_literal(Decimal(5).scaleb(-(decimals + 1)))
