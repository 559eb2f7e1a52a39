"""ssvkg: the Sustainable Social Value Knowledge Graph.

The API (load, list_queries, get_query, run_query, sparql, validate, stats,
export) is imported lazily so that `import ssvkg` (and `ssvkg --help`) does
not pull in rdflib or pyshacl.
"""

# A constant, not importlib.metadata (~50 ms at every start); kept equal to
# pyproject.toml's version by tests/engines/test_cold_start.py.
__version__ = "0.1.0"

_API = ("load", "list_queries", "get_query", "run_query", "sparql", "validate", "stats", "export")
__all__ = [*_API, "SsvkgError", "InputError", "QueryError", "__version__"]

from ssvkg.errors import InputError, QueryError, SsvkgError  # noqa: E402  (no heavy imports)


def __getattr__(name):
    if name in _API:
        from ssvkg import api

        return getattr(api, name)
    raise AttributeError(f"module 'ssvkg' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_API))
