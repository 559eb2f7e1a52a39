"""Comparing query results across engines as multisets of rows, modulo what SPARQL leaves open.

Differences that SPARQL allows (or that are known engine bugs), evened out here and
nowhere else:
- blank node labels are local to a result;
- GROUP_CONCAT's order is unspecified: string literals compare as their sorted words;
- language tags are case-insensitive (BCP 47), and LANG() returns them as stored
  (Oxigraph and Virtuoso lowercase them): strings compare lowercased;
- CONCAT/GROUP_CONCAT of tagged strings keeps the common tag on Oxigraph and Virtuoso and
  drops it on rdflib: a string's language tag is not compared;
- numbers compare by value (Virtuoso writes 3000.50 as 3000.5, or an integer count as decimal).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from rdflib import XSD, BNode, Literal

NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger,
           XSD.positiveInteger, XSD.short, XSD.byte, XSD.unsignedInt, XSD.unsignedLong}


def key(term):
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        if term.datatype in NUMERIC:
            try:
                return ("number", Decimal(str(term)).normalize())
            except InvalidOperation:
                return ("number", str(term))
        if term.datatype is None or term.datatype == XSD.string:
            return ("string", tuple(sorted(re.findall(r"\w+", str(term).lower()))))
        return ("typed", str(term), str(term.datatype))
    return ("iri", str(term))


def rows_multiset(result) -> Counter:
    return Counter(tuple(sorted((v, key(t)) for v, t in row.items())) for row in result.rows)


def triples_multiset(graph) -> Counter:
    return Counter((key(s), key(p), key(o)) for s, p, o in graph)


def same(a, b) -> tuple[bool, str]:
    """(equal?, a short description of the difference)."""
    if a.kind != b.kind:
        return False, f"kinds differ: {a.kind} vs {b.kind}"
    if a.kind == "ask":
        return a.boolean == b.boolean, f"{a.boolean} vs {b.boolean}"
    if a.kind == "graph":
        x, y = triples_multiset(a.graph), triples_multiset(b.graph)
    else:
        x, y = rows_multiset(a), rows_multiset(b)
    if x == y:
        return True, ""
    return False, f"{sum(x.values())} vs {sum(y.values())} rows; only first: {list((x - y))[:2]}; only second: {list((y - x))[:2]}"
