"""The integrity constraints of the W3C RDF Data Cube vocabulary (section 11, IC-1 to IC-21), as
queries written from the specification's definitions, run on a graph after the specification's
normalisation (section 10) or as it is.

Each check returns the offending nodes (at most a few); an empty list is a pass. IC-12 (no two
observations of a data set with the same dimension values) groups the values in Python, since a
pairwise comparison in SPARQL is quadratic in a table's cells.

One deliberate reading: budgetkg keeps a blank cell as an observation marked bk:blank with no
amount, since blank is not zero (IC-14 asks every observation for every measure). IC-14 is
checked on the observations that are not marked blank; `blank_observations` counts the others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

PREFIXES = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX bk: <https://w3id.org/budgetkg/ontology#>
"""

# Section 10: phase 1 (types and the component property implied by the kind of component), phase
# 2 (values of components attached to a data set, a slice or a measure, pushed to observations).
NORMALISATION = (
    """INSERT { ?o a qb:Observation } WHERE { ?o qb:dataSet ?d }""",
    """INSERT { ?d a qb:DataSet } WHERE { ?o qb:dataSet ?d }""",
    """INSERT { ?o a qb:Observation } WHERE { ?s qb:observation ?o }""",
    """INSERT { ?s a qb:Slice } WHERE { ?d qb:slice ?s }""",
    """INSERT { ?c qb:componentProperty ?p . ?p a qb:DimensionProperty } WHERE { ?c qb:dimension ?p }""",
    """INSERT { ?c qb:componentProperty ?p . ?p a qb:MeasureProperty } WHERE { ?c qb:measure ?p }""",
    """INSERT { ?c qb:componentProperty ?p . ?p a qb:AttributeProperty } WHERE { ?c qb:attribute ?p }""",
    """INSERT { ?o ?p ?v } WHERE {
         ?spec qb:componentProperty ?p ; qb:componentAttachment qb:DataSet .
         ?d qb:structure/qb:component ?spec ; ?p ?v . ?o qb:dataSet ?d }""",
    """INSERT { ?o ?p ?v } WHERE {
         ?spec qb:componentProperty ?p ; qb:componentAttachment qb:Slice .
         ?d qb:structure/qb:component ?spec ; qb:slice ?s . ?s ?p ?v ; qb:observation ?o }""",
    """INSERT { ?o ?p ?v } WHERE {
         ?spec qb:componentProperty ?p ; qb:componentAttachment qb:MeasureProperty .
         ?d qb:structure/qb:component ?spec . ?m a qb:MeasureProperty ; ?p ?v .
         ?d qb:structure/qb:component/qb:componentProperty ?m . ?o qb:dataSet ?d ; ?m [] }""",
)

QUERIES = {
    "IC-1": """SELECT ?x WHERE { { ?x a qb:Observation FILTER NOT EXISTS { ?x qb:dataSet [] } }
        UNION { ?x a qb:Observation ; qb:dataSet ?a , ?b FILTER(?a != ?b) } }""",
    "IC-2": """SELECT ?x WHERE { { ?x a qb:DataSet FILTER NOT EXISTS { ?x qb:structure [ a qb:DataStructureDefinition ] } }
        UNION { ?x a qb:DataSet ; qb:structure ?a , ?b FILTER(?a != ?b) } }""",
    "IC-3": """SELECT ?x WHERE { ?x a qb:DataStructureDefinition .
        FILTER NOT EXISTS { ?x qb:component/qb:componentProperty [ a qb:MeasureProperty ] } }""",
    "IC-4": """SELECT ?x WHERE { ?dsd a qb:DataStructureDefinition ; qb:component/qb:componentProperty ?x .
        ?x a qb:DimensionProperty . FILTER NOT EXISTS { ?x rdfs:range [] } }""",
    "IC-5": """SELECT ?x WHERE { ?x a qb:DimensionProperty ; rdfs:range skos:Concept .
        FILTER NOT EXISTS { ?x qb:codeList [] } }""",
    "IC-6": """SELECT ?x WHERE { ?dsd qb:component ?spec . ?spec qb:componentRequired false ; qb:componentProperty ?x .
        FILTER NOT EXISTS { ?x a qb:AttributeProperty } }""",
    "IC-7": """SELECT ?x WHERE { ?x a qb:SliceKey .
        FILTER NOT EXISTS { [ a qb:DataStructureDefinition ] qb:sliceKey ?x } }""",
    "IC-8": """SELECT ?x WHERE { ?key a qb:SliceKey ; qb:componentProperty ?x . ?dsd qb:sliceKey ?key .
        FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty ?x } }""",
    "IC-9": """SELECT ?x WHERE { { ?x a qb:Slice FILTER NOT EXISTS { ?x qb:sliceStructure [] } }
        UNION { ?x a qb:Slice ; qb:sliceStructure ?a , ?b FILTER(?a != ?b) } }""",
    "IC-10": """SELECT ?x WHERE { ?x qb:sliceStructure/qb:componentProperty ?dim . FILTER NOT EXISTS { ?x ?dim [] } }""",
    "IC-11": """SELECT ?x WHERE { ?x qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
        ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?x ?dim [] } }""",
    "IC-13": """SELECT ?x WHERE { ?x qb:dataSet/qb:structure/qb:component ?spec .
        ?spec qb:componentRequired true ; qb:componentProperty ?attr . FILTER NOT EXISTS { ?x ?attr [] } }""",
    "IC-14": """SELECT ?x WHERE { ?x qb:dataSet/qb:structure ?dsd .
        FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
        ?dsd qb:component/qb:componentProperty ?measure . ?measure a qb:MeasureProperty .
        FILTER NOT EXISTS { ?x ?measure [] } FILTER NOT EXISTS { ?x bk:blank true } }""",
    "IC-15": """SELECT ?x WHERE { ?x qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure .
        ?dsd qb:component/qb:componentProperty qb:measureType . FILTER NOT EXISTS { ?x ?measure [] } }""",
    "IC-16": """SELECT ?x WHERE { ?x qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure ; ?other [] .
        ?dsd qb:component/qb:componentProperty qb:measureType ; qb:component/qb:componentProperty ?other .
        ?other a qb:MeasureProperty . FILTER(?other != ?measure) }""",
    "IC-17": """SELECT ?x WHERE { ?x qb:dataSet ?d ; qb:measureType ?m1 .
        ?d qb:structure ?dsd . ?dsd qb:component/qb:componentProperty ?m2 . ?m2 a qb:MeasureProperty .
        FILTER NOT EXISTS {
          ?y qb:dataSet ?d ; qb:measureType ?m2 .
          FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty ?dim . ?dim a qb:DimensionProperty .
                              FILTER(?dim != qb:measureType) ?x ?dim ?v . FILTER NOT EXISTS { ?y ?dim ?v } } } }""",
    "IC-18": """SELECT ?x WHERE { ?d qb:slice ?s . ?s qb:observation ?x . FILTER NOT EXISTS { ?x qb:dataSet ?d } }""",
    "IC-19": """SELECT ?x WHERE { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
        ?dim a qb:DimensionProperty ; qb:codeList ?list . ?obs ?dim ?x .
        FILTER((EXISTS { ?list a skos:ConceptScheme } && NOT EXISTS { ?x a skos:Concept ; skos:inScheme ?list })
            || (EXISTS { ?list a skos:Collection } && NOT EXISTS { ?list skos:member+ ?x })) }""",
}

