"""What crosses the process boundary: JSON, never pickle.

The worker evaluates strangers' text; should it ever be subverted, what it sends back
must still be plain data. So messages are JSON, and RDF terms travel as short lists:

    ["u", iri]   ["b", id]   ["l", lexical]   ["l", lexical, datatype]   ["t", lexical, lang]

A literal without a datatype and an xsd:string literal are the same term (RDF 1.1);
both decode to rdflib's plain Literal("x"), as ssvkg.store.terms does.
"""

from __future__ import annotations

import json

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def dumps(message: dict) -> bytes:
    # surrogatepass: a lone surrogate in a literal must not kill the worker on the way out.
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def loads(data: bytes) -> dict:
    message = json.loads(data.decode("utf-8", "surrogatepass"))
    if not isinstance(message, dict):
        raise ValueError("a message must be a JSON object")
    return message


# ------------------------------------------------------------------ pyoxigraph side


def from_ox(term) -> list | None:
    """A pyoxigraph term as a wire term (the worker side: no rdflib needed)."""
    if term is None:
        return None
    cls = type(term)
    if cls is _ox().NamedNode:
        return ["u", term.value]
    if cls is _ox().Literal:
        if term.language:
            return ["t", term.value, term.language]
        dt = term.datatype.value
        return ["l", term.value] if dt == XSD_STRING else ["l", term.value, dt]
    if cls is _ox().BlankNode:
        return ["b", term.value]
    raise ValueError(f"unsupported RDF term: {term!r}")


def _ox():
    import pyoxigraph  # imported on use: the rdflib side of the wire never needs it

    return pyoxigraph


# ------------------------------------------------------------------ rdflib side


def to_rdflib(term: list | None):
    """A wire term as an rdflib term; ValueError on anything else."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    kind = term[0]
    if kind == "u":
        return URIRef(term[1])
    if kind == "b":
        return BNode(term[1])
    if kind == "l":
        return Literal(term[1]) if len(term) == 2 else Literal(term[1], datatype=URIRef(term[2]))
    if kind == "t":
        return Literal(term[1], lang=term[2])
    raise ValueError(f"unknown wire term {term!r}")


def from_rdflib(term) -> list | None:
    """An rdflib term as a wire term."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ["u", str(term)]
    if isinstance(term, BNode):
        return ["b", str(term)]
    if isinstance(term, Literal):
        if term.language:
            return ["t", str(term), term.language]
        if term.datatype is None or str(term.datatype) in (XSD_STRING, RDF_LANG_STRING):
            return ["l", str(term)]
        return ["l", str(term), str(term.datatype)]
    raise ValueError(f"unsupported RDF term: {term!r}")


def decode_result(payload: dict, namespaces: dict[str, str]):
    """A QueryResult from a worker's {"kind", "vars", "rows" | "boolean" | "triples"}."""
    from rdflib import Graph

    from ssvkg.results import QueryResult

    kind = payload["kind"]
    if kind == "ask":
        return QueryResult("ask", boolean=bool(payload["boolean"]), namespaces=namespaces)
    if kind == "graph":
        g = Graph(bind_namespaces="core")
        for s, p, o in payload["triples"]:
            g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
        return QueryResult("graph", graph=g, namespaces=namespaces)
    names = [str(v) for v in payload["vars"]]
    seen: dict = {}  # rows repeat labels and types: build each rdflib term once

    def term(t):
        key = tuple(t)
        found = seen.get(key)
        if found is None:
            found = seen[key] = to_rdflib(t)
        return found

    rows = [{n: term(t) for n, t in zip(names, row) if t is not None} for row in payload["rows"]]
    return QueryResult("select", vars=names, rows=rows, namespaces=namespaces)


def encode_result(result) -> dict:
    """A QueryResult (rdflib terms) as a wire payload; the inverse of decode_result."""
    if result.kind == "ask":
        return {"kind": "ask", "boolean": bool(result.boolean)}
    if result.kind == "graph":
        return {"kind": "graph", "triples": [[from_rdflib(t) for t in triple] for triple in result.graph]}
    return {"kind": "select", "vars": list(result.vars),
            "rows": [[from_rdflib(row.get(v)) for v in result.vars] for row in result.rows]}


# ------------------------------------------------------------------ validation results


def encode_validation(result) -> dict:
    """A ValidationResult as plain data (its report graph is rebuilt from the issues); the
    issues as ssvkg.validation.model encodes them."""
    from ssvkg.validation.model import encode_issues

    return {"conforms": bool(result.conforms), "issues": encode_issues(result.issues),
            "checks": list(result.checks), "skipped": dict(result.skipped),
            "inputs": list(result.inputs), "namespaces": dict(result.namespaces)}


def decode_validation(payload: dict):
    from ssvkg.validation.model import ValidationResult, decode_issues

    issues = decode_issues(payload["issues"])
    if issues is None:
        raise ValueError("the worker sent validation results that are not well-formed")
    return ValidationResult(bool(payload["conforms"]), issues, None, list(payload["checks"]),
                            dict(payload["skipped"]), list(payload["inputs"]),
                            dict(payload["namespaces"]))
