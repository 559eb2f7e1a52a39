"""Query results (QueryResult) and their output formats, one module per format.

FORMATS maps a format name to "module:function"; the module is imported only when
that format is used. A renderer takes (result, **options) and returns str.
"""

from __future__ import annotations

from importlib import import_module

from ssvkg.errors import QueryError
from ssvkg.results.model import QueryResult

# Formats for SELECT/ASK results.
TABULAR_FORMATS = {
    "table": "ssvkg.results.table:render",
    "csv": "ssvkg.results.csv_tsv:render_csv",
    "tsv": "ssvkg.results.csv_tsv:render_tsv",
    "json": "ssvkg.results.json:render",
    "md": "ssvkg.results.markdown:render",
}
# Formats for CONSTRUCT/DESCRIBE results.
GRAPH_FORMATS = {
    "turtle": "ssvkg.results.rdf:render_turtle",
    "json-ld": "ssvkg.results.rdf:render_jsonld",
}
FORMATS = {**TABULAR_FORMATS, **GRAPH_FORMATS}


def register_format(name: str, target: str, graph: bool = False) -> None:
    (GRAPH_FORMATS if graph else TABULAR_FORMATS)[name] = target
    FORMATS[name] = target


def default_format(result: QueryResult) -> str:
    return "turtle" if result.kind == "graph" else "table"


def render(result: QueryResult, fmt: str | None = None, **options) -> str:
    fmt = fmt or default_format(result)
    allowed = GRAPH_FORMATS if result.kind == "graph" else TABULAR_FORMATS
    if fmt not in allowed:
        what = "CONSTRUCT/DESCRIBE" if result.kind == "graph" else "SELECT/ASK"
        raise QueryError(
            f"format {fmt!r} does not fit a {what} result; use one of: {', '.join(allowed)}."
        )
    module, func = allowed[fmt].split(":")
    return getattr(import_module(module), func)(result, **options)


__all__ = ["QueryResult", "FORMATS", "render", "register_format", "default_format"]
