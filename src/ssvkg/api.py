"""The Python API: ssvkg.open() gives a KnowledgeGraph, the one object to hold.

A KnowledgeGraph is a project (the folder with ontology/, graph/, shapes/, queries/)
and its store, kept for the object's lifetime: the worker that evaluates queries is
started on the first query and reused until close(); the in-process store used by
stats() and export() is opened once. Settings (engine, cache folder, limits) are
given to open() and passed down; nothing is read from or written to os.environ.

The CLI and the web server are thin layers over this object; the module-level
functions at the end are one-line conveniences over it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from rdflib import Dataset, Graph

from ssvkg.errors import InputError
from ssvkg.executor.limits import Limits
from ssvkg.memo import Memo
from ssvkg.project import Project
from ssvkg.queries import catalogue
from ssvkg.queries.catalogue import NamedQuery
from ssvkg.queries.params import bind
from ssvkg.results import QueryResult
from ssvkg.settings import cache_dir_from
from ssvkg.store.base import Engine
from ssvkg.store.registry import DEFAULT_ENGINE, get_engine
from ssvkg.store.stats import Stats, compute
from ssvkg.validation.model import ValidationResult

Root = str | os.PathLike | Project | None
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
LOCAL_ENGINES = ("oxigraph", "rdflib")  # evaluated on this machine, in sandboxed workers


class KnowledgeGraph:
    """The project at project.root and its store; see ssvkg.open().

    >>> import ssvkg
    >>> with ssvkg.open("tests/fixtures/mini", cache_dir="off") as kg:
    ...     sorted(str(row["name"]) for row in kg.run("programs-by-pillar").rows)
    ...     kg.sparql("ASK { ?s ?p ?o }").boolean
    ['Rural Teachers', 'Smart Farming', 'Village Clinics']
    True
    """

    def __init__(self, project: Project, engine: str | Engine = DEFAULT_ENGINE, *,
                 cache_dir: Path | None = None, limits: Limits | None = None,
                 owns_engine: bool = False) -> None:
        self.project = project
        self.cache_dir = cache_dir  # None: nothing is kept on disk
        self.limits = limits or Limits()
        self.memo = Memo(cache_dir)
        if isinstance(engine, Engine):  # e.g. a remote store: it evaluates, as it is
            self.engine_name, self._given = engine.name, engine
        else:
            get_engine(engine)  # an unknown name fails here, in one sentence
            self.engine_name, self._given = engine, None
        self._owns_given = owns_engine  # an Engine the caller gave stays open for the caller
        self._sandbox: Engine | None = None
        self._store: Engine | None = None

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.project.root} engine={self.engine_name}>"

    # ------------------------------------------------------------ the named queries

    def queries(self) -> list[NamedQuery]:
        """The named queries in queries/, sorted by name."""
        return catalogue.list_queries(self.project, self.memo)

    def query(self, name: str) -> NamedQuery:
        """The named query queries/NAME.rq: text, parameters, decorators."""
        return catalogue.get_query(name, self.project, self.memo)

    # ------------------------------------------------------------ running queries

    @property
    def is_local(self) -> bool:
        """True when queries are evaluated on this machine (in sandboxed workers)."""
        return self._given is None and self.engine_name in LOCAL_ENGINES

    def evaluator(self) -> Engine:
        """What evaluates queries: a sandboxed worker (local engines) or the engine given."""
        if self._given is not None:
            return self._given
        if self._sandbox is None:
            if not self.is_local:  # e.g. "endpoint": the remote store evaluates
                self._given, self._owns_given = self._open_store(), True
                return self._given
            self._require_data()
            self._sandbox = self.sandbox()
        return self._sandbox

    def sandbox(self, *, limits: Limits | None = None, workers: int = 1, max_waiting: int = 256,
                patience: float | None = None, name: str = "queries", in_memory: bool = False) -> Engine:
        """A new pool of sandboxed workers over this project's store (the caller closes it).

        The web server takes two (pages, /sparql); run() and sparql() share one, kept."""
        from ssvkg.executor.engine import SandboxedEngine

        return SandboxedEngine(self.project, self.engine_name, limits or self.limits, workers=workers,
                               max_waiting=max_waiting, patience=patience, name=name,
                               in_memory=in_memory, cache_dir=self.cache_dir)

    def run(self, name: str, params: Mapping[str, str] | None = None) -> QueryResult:
        """Run the named query NAME with parameter values given as strings."""
        query = self.query(name)  # an unknown query or a bad file fails before a worker starts
        return run_named(query, params, self.evaluator(), self.memo)

    def param_values(self, name: str) -> dict[str, list]:
        """Parameter name -> the values (ssvkg.queries.resolve.Candidate) each IRI parameter of
        the named query NAME can take on this graph."""
        from ssvkg.queries.resolve import candidates

        query = self.query(name)
        return {p.name: list(candidates(p, self.evaluator()).values())
                for p in query.params.values() if p.type == "iri"}

    def sparql(self, text: str) -> QueryResult:
        """Run a read-only SPARQL query (no Update, no SERVICE) within the limits."""
        from ssvkg.gate.prefixes import with_prefixes
        from ssvkg.gate.sparql import check, refuse_on_sight

        refuse_on_sight(text)  # no worker starts for a text refused on its face
        evaluator = self.evaluator()  # a worker boots while the text is checked
        text = with_prefixes(text, self.prefixes())
        check(text)
        return evaluator.query(text)

    def prefixes(self) -> dict[str, str]:
        """Prefix -> namespace known to this project: those the data files declare and
        those the queries/*.rq files declare (these win). sparql() adds the ones a text
        uses without declaring them."""
        return {**self.evaluator().namespaces(), **catalogue.declared_prefixes(self.project)}

    # ------------------------------------------------------------ validation

    def validate(self, data: Graph | str | os.PathLike | Sequence | None = None,
                 shapes: Graph | str | os.PathLike | Sequence | None = None, *,
                 skip: Sequence[str] = (), queries: str | os.PathLike | None = None,
                 max_file_mb: float | None = None, timeout: float | None = None,
                 memory_mb: int | None = None, sources: str | os.PathLike | None = None) -> ValidationResult:
        """SHACL-validate data (default: ontology/ + graph/) against shapes (default: shapes/),
        plus the meta-checks (ssvkg.validation.metachecks; skip names some of them). sources:
        the folder of source texts the quotes check reads (default: graph/sources/ when
        data is None; else the check runs only when given).

        Files are read and validated in a sandboxed worker ended after timeout seconds;
        rdflib Graphs given are validated in this process, with the same refusal of SERVICE."""
        return _validate(self.project, data, shapes, engine=self.engine_name, cache_dir=self.cache_dir,
                         skip=skip, queries=queries, max_file_mb=max_file_mb, timeout=timeout,
                         memory_mb=memory_mb, sources=sources)

    # ------------------------------------------------------------ the whole graph

    @property
    def store(self) -> Engine:
        """The store in this process (no user text runs on it): for stats and export."""
        if self._given is not None:
            return self._given
        if self._store is None:
            self._store = self._open_store()
        return self._store

    def stats(self) -> Stats:
        """Triples per graph, instances per class, observations per year."""
        return compute(self.store)

    def export(self, format: str = "ttl") -> bytes:
        """The whole graph as bytes in ttl, nt, nq, trig or jsonld (UTF-8)."""
        if format not in EXPORT_FORMATS:
            raise InputError(f"unknown export format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}.")
        return self.store.serialize(format)

    def dataset(self) -> Dataset:
        """All Turtle files under ontology/ and graph/ as an rdflib Dataset, one named graph per file."""
        from ssvkg.store.dataset import load_files

        return load_files(self.project, self._require_data())

    def load_into(self, endpoint: str, *, profile: str | None = None, timeout: float | None = None,
                  graphs: Iterable[str] = (), replace: bool = True, dry_run: bool = False,
                  progress: Callable[[str], None] | None = None, **endpoint_options):
        """Put every named graph into the SPARQL 1.1 store at endpoint and verify the counts
        (ssvkg.remote.loader); endpoint_options: update_url, graph_store."""
        from ssvkg.remote.engine import EndpointEngine
        from ssvkg.remote.loader import load

        remote = EndpointEngine.connect(self.project, endpoint, profile, **_timeout(timeout), **endpoint_options)
        try:
            return load(remote.endpoint, self.project, graphs, replace=replace, dry_run=dry_run,
                        progress=progress)
        finally:
            remote.close()

    # ------------------------------------------------------------ lifetime

    def close(self) -> None:
        """End the workers and close the stores; the object may not be used afterwards."""
        for held in (self._sandbox, self._store, self._given if self._owns_given else None):
            if held is not None:
                held.close()
        self._sandbox = self._store = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _require_data(self) -> list[Path]:
        files = self.project.data_files()
        if not files:
            raise InputError(f"no Turtle files under ontology/ or graph/ in {self.project.root}.")
        return files

    def _open_store(self) -> Engine:
        if self.engine_name in LOCAL_ENGINES:
            self._require_data()
        return get_engine(self.engine_name).from_project(self.project, self.cache_dir)


def _timeout(timeout: float | None) -> dict:
    return {} if timeout is None else {"timeout": timeout}


def open(root: Root = None, engine: str | Engine = DEFAULT_ENGINE, *,
         cache_dir: str | os.PathLike | None = None, limits: Limits | None = None,
         endpoint: str | None = None, profile: str | None = None, timeout: float | None = None,
         **endpoint_options) -> KnowledgeGraph:
    """The knowledge graph at root (None: the usual lookup, see ssvkg.project.find_root).

    engine: "oxigraph" (default) or "rdflib" evaluate here, each query in a sandboxed
    worker within limits (default 60 s, 2 GB, 10,000 rows); an Engine object is used as
    it is. endpoint (+ profile, timeout, update_url, graph_store): run on that SPARQL 1.1
    store instead. cache_dir: where the parsed store and memos are kept (None: the
    default ~/.cache/ssvkg, "off": nowhere).
    """
    if isinstance(engine, Engine) and root is None:
        root = engine.project
    project = Project.find(root)
    if endpoint is not None:
        from ssvkg.remote.engine import EndpointEngine

        engine = EndpointEngine.connect(project, endpoint, profile, **_timeout(timeout), **endpoint_options)
    return KnowledgeGraph(project, engine, cache_dir=cache_dir_from(cache_dir), limits=limits,
                          owns_engine=endpoint is not None)


def with_project_prefixes(text: str, root: Root = None) -> str:
    """text with PREFIX declarations for the prefixes of the project's queries/*.rq files
    that it uses without declaring (KnowledgeGraph.sparql adds the data's ones too)."""
    from ssvkg.gate.prefixes import with_prefixes

    return with_prefixes(text, catalogue.declared_prefixes(Project.find(root)))


def run_named(query: NamedQuery, params: Mapping[str, str] | None, engine: Engine,
              memo: Memo | None = None) -> QueryResult:
    """Run a NamedQuery already read on engine, with parameter values as strings
    (typed and bound as a VALUES block: ssvkg.queries.binding)."""
    from ssvkg.queries.binding import bind_text
    from ssvkg.queries.resolve import resolve_values

    params = resolve_values(query.params, params, engine, query.name)
    terms = bind(query.params, params, query.name, engine.namespaces())
    return engine.query(bind_text(query.text, terms, f"query {query.name}: ", memo or Memo(None)))


def _validate(project: Project | None, data, shapes, *, engine: str, cache_dir: Path | None,
              skip: Sequence[str], queries, max_file_mb, timeout, memory_mb,
              sources=None) -> ValidationResult:
    from ssvkg.validation.store import store_name

    store = store_name(engine)
    if isinstance(data, Graph) or isinstance(shapes, Graph):
        from ssvkg.validation.run import validate

        return validate(project, data, shapes, queries=queries, skip=skip, max_file_mb=max_file_mb,
                        engine=store, cache_dir=cache_dir, sources=sources)
    from ssvkg.executor.validate import VALIDATION_MEMORY_MB, validate_in_worker

    return validate_in_worker(project, data, shapes, store=store, queries=queries, skip=skip,
                              max_file_mb=max_file_mb, timeout=timeout,
                              memory_mb=memory_mb or VALIDATION_MEMORY_MB, cache_dir=cache_dir,
                              sources=sources)


# ---------------------------------------------------------------- one-line conveniences


def load(root: Root = None) -> Dataset:
    """All Turtle files under ontology/ and graph/, one named graph per file."""
    return open(root).dataset()


def list_queries(root: Root = None) -> list[NamedQuery]:
    return open(root).queries()


def get_query(name: str, root: Root = None) -> NamedQuery:
    return open(root).query(name)


def run_query(name: str, params: Mapping[str, str] | None = None, root: Root = None,
              engine: str | Engine = DEFAULT_ENGINE, limits: Limits | None = None) -> QueryResult:
    """Run the named query queries/NAME.rq once (see KnowledgeGraph.run)."""
    with open(root, engine, limits=limits) as kg:
        return kg.run(name, params)


def sparql(text: str, root: Root = None, engine: str | Engine = DEFAULT_ENGINE,
           limits: Limits | None = None) -> QueryResult:
    """Run a read-only SPARQL query once (see KnowledgeGraph.sparql)."""
    with open(root, engine, limits=limits) as kg:
        return kg.sparql(text)


def validate(root: Root = None, data=None, shapes=None, *, engine: str = DEFAULT_ENGINE,
             cache_dir: str | os.PathLike | None = None, skip: Sequence[str] = (),
             queries: str | os.PathLike | None = None, max_file_mb: float | None = None,
             timeout: float | None = None, memory_mb: int | None = None,
             sources: str | os.PathLike | None = None) -> ValidationResult:
    """Validate once (see KnowledgeGraph.validate); given data files and shapes, no project is needed."""
    from ssvkg.validation.run import project_for

    project = root if isinstance(root, Project) else project_for(root, data, shapes)
    return _validate(project, data, shapes, engine=engine, cache_dir=cache_dir_from(cache_dir), skip=skip,
                     queries=queries, max_file_mb=max_file_mb, timeout=timeout, memory_mb=memory_mb,
                     sources=sources)


def stats(root: Root = None, engine: str | Engine = DEFAULT_ENGINE) -> Stats:
    with open(root, engine) as kg:
        return kg.stats()


def export(format: str = "ttl", root: Root = None, engine: str | Engine = DEFAULT_ENGINE) -> bytes:
    """The whole graph as bytes in ttl, nt, nq, trig or jsonld (UTF-8)."""
    with open(root, engine) as kg:
        return kg.export(format)
