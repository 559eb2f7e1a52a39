"""Reading a store's answer into a QueryResult, evening out the small differences between stores.

- Virtuoso writes "typed-literal" in SPARQL JSON, answers ASK as a one-column SELECT, and blank nodes as nodeID:// IRIs.
- xsd:string is dropped from literals (the same term in RDF 1.1), so "x" == "x"^^xsd:string.
- xsd:boolean values come in their canonical form: Virtuoso writes a stored true as "1"^^xsd:boolean
  ("1" and "true" are the same value, and the lexical space allows both). Not normalised, because
  nothing in the answer says what was meant: Virtuoso's computed booleans (a comparison, the
  constant true) come as "1"^^xsd:integer; the named queries never select one.
- Virtuoso caps results with HTTP 200 and an X-SPARQL-MaxRows header: that is an error here, never
  a silently shorter result.
"""

from __future__ import annotations

import json

from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ssvkg.results import QueryResult
from ssvkg.remote.errors import EndpointError, TruncatedResultError
from ssvkg.remote.http import Response, display_url

JSON_TYPES = ("application/sparql-results+json", "application/json")
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "nt",
    "text/plain": "nt", "application/rdf+xml": "xml", "application/ld+json": "json-ld",
    "application/n-quads": "nquads", "text/rdf+n3": "n3", "text/n3": "n3",
}
CAP_HEADERS = ("X-SPARQL-MaxRows",)
_BOOLEAN = {"1": "true", "0": "false", "true": "true", "false": "false"}  # xsd:boolean's lexical space


def term(binding: dict):
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        if value.startswith("nodeID://"):  # Virtuoso's blank nodes
            return BNode(value[len("nodeID://"):])
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang") or binding.get("lang")
        if lang:
            return Literal(value, lang=lang)
        datatype = binding.get("datatype")
        if datatype in (None, str(XSD.string), str(RDF.langString)):
            return Literal(value)
        if datatype == str(XSD.boolean) and value.strip() in _BOOLEAN:
            return Literal(_BOOLEAN[value.strip()], datatype=XSD.boolean, normalize=False)
        return Literal(value, datatype=URIRef(datatype))
    if kind == "triple":
        raise EndpointError("the store answered with an RDF-star triple term, which ssvkg does not handle.")
    raise EndpointError(f"the store answered with an unknown term type {kind!r}.")


def normalize_literal(t):
    if isinstance(t, Literal) and t.datatype == XSD.string:
        return Literal(str(t))
    return t


def _not_results(resp: Response, expected: str) -> EndpointError:
    shown = display_url(resp.url)
    if resp.content_type in ("text/html", "application/xhtml+xml"):
        return EndpointError(f"{shown} answered with an HTML page instead of {expected}: is this the "
                             "SPARQL endpoint? (try --profile, or the store's query URL)")
    return EndpointError(f"{shown} answered with {resp.content_type or 'no content type'} "
                         f"instead of {expected}.")


def check_cap(resp: Response, count: int) -> None:
    for name in CAP_HEADERS:
        value = resp.header(name)
        if value and value.strip().isdigit() and count >= int(value):
            raise TruncatedResultError(
                f"the store cut the result at {value} rows ({name} header) although it answered 200: "
                "raise the store's limit (Virtuoso: [SPARQL] ResultSetMaxRows in virtuoso.ini) "
                "or narrow the query.")


def _ask_as_select(doc: dict) -> bool:
    """Virtuoso answers ASK in JSON as a SELECT of ?__ASK_RETVAL: one row "1" when true, none when false."""
    rows = doc["results"]["bindings"]
    return bool(rows) and all(str(v.get("value", "")).lower() in ("1", "true") for v in rows[0].values())


def parse_json(resp: Response, namespaces: dict[str, str], ask: bool = False) -> QueryResult:
    if resp.content_type not in JSON_TYPES:
        raise _not_results(resp, "SPARQL JSON results")
    try:
        doc = json.loads(resp.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise EndpointError(f"the answer from {display_url(resp.url)} is not valid SPARQL JSON results "
                            f"(cut off after {len(resp.body)} bytes?).") from None
    if not isinstance(doc, dict):
        raise EndpointError(f"the answer from {display_url(resp.url)} is not SPARQL JSON results.")
    if "boolean" in doc:
        value = doc["boolean"]
        if isinstance(value, str):  # seen as "true"/"1" from some stores
            value = value.strip().lower() in ("true", "1")
        return QueryResult("ask", boolean=bool(value), namespaces=namespaces)
    try:
        if ask:
            return QueryResult("ask", boolean=_ask_as_select(doc), namespaces=namespaces)
        names = list(doc["head"]["vars"])
        bindings = doc["results"]["bindings"]
    except (KeyError, TypeError):
        raise EndpointError(f"the answer from {display_url(resp.url)} lacks head.vars or "
                            "results.bindings: it is not SPARQL JSON results.") from None
    rows = [{k: term(v) for k, v in b.items()} for b in bindings]
    check_cap(resp, len(rows))
    return QueryResult("select", vars=names, rows=rows, namespaces=namespaces)


def parse_graph(resp: Response, namespaces: dict[str, str]) -> QueryResult:
    fmt = GRAPH_TYPES.get(resp.content_type)
    if fmt is None:
        raise _not_results(resp, "RDF")
    g = Graph(bind_namespaces="core")
    try:
        g.parse(data=resp.body, format=fmt)
    except Exception:
        raise EndpointError(f"the RDF from {display_url(resp.url)} does not parse "
                            f"(cut off after {len(resp.body)} bytes?).") from None
    out = Graph(bind_namespaces="core")
    for s, p, o in g:
        out.add((s, p, normalize_literal(o)))
    check_cap(resp, len(out))
    return QueryResult("graph", graph=out, namespaces=namespaces)
