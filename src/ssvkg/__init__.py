"""ssvkg: the Sustainable Social Value Knowledge Graph.

    >>> import ssvkg
    >>> with ssvkg.open() as kg:                      # doctest: +SKIP
    ...     kg.run("programs-by-pillar").rows[:1]

ssvkg.open() returns a KnowledgeGraph (see ssvkg.api); load, list_queries, get_query,
run_query, sparql, validate, stats and export are one-call conveniences over it. They
are imported lazily so that `import ssvkg` (and `ssvkg --help`) does not pull in rdflib.
"""

from ssvkg.errors import InputError, QueryError, SsvkgError
from ssvkg.version import __version__

_API = ("open", "KnowledgeGraph", "load", "list_queries", "get_query", "run_query", "sparql",
        "validate", "stats", "export")
__all__ = [*_API, "SsvkgError", "InputError", "QueryError", "__version__"]


def __getattr__(name):
    if name in _API:
        from ssvkg import api

        return getattr(api, name)
    raise AttributeError(f"module 'ssvkg' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_API))
