"""Comparing results of two engines: multisets of canonical terms.

Oxigraph stores numbers, booleans and dates by value and writes them back canonically
("3000.50" becomes "3000.5"); rdflib keeps the lexical form. Blank node labels are
engine-local. So a literal compares by (datatype, value) when it is well-typed, by its
lexical form otherwise, and every blank node compares equal to every other.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from rdflib import BNode, Literal, URIRef


def canon(term):
    if term is None:
        return None
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, Literal):
        if term.language:
            return ("lit", str(term), term.language.lower(), None)
        dt = str(term.datatype) if term.datatype else None
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            dt = None  # RDF 1.1: "x" and "x"^^xsd:string are one literal
        if dt and term.ill_typed is not True and term.value is not None:
            value = term.value
            if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
                value = Decimal(str(value)).normalize()
            return ("lit", repr(value), None, dt)
        return ("lit", str(term), None, dt)
    return ("other", str(term))


# Where SPARQL leaves the result open, and the engines differ (documented in BENCHMARKS.md):
# - GROUP_CONCAT's order is unspecified (rdflib and Oxigraph concatenate in different
#   orders), and Oxigraph keeps a language tag shared by all values (SPARQL 1.2) where
#   rdflib returns a simple literal: compare the multiset of parts, without the tag;
# - Oxigraph lower-cases language tags when it parses (BCP47 tags are case-insensitive),
#   so LANG() gives "zh-hans" where rdflib gives "zh-Hans": compare lower-cased.
# the aggregate runs up to the first ") AS ?var": inner parentheses are never followed by AS
_CONCAT = re.compile(r"GROUP_CONCAT\s*\((.*?)\)\s+AS\s+[?$](\w+)", re.I | re.S)
_SEPARATOR = re.compile(r"separator\s*=\s*(['\"])(.*?)\1", re.I | re.S)
_LANG = re.compile(r"\bLANG\s*\([^()]*\)\s*\)?\s+AS\s+[?$](\w+)", re.I)


def loose_columns(query_text: str) -> tuple[dict[str, str], set[str]]:
    """{column: GROUP_CONCAT separator}, {columns holding LANG()} of a query text."""
    concat = {}
    for m in _CONCAT.finditer(query_text):
        sep = _SEPARATOR.search(m.group(1))
        concat[m.group(2)] = sep.group(2) if sep else " "
    return concat, {m.group(1) for m in _LANG.finditer(query_text)}


def _loose(name, term, concat, lang):
    if isinstance(term, Literal) and name in concat:
        return ("concat", tuple(sorted(str(term).split(concat[name]))))
    if isinstance(term, Literal) and name in lang:
        return ("lang", str(term).lower())
    return canon(term)


def canon_result(result, query_text: str = ""):
    """A QueryResult as something == compares the way we mean."""
    if result.kind == "ask":
        return ("ask", result.boolean)
    if result.kind == "graph":
        return ("graph", Counter(tuple(canon(t) for t in triple) for triple in result.graph))
    concat, lang = loose_columns(query_text)
    rows = Counter(
        tuple(sorted((k, _loose(k, v, concat, lang)) for k, v in row.items()))
        for row in result.rows
    )
    return ("select", tuple(result.vars), rows)
