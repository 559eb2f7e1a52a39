"""The names a table shows instead of IRIs, read once from the graph through the API."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal

from ssvkg.present.numbers import pick

SSV = "https://w3id.org/ssvkg/ontology#"
SDG_GOAL = "http://metadata.un.org/sdg/"

# Label properties, best first; identifiers of source documents; pillars and qualifiers
# with their notations ("B", ">"), which some columns hold instead of the concept.
LABELS_QUERY = """
SELECT ?s ?p ?l WHERE {
  VALUES ?p { <http://www.w3.org/2004/02/skos/core#prefLabel> <http://www.w3.org/2000/01/rdf-schema#label>
              <http://purl.org/dc/terms/title> <http://purl.org/dc/terms/identifier>
              <http://www.w3.org/2004/02/skos/core#notation> }
  ?s ?p ?l .
  FILTER(isIRI(?s) && isLiteral(?l))
}"""
_PREF, _LABEL, _TITLE, _ID, _NOTATION = (
    "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title", "http://purl.org/dc/terms/identifier",
    "http://www.w3.org/2004/02/skos/core#notation")
_RANK = {_PREF: 0, _LABEL: 1, _TITLE: 2}
CONCEPT_PREFIX = "https://w3id.org/ssvkg/concept/"
PILLAR_PREFIX = "https://w3id.org/ssvkg/concept/cbs-"
QUALIFIER_PREFIX = "https://w3id.org/ssvkg/concept/qualifier-"


@dataclass
class Labels:
    """IRI -> its label literals (best property first), plus the look-ups tables need."""

    names: dict[str, list[Literal]] = field(default_factory=dict)
    by_identifier: dict[str, str] = field(default_factory=dict)  # dcterms:identifier -> IRI
    notations: dict[str, str] = field(default_factory=dict)  # concept IRI -> skos:notation
    qualifiers: dict[str, str] = field(default_factory=dict)  # notation or English label -> IRI
    namespaces: dict[str, str] = field(default_factory=dict)
    by_english: dict[str, set[str]] = field(default_factory=dict)  # English label -> IRIs
    concepts: dict[str, str] = field(default_factory=dict)  # notation -> ssvc: concept, where unique

    def translate(self, english: str, lang: str) -> str | None:
        """An English label the query returned, in lang: the label in lang of the resource
        (or resources, if they agree) whose English label it is; None if there is none."""
        names = {self.name(iri, lang) for iri in self.by_english.get(english, ())}
        return names.pop() if len(names) == 1 else None

    def name(self, iri: str, lang: str) -> str | None:
        """iri's label in lang (else the other language), without language tag; a pillar
        as "B · industries"; None when the graph has none."""
        best = pick(self.names.get(iri, []), lang)
        if best is None:
            if iri.startswith(SDG_GOAL) and iri[len(SDG_GOAL):].isdigit():
                return ("可持续发展目标 " if lang == "zh" else "SDG ") + iri[len(SDG_GOAL):]
            return None
        if iri in self.notations and iri.startswith(PILLAR_PREFIX):
            return f"{self.notations[iri]} · {best}"
        return str(best)


def labels_from_rows(rows, namespaces: dict[str, str] | None = None) -> Labels:
    names: dict[str, list[tuple[int, Literal]]] = defaultdict(list)
    out = Labels(namespaces=dict(namespaces or {}))
    for row in rows:
        s, p, lit = str(row["s"]), str(row["p"]), row["l"]
        if p == _ID:
            out.by_identifier[str(lit)] = s
        elif p == _NOTATION:
            out.notations[s] = str(lit)
            if s.startswith(CONCEPT_PREFIX):
                out.concepts[str(lit)] = "" if str(lit) in out.concepts else s
            if s.startswith(QUALIFIER_PREFIX):
                out.qualifiers[str(lit)] = s
        else:
            names[s].append((_RANK[p], lit))
    out.concepts = {n: s for n, s in out.concepts.items() if s}
    out.names = {s: [lit for _, lit in sorted(lits, key=lambda x: x[0])] for s, lits in names.items()}
    for s, lits in out.names.items():
        for lit in lits:
            if (lit.language or "").lower().startswith("en"):
                out.by_english.setdefault(str(lit), set()).add(s)
        if s.startswith(QUALIFIER_PREFIX):
            for lit in lits:
                out.qualifiers[str(lit)] = s
    return out


def read_labels(kg, result=None) -> Labels:
    """The labels a table of result needs (all of them when result is None), read from the
    graph kg (a KnowledgeGraph) holds with LABELS_QUERY. Its check is kept in kg's memo as a
    named query's is, so a second `query run` loads no SPARQL parser for it
    (tests/engines/test_cold_start.py).

    Every label of a large graph is many rows (19k at 100k triples): where the evaluator can
    filter its rows (the sandboxed engine's keep), only the rows about the result's IRIs, the
    ontology properties its headers may be named after, and the resources one of whose labels,
    notations or identifiers is a text the result holds (a pillar's "B", an English label a
    Chinese table translates) come back: one pass finds those resources, a second their labels."""
    from ssvkg.gate.sparql import check

    check(LABELS_QUERY, memo=kg.memo)
    evaluator = kg.evaluator()
    if result is None or not getattr(evaluator, "keeps_rows", False):
        whole = evaluator.query(LABELS_QUERY)
        return labels_from_rows(whole.rows, whole.namespaces)
    iris, texts = _wanted_terms(result)
    if texts:
        found = evaluator.query(LABELS_QUERY, keep={"l": texts})
        iris |= {str(r["s"]) for r in found.rows}
    found = evaluator.query(LABELS_QUERY, keep={"s": iris})
    return labels_from_rows(found.rows, found.namespaces)


def _wanted_terms(result) -> tuple[set[str], set[str]]:
    """(IRIs, literal texts) of result whose labels a table may show, plus the ontology
    properties a Chinese header may be named after (ssvkg.present.display._header)."""
    from rdflib import URIRef

    iris: set[str] = set()
    for var in result.vars:
        for name in {var, var.rsplit("_", 1)[0]}:
            first, *rest = name.split("_")
            iris.add(SSV + first + "".join(w[:1].upper() + w[1:] for w in rest))
    texts: set[str] = set()
    for row in result.rows:
        for term in row.values():
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal):
                texts.add(str(term))
                texts.update(str(term).split())  # a GROUP_CONCAT of source identifiers
    return iris, texts
