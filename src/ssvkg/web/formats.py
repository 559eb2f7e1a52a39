"""QueryResult -> response bytes in the formats the server offers.

JSON, CSV and TSV come from ssvkg.results; SPARQL XML from rdflib's own
serializer; Turtle of a SELECT uses the W3C result-set vocabulary (the RDF form
of a result table used by the SPARQL test suite).
"""

from __future__ import annotations

from rdflib import RDF, BNode, Graph, Literal, Namespace, Variable
from rdflib.query import Result

from ssvkg.results import QueryResult, render
from ssvkg.web.negotiation import RDF_FORMATS, RESULT_FORMATS

RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
_RDFLIB_GRAPH_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def _rdflib_result(result: QueryResult) -> Result:
    if result.kind == "ask":
        r = Result("ASK")
        r.askAnswer = bool(result.boolean)
        return r
    r = Result("SELECT")
    r.vars = [Variable(v) for v in result.vars]
    r.bindings = [{Variable(k): v for k, v in row.items()} for row in result.rows]
    return r


def _result_set_graph(result: QueryResult) -> Graph:
    g = Graph()
    g.bind("rs", RS)
    rs = BNode()
    g.add((rs, RDF.type, RS.ResultSet))
    if result.kind == "ask":
        g.add((rs, RS.boolean, Literal(bool(result.boolean))))
        return g
    for v in result.vars:
        g.add((rs, RS.resultVariable, Literal(v)))
    for i, row in enumerate(result.rows, 1):
        sol = BNode()
        g.add((rs, RS.solution, sol))
        g.add((sol, RS["index"], Literal(i)))
        for var, term in row.items():
            b = BNode()
            g.add((sol, RS.binding, b))
            g.add((b, RS.variable, Literal(var)))
            g.add((b, RS.value, term))
    return g


def graph_bytes(graph: Graph, fmt: str, namespaces: dict[str, str] | None = None) -> bytes:
    for prefix, ns in (namespaces or {}).items():
        graph.bind(prefix, ns, override=False)
    data = graph.serialize(format=_RDFLIB_GRAPH_FORMATS[fmt], encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def result_bytes(result: QueryResult, fmt: str) -> tuple[bytes, str]:
    """(body, media type) for a result in fmt (a key of RESULT_FORMATS or RDF_FORMATS)."""
    if result.kind == "graph":
        return graph_bytes(result.graph, fmt, result.namespaces), RDF_FORMATS[fmt][0] + "; charset=utf-8"
    media = RESULT_FORMATS[fmt][0]
    if fmt in ("json", "csv", "tsv"):
        return render(result, fmt).encode("utf-8"), media + "; charset=utf-8"
    if fmt == "xml":
        return _rdflib_result(result).serialize(format="xml", encoding="utf-8"), media + "; charset=utf-8"
    return graph_bytes(_result_set_graph(result), "turtle"), media + "; charset=utf-8"
