"""The OpenAPI 3 document of the REST API: one path per named query, plus /sparql and /search."""

from __future__ import annotations

from ssvkg.version import __version__
from ssvkg.queries.catalogue import NamedQuery
from ssvkg.queries.params import XSD_TYPES, Param

_SELECT_MEDIA = ["application/sparql-results+json", "text/csv", "text/tab-separated-values",
                 "application/sparql-results+xml", "text/turtle"]
_GRAPH_MEDIA = ["text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
_INTEGER_TYPES = {"integer", "int", "long", "nonnegativeinteger"}


def _schema(p: Param) -> dict:
    if p.enum:
        return {"type": "string", "enum": list(p.enum)}
    if p.type == "iri":
        return {"type": "string", "format": "iri"}
    if p.type in _INTEGER_TYPES:
        return {"type": "integer"}
    if p.type in ("number", "decimal", "float", "double"):
        return {"type": "number"}
    if p.type == "boolean":
        return {"type": "boolean"}
    if p.type in XSD_TYPES and XSD_TYPES[p.type][1]:
        return {"type": "string", "pattern": "^(" + XSD_TYPES[p.type][1] + ")$"}
    return {"type": "string"}


def _param(p: Param) -> dict:
    schema = _schema(p)
    if p.default is not None:
        schema["default"] = p.default
    return {"name": p.name, "in": "query", "required": p.required and p.default is None,
            "description": f"{p.type_label} (SPARQL variable ?{p.var})", "schema": schema}


def _content(media: list[str]) -> dict:
    return {m: {"schema": {"type": "string"} if not m.endswith("json") else {"type": "object"}} for m in media}


def build(queries: list[NamedQuery], server_url: str = "/") -> dict:
    paths: dict = {}
    for q in queries:
        media = _GRAPH_MEDIA if q.kind in ("CONSTRUCT", "DESCRIBE") else _SELECT_MEDIA
        paths[f"/queries/{q.name}"] = {"get": {
            "operationId": q.name.replace("-", "_"),
            "summary": q.summary or q.name,
            "description": q.description + f"\n\nSPARQL {q.kind}. A file extension (.json, .csv, .tsv, "
                           ".xml, .ttl, .jsonld, .nt) picks the format instead of the Accept header.",
            "tags": q.tags or ["queries"],
            "parameters": [_param(p) for p in q.params.values()],
            "responses": {"200": {"description": "The result.", "content": _content(media)},
                          "400": {"description": "A parameter value is missing or invalid."}},
        }}
    sparql_param = {"name": "query", "in": "query", "required": True, "schema": {"type": "string"},
                    "description": "A read-only SPARQL 1.1 query (no Update, no SERVICE)."}
    paths["/sparql"] = {
        "get": {"operationId": "sparql_get", "summary": "SPARQL 1.1 Protocol query",
                "tags": ["sparql"], "parameters": [sparql_param],
                "responses": {"200": {"description": "Query results.",
                                      "content": _content(_SELECT_MEDIA[:4] + _GRAPH_MEDIA)}}},
        "post": {"operationId": "sparql_post", "summary": "SPARQL 1.1 Protocol query (POST)",
                 "tags": ["sparql"],
                 "requestBody": {"content": {
                     "application/x-www-form-urlencoded": {"schema": {
                         "type": "object", "properties": {"query": {"type": "string"}}}},
                     "application/sparql-query": {"schema": {"type": "string"}}}},
                 "responses": {"200": {"description": "Query results.",
                                       "content": _content(_SELECT_MEDIA[:4] + _GRAPH_MEDIA)}}},
    }
    paths["/search.json"] = {"get": {
        "operationId": "search", "summary": "Resources whose label contains a text (English or Chinese)",
        "tags": ["browse"],
        "parameters": [{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "Matching resources.", "content": _content(["application/json"])}},
    }}
    paths["/queries.json"] = {"get": {
        "operationId": "list_queries", "summary": "The named queries with their parameters",
        "tags": ["queries"],
        "responses": {"200": {"description": "The catalogue.", "content": _content(["application/json"])}},
    }}
    return {
        "openapi": "3.0.3",
        "info": {"title": "ssvkg: Sustainable Social Value Knowledge Graph", "version": __version__,
                 "description": "Read-only API over the named SPARQL queries of ssvkg, its SPARQL "
                                "endpoint and label search. Entity IRIs resolve under /id/ with "
                                "content negotiation (HTML, Turtle, N-Triples, JSON-LD)."},
        "servers": [{"url": server_url}],
        "paths": paths,
    }