# IC-20 and IC-21 bind the hierarchy's parent-child property into the query (the specification's
# templates); they apply only where a dimension is coded by a qb:HierarchicalCodeList.
HIERARCHIES = """SELECT DISTINCT ?list ?pcp WHERE { ?dim qb:codeList ?list . ?list a qb:HierarchicalCodeList ; qb:parentChildProperty ?pcp }"""
IC_20 = """SELECT ?x WHERE { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
    ?dim a qb:DimensionProperty ; qb:codeList <{list}> . ?obs ?dim ?x .
    FILTER NOT EXISTS { <{list}> qb:hierarchyRoot/<{pcp}>* ?x } }"""
IC_21 = """SELECT ?x WHERE { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
    ?dim a qb:DimensionProperty ; qb:codeList <{list}> . ?obs ?dim ?x .
    FILTER NOT EXISTS { <{list}> qb:hierarchyRoot/(^<{pcp}>)* ?x } }"""

DIMENSION_VALUES = """SELECT ?dataSet ?x ?dim ?value WHERE {
    ?x qb:dataSet ?dataSet . ?dataSet qb:structure/qb:component/qb:componentProperty ?dim .
    ?dim a qb:DimensionProperty . ?x ?dim ?value }"""

SAMPLE = 5


@dataclass(frozen=True)
class Outcome:
    constraint: str
    offending: list[str]  # a few offending nodes; empty when the constraint holds

    @property
    def passed(self) -> bool:
        return not self.offending


def graph_of(quads: Iterable[ox.Quad | ox.Triple], normalise: bool = True) -> ox.Store:
    """The quads merged into one in-memory graph, normalised as section 10 says if asked."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    if normalise:
        for update in NORMALISATION:
            store.update(PREFIXES + update)
    return store


def check(store: ox.Store) -> list[Outcome]:
    """Every integrity constraint on the store's default graph, in the specification's order."""
    outcomes = [Outcome(name, _offending(store, query)) for name, query in QUERIES.items()]
    outcomes.append(Outcome("IC-12", _duplicates(store)))
    for name, template in (("IC-20", IC_20), ("IC-21", IC_21)):
        offending = []
        for row in store.query(PREFIXES + HIERARCHIES):
            query = template.replace("{list}", row["list"].value).replace("{pcp}", row["pcp"].value)
            offending += _offending(store, query)
        outcomes.append(Outcome(name, offending[:SAMPLE]))
    return sorted(outcomes, key=lambda o: (int(o.constraint.split("-")[1]), o.constraint))


def blank_observations(store: ox.Store) -> int:
    """Observations without a measure that carry the blank marker (IC-14's exception)."""
    query = PREFIXES + """SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x qb:dataSet/qb:structure/qb:component/qb:componentProperty ?m ;
        bk:blank true . ?m a qb:MeasureProperty . FILTER NOT EXISTS { ?x ?m [] } }"""
    return int(next(iter(store.query(query)))["n"].value)


def _offending(store: ox.Store, query: str) -> list[str]:
    rows = store.query(PREFIXES + query + f" LIMIT {SAMPLE}")
    return [str(row["x"]) for row in rows]


def _duplicates(store: ox.Store) -> list[str]:
    """IC-12: observations of one data set that agree on every dimension."""
    keys: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(PREFIXES + DIMENSION_VALUES):
        keys[(row["dataSet"].value, row["x"].value)].append((row["dim"].value, str(row["value"])))
    seen: dict[tuple, str] = {}
    offending = []
    for (data_set, observation), values in keys.items():
        key = (data_set, tuple(sorted(values)))
        if key in seen:
            offending.append(f"{observation} = {seen[key]}")
        else:
            seen[key] = observation
    return offending[:SAMPLE]
