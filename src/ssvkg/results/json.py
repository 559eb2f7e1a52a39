"""SPARQL 1.1 Query Results JSON format (https://www.w3.org/TR/sparql11-results-json/)."""

from __future__ import annotations

import json

from rdflib import BNode, Literal, URIRef

from ssvkg.results.model import QueryResult


def term_json(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"cannot write {term!r} as a SPARQL JSON term")


def render(result: QueryResult, **_) -> str:
    if result.kind == "ask":
        doc = {"head": {}, "boolean": bool(result.boolean)}
    else:
        doc = {
            "head": {"vars": list(result.vars)},
            "results": {
                "bindings": [
                    {v: term_json(t) for v, t in row.items() if t is not None} for row in result.rows
                ]
            },
        }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
