"""The Python API; the CLI is a thin layer over these functions.

Every function takes root: the data folder (see ssvkg.project.find_root);
None means the usual lookup.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from contextlib import contextmanager

from rdflib import Dataset, Graph

from ssvkg.store import dataset as _dataset
from ssvkg.queries.catalogue import NamedQuery
from ssvkg.queries.catalogue import get_query as _get_query
from ssvkg.queries.catalogue import list_queries as _list_queries
from ssvkg.store.registry import DEFAULT_ENGINE, get_engine
from ssvkg.store.base import Engine
from ssvkg.errors import InputError
from ssvkg.executor.limits import Limits
from ssvkg.queries.params import bind
from ssvkg.project import Project
from ssvkg.results import QueryResult
from ssvkg.gate.sparql import check
from ssvkg.store.stats import Stats, compute
from ssvkg.validation.model import ValidationResult
from ssvkg.validation.run import project_for
from ssvkg.validation.run import validate as _validate

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


@contextmanager
def _engine_for(root: Root, engine: str | Engine, limits: Limits | None):
    """The given Engine as it is, or a one-worker sandbox over the named engine's store."""
    if isinstance(engine, Engine):
        yield engine
        return
    from ssvkg.executor import SandboxedEngine
    from ssvkg.executor.engine import SANDBOXED

    project = Project.find(root)
    if engine not in SANDBOXED:  # e.g. the endpoint engine: the remote store evaluates
        yield open_engine(project, engine)
        return
    if not project.data_files():
        raise InputError(f"no Turtle files under ontology/ or graph/ in {project.root}.")
    with SandboxedEngine(project, engine, limits or Limits(), keep_warm=False) as sandboxed:
        yield sandboxed


def run_query(name: str, params: Mapping[str, str] | None = None, root: Root = None,
              engine: str | Engine = DEFAULT_ENGINE, limits: Limits | None = None) -> QueryResult:
    """Run the named query queries/NAME.rq with parameter values given as strings.

    With an engine name, the query runs in a sandboxed worker (ssvkg.executor) within
    limits (default: 60 s, 2 GB); an Engine object given is used as it is."""
    if isinstance(engine, Engine) and root is None:
        root = engine.project
    project = Project.find(root)
    with _engine_for(project, engine, limits) as store:  # a worker boots meanwhile
        return run_named(_get_query(name, project), params, store)


def run_named(query: NamedQuery, params: Mapping[str, str] | None, engine: Engine) -> QueryResult:
    """Run a NamedQuery already read (see get_query) on engine, with parameter values as strings
    (typed and bound as a VALUES block: ssvkg.queries.binding)."""
    from ssvkg.queries.binding import bind_text

    terms = bind(query.params, params, query.name, engine.namespaces())
    return engine.query(bind_text(query.text, terms, f"query {query.name}: "))


def sparql(text: str, root: Root = None, engine: str | Engine = DEFAULT_ENGINE,
           limits: Limits | None = None) -> QueryResult:
    """Run a read-only SPARQL query (no Update, no SERVICE) in a sandboxed worker."""
    with _engine_for(root, engine, limits) as store:  # a worker boots meanwhile
        check(text)
        return store.query(text)


def validate(root: Root = None, data: Graph | str | os.PathLike | Sequence | None = None,
             shapes: Graph | str | os.PathLike | Sequence | None = None, *,
             skip: Sequence[str] = (), queries: str | os.PathLike | None = None,
             max_file_mb: float | None = None, timeout: float | None = None,
             store: str | None = None, memory_mb: int | None = None) -> ValidationResult:
    """SHACL-validate data (default: ontology/ + graph/) against shapes (default: shapes/),
    plus the meta-checks of ssvkg.validation.metachecks (skip names some of them). data and shapes
    may be files, folders or rdflib Graphs; every result carries the file and line.

    Files are read and validated in a sandboxed worker (ssvkg.executor), ended after
    timeout seconds; store is "oxigraph" (default) or "rdflib" (pySHACL's reference).
    Graph objects are validated in this process, with the same refusal of SERVICE."""
    from ssvkg.executor.validate import VALIDATION_MEMORY_MB, validate_in_worker
    from ssvkg.validation.store import default_store

    project = root if isinstance(root, Project) else project_for(root, data, shapes)
    store = store or default_store()
    if isinstance(data, Graph) or isinstance(shapes, Graph):
        from ssvkg.validation.store import set_engine

        set_engine(store)
        return _validate(project, data, shapes, queries=queries, skip=skip, max_file_mb=max_file_mb)
    return validate_in_worker(project, data, shapes, store=store, queries=queries, skip=skip,
                              max_file_mb=max_file_mb, timeout=timeout,
                              memory_mb=memory_mb or VALIDATION_MEMORY_MB)


def stats(root: Root = None, engine: str | Engine = DEFAULT_ENGINE) -> Stats:
    store = engine if isinstance(engine, Engine) else open_engine(root, engine)
    return compute(store)


def export(format: str = "ttl", root: Root = None, engine: str | Engine = DEFAULT_ENGINE) -> bytes:
    """The whole graph as bytes in ttl, nt, nq, trig or jsonld (UTF-8)."""
    if format not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}.")
    store = engine if isinstance(engine, Engine) else open_engine(root, engine)
    return store.serialize(format)
