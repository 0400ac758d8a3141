"""What the published dumps add to a disclosure graph for consumers that do no reasoning: the
values of the components attached to a data set, repeated on each of its observations (the
normalisation of the Data Cube specification, section 10), and the values of every component
property under its superproperties (the OpenBudgets.eu dimensions, measure and currency, the SDMX
attributes), so that a generic Data Cube or OpenBudgets.eu consumer finds what it looks for."""

from __future__ import annotations

import pyoxigraph as ox

PREFIXES = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# A data set's values of the components its structure attaches to the data set, on its observations.
PUSH_DOWN = PREFIXES + """CONSTRUCT { ?obs ?component ?value } WHERE {
  GRAPH <{graph}> {
    ?obs qb:dataSet ?dataSet .
    ?dataSet qb:structure ?dsd ; ?component ?value .
    ?dsd qb:component ?spec .
    ?spec qb:componentAttachment qb:DataSet ;
          qb:dimension|qb:measure|qb:attribute ?component .
  }
}"""

# Each component value (on an observation or a data set, pushed down or not) under the
# component's superproperties, as the ontology and the graph's own structure declare them.
SUPERPROPERTIES = PREFIXES + """CONSTRUCT { ?subject ?super ?value } WHERE {
  {
    SELECT DISTINCT ?component ?super WHERE {
      GRAPH <{graph}> { ?spec qb:dimension|qb:measure|qb:attribute ?component }
      ?component rdfs:subPropertyOf+ ?super .
      FILTER(?super != ?component)
    }
  }
  GRAPH <{graph}> {
    { ?subject ?component ?value }
    UNION
    { ?subject qb:dataSet ?dataSet .
      ?dataSet qb:structure/qb:component ?spec ; ?component ?value .
      ?spec qb:componentAttachment qb:DataSet ; qb:dimension|qb:measure|qb:attribute ?component . }
  }
}"""


def published_quads(store, graph: str) -> list[ox.Quad]:
    """The graph's quads as published: what the store holds plus the materialised values. A
    graph without data sets (the reference data, validation results) is published as it is."""
    quads = store.quads_of(graph)
    name = ox.NamedNode(graph)
    held = set(quads)
    for template in (PUSH_DOWN, SUPERPROPERTIES):
        for triple in store.query(template.replace("{graph}", graph)):
            quad = ox.Quad(triple.subject, triple.predicate, triple.object, name)
            if quad not in held:
                held.add(quad)
                quads.append(quad)
    return quads
