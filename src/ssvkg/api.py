"""The Python API; the CLI is a thin layer over these functions.

Every function takes root: the data folder (see ssvkg.project.find_root);
None means the usual lookup.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from rdflib import Dataset, Graph

from . import dataset as _dataset
from .catalogue import NamedQuery
from .catalogue import get_query as _get_query
from .catalogue import list_queries as _list_queries
from .engines import DEFAULT_ENGINE, get_engine
from .engines.base import Engine
from .errors import InputError
from .params import bind
from .project import Project
from .safe_input import within_query_time_limit
from .results import QueryResult
from .sparql_checks import check
from .graph_stats import Stats, compute
from .validation import ValidationResult, project_for
from .validation import validate as _validate

Root = str | os.PathLike | Project | None
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


def load(root: Root = None) -> Dataset:
    """All Turtle files under ontology/ and graph/, one named graph per file."""
    return _dataset.load(root)


def open_engine(root: Root = None, engine: str = DEFAULT_ENGINE) -> Engine:
    project = Project.find(root)
    if not project.data_files():
        raise InputError(f"no Turtle files under ontology/ or graph/ in {project.root}.")
    return get_engine(engine).from_project(project)


def list_queries(root: Root = None) -> list[NamedQuery]:
    return _list_queries(root)


def get_query(name: str, root: Root = None) -> NamedQuery:
    return _get_query(name, root)


def run_query(name: str, params: Mapping[str, str] | None = None, root: Root = None,
              engine: str | Engine = DEFAULT_ENGINE) -> QueryResult:
    """Run the named query queries/NAME.rq with parameter values given as strings."""
    if isinstance(engine, Engine) and root is None:
        root = engine.project
    project = Project.find(root)
    query = _get_query(name, project)  # fails early, before loading data
    store = engine if isinstance(engine, Engine) else open_engine(project, engine)
    bindings = bind(query.params, params, name, store.namespaces())
    return within_query_time_limit(store.query, query.text, bindings)


def sparql(text: str, root: Root = None, engine: str | Engine = DEFAULT_ENGINE) -> QueryResult:
    """Run a read-only SPARQL query (no Update, no SERVICE)."""
    check(text)  # fails early, before loading data
    store = engine if isinstance(engine, Engine) else open_engine(root, engine)
    return within_query_time_limit(store.query, text)


def validate(root: Root = None, data: Graph | str | os.PathLike | Sequence | None = None,
             shapes: Graph | str | os.PathLike | Sequence | None = None, *,
             skip: Sequence[str] = (), queries: str | os.PathLike | None = None,
             max_file_mb: float | None = None, timeout: float | None = None) -> ValidationResult:
    """SHACL-validate data (default: ontology/ + graph/) against shapes (default: shapes/),
    plus the meta-checks of ssvkg.metachecks (skip names some of them). data and shapes
    may be files, folders or rdflib Graphs; every result carries the file and line."""
    project = root if isinstance(root, Project) else project_for(root, data, shapes)
    return _validate(project, data, shapes, queries=queries, skip=skip,
                     max_file_mb=max_file_mb, timeout=timeout)


def stats(root: Root = None, engine: str | Engine = DEFAULT_ENGINE) -> Stats:
    store = engine if isinstance(engine, Engine) else open_engine(root, engine)
    return compute(store)


def export(format: str = "ttl", root: Root = None, engine: str | Engine = DEFAULT_ENGINE) -> bytes:
    """The whole graph as bytes in ttl, nt, nq, trig or jsonld (UTF-8)."""
    if format not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}.")
    store = engine if isinstance(engine, Engine) else open_engine(root, engine)
    return store.serialize(format)
