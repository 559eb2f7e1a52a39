"""Comparing query results across engines strictly, as multisets of rows.

Two results are the same when their rows are the same multiset and each cell holds the same
RDF term: the same IRI, or a literal with the same lexical form, the same datatype and the
same language tag. Only what SPARQL itself leaves open is evened out, here and nowhere else:
- blank node labels are local to a result (any blank node equals any other);
- language tags compare case-insensitively (BCP 47 §2.1.1; Oxigraph and Virtuoso store
  zh-Hant as zh-hant), their letters otherwise exactly;
- GROUP_CONCAT's order is unspecified (SPARQL 1.1 §18.5.1.7): in a column that is the
  result of a GROUP_CONCAT, found by parsing the query (group_concat_columns), the value is
  compared as the multiset of its pieces between separators; its datatype and tag still count.
Nothing else: no comparison of numbers by value, no lower-casing, no word lists. Where a store
writes another datatype (Virtuoso's integers beyond 32 bits as xsd:decimal, its booleans as 0/1),
ssvkg's result reader (ssvkg.remote.results) normalises it before anything reaches this module.
"""

from __future__ import annotations

from collections import Counter

from rdflib import BNode, Literal, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue


def group_concat_columns(text: str) -> dict[str, str]:
    """Result variable -> separator, for each variable that holds a GROUP_CONCAT's value
    (`(GROUP_CONCAT(...; separator=s) AS ?v)`, also in a subquery, and a plain `BIND(?v AS ?w)`).

    rdflib's algebra names each aggregate __agg_N__, numbered per query level (a subquery's
    __agg_1__ is not its outer query's): each Extend(?v := ?__agg_N__) is resolved in the
    AggregateJoin of its own level."""
    algebra = prepareQuery(text).algebra
    separators: dict[str, str] = {}
    renames: list[tuple[str, str]] = []  # (target, source) for Extend(target := ?source)

    def own_aggregates(node):
        while isinstance(node, CompValue) and node.name != "AggregateJoin":
            node = dict(node).get("p")
        return node.A if isinstance(node, CompValue) else []

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name == "Extend" and isinstance(node.expr, Variable):
                target, source = str(node.var), str(node.expr)
                if source.startswith("__agg_"):
                    for agg in own_aggregates(node.p):
                        if agg.name == "Aggregate_GroupConcat" and str(agg.res) == source:
                            sep = dict(agg).get("separator")  # CompValue.get answers a missing key with its name
                            separators[target] = " " if sep is None else str(sep)
                else:
                    renames.append((target, source))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(algebra)
    changed = True
    while changed:
        changed = False
        for target, source in renames:
            if source in separators and target not in separators:
                separators[target] = separators[source]
                changed = True
    return separators


def key(term, separator: str | None = None):
    """What must be equal for two terms to be the same. separator: the cell is a GROUP_CONCAT."""
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        text = str(term)
        lexical = tuple(sorted(text.split(separator))) if separator is not None else text
        return ("literal", lexical, str(term.datatype) if term.datatype else None,
                term.language.lower() if term.language else None)
    return ("iri", str(term))


def rows_multiset(result, group_concat: dict[str, str] | None = None) -> Counter:
    gc = group_concat or {}
    return Counter(tuple(sorted((v, key(t, gc.get(v))) for v, t in row.items())) for row in result.rows)


def triples_multiset(graph) -> Counter:
    return Counter((key(s), key(p), key(o)) for s, p, o in graph)


def same(a, b, group_concat: dict[str, str] | None = None) -> tuple[bool, str]:
    """(equal?, a short description of the difference). group_concat: group_concat_columns(query)."""
    if a.kind != b.kind:
        return False, f"kinds differ: {a.kind} vs {b.kind}"
    if a.kind == "ask":
        return a.boolean == b.boolean, f"{a.boolean} vs {b.boolean}"
    if a.kind == "graph":
        x, y = triples_multiset(a.graph), triples_multiset(b.graph)
    else:
        if a.vars != b.vars:
            return False, f"columns differ: {a.vars} vs {b.vars}"
        x, y = rows_multiset(a, group_concat), rows_multiset(b, group_concat)
    if x == y:
        return True, ""
    return False, f"{sum(x.values())} vs {sum(y.values())} rows; only first: {list((x - y))[:2]}; only second: {list((y - x))[:2]}"
