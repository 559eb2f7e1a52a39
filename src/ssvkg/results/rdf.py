"""CONSTRUCT/DESCRIBE results as Turtle or JSON-LD."""

from __future__ import annotations

from ssvkg.results.model import QueryResult


def _graph(result: QueryResult):
    g = result.graph
    for prefix, ns in result.namespaces.items():
        g.bind(prefix, ns, override=False)
    return g


def render_turtle(result: QueryResult, **_) -> str:
    return _graph(result).serialize(format="turtle")


def render_jsonld(result: QueryResult, **_) -> str:
    return _graph(result).serialize(format="json-ld", indent=2)
