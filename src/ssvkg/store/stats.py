"""Counts for `ssvkg stats`: triples per graph, instances per class, observations per year."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ssvkg.store.base import Engine

QB_OBSERVATION = "http://purl.org/linked-data/cube#Observation"
REF_PERIOD = "http://purl.org/linked-data/sdmx/2009/dimension#refPeriod"

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class
"""
# Observations are instances of qb:Observation or of a subclass (ssv:Observation).
# Their year comes, by rank: 1) a property with rdfs:range xsd:gYear (ssv:refYear),
# 2) sdmx-dimension:refPeriod, a sub-property of it (ssv:refPeriod), or a dimension
# whose qb:concept is sdmx-concept:refPeriod.
OBSERVATION_PERIODS = """
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-concept: <http://purl.org/linked-data/sdmx/2009/concept#>
SELECT DISTINCT ?obs ?period ?rank WHERE {
  ?obs a/rdfs:subClassOf* qb:Observation .
  OPTIONAL {
    { ?obs ?p ?period . ?p rdfs:range xsd:gYear . BIND(1 AS ?rank) }
    UNION
    { ?obs ?p ?period .
      FILTER(?p = sdmx-dimension:refPeriod
             || EXISTS { ?p rdfs:subPropertyOf+ sdmx-dimension:refPeriod }
             || EXISTS { ?p qb:concept sdmx-concept:refPeriod })
      BIND(2 AS ?rank) }
  }
}
"""
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def year_of(value) -> str | None:
    """The first plausible year in a period value: "2023", 2023-12-31, .../year/2023."""
    if value is None:
        return None
    m = _YEAR.search(str(value))
    return m.group(1) if m else None


@dataclass
class Stats:
    triples_per_graph: dict[str, int] = field(default_factory=dict)
    instances_per_class: dict[str, int] = field(default_factory=dict)
    observations_per_year: dict[str, int] = field(default_factory=dict)  # "unknown" for no period
    namespaces: dict[str, str] = field(default_factory=dict)  # for showing class IRIs

    @property
    def total_triples(self) -> int:
        return sum(self.triples_per_graph.values())


def compute(engine: Engine) -> Stats:
    classes = engine.query(CLASS_COUNTS)
    per_class = {str(r["class"]): int(r["n"]) for r in classes.rows}
    years: dict[str, dict[int, set]] = {}  # observation -> rank -> years
    for r in engine.query(OBSERVATION_PERIODS).rows:
        by_rank = years.setdefault(str(r["obs"]), {})
        y = year_of(r.get("period"))
        if y:
            by_rank.setdefault(int(r["rank"]), set()).add(y)
    # each observation counts once per year of its best-ranked period property
    best = {obs: ranks[min(ranks)] if ranks else set() for obs, ranks in years.items()}
    per_year = Counter(y for ys in best.values() for y in ys)
    unknown = sum(1 for ys in best.values() if not ys)
    if unknown:
        per_year["unknown"] = unknown
    return Stats(
        triples_per_graph=dict(sorted(engine.triples_per_graph().items())),
        instances_per_class=dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        observations_per_year=dict(sorted(per_year.items())),
        namespaces=engine.namespaces(),
    )
