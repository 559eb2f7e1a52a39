"""What the web server runs queries on, and within which limits.

A local store (Oxigraph or rdflib) is served by two pools of sandboxed workers
(ssvkg.executor): one for the pages (entity pages, search, home, named queries:
ssvkg's own texts, bound to values from the URL) and one for /sparql (anyone's
text). A runaway /sparql query occupies a worker of its own pool until the deadline
kills it, and the pages keep their workers meanwhile. A remote store (--endpoint)
evaluates on the store, under the same row cap and the HTTP deadline of its engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from ssvkg.api import KnowledgeGraph
from ssvkg.executor.limits import LimitError, too_many_rows
from ssvkg.executor.limits import Limits as WorkerLimits
from ssvkg.results import QueryResult
from ssvkg.store.base import Engine

__all__ = ["Limits", "LimitError", "Stores", "open_stores"]


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds per query; the worker is killed past them
    max_rows: int = 10_000  # rows of a SELECT or triples of a CONSTRUCT
    max_body: int = 256 * 1024  # bytes of a POSTed request
    max_query: int = 64 * 1024  # characters of SPARQL text
    memory_mb: int = 2048  # per worker process
    workers: int = 2  # per pool (pages, and /sparql)
    max_waiting: int = 256  # requests that may wait for a worker of one pool; beyond: 503

    def for_workers(self) -> WorkerLimits:
        return WorkerLimits(timeout=self.timeout, max_rows=self.max_rows, memory_mb=self.memory_mb)


class CappedEngine(Engine):
    """A remote store's engine with the server's row cap (its HTTP deadline is its own)."""

    def __init__(self, engine: Engine, limits: Limits):
        super().__init__(engine.project)
        self.name = engine.name
        self.engine = engine
        self.limits = limits

    def load(self, files) -> None:
        raise NotImplementedError("the web server is read-only")

    def query(self, text: str, max_rows: int | None = None) -> QueryResult:
        limit = self.limits.max_rows if max_rows is None else max_rows
        result = self.engine.query(text)
        if len(result) > limit:
            raise too_many_rows(limit)
        return result

    def triples_per_graph(self) -> dict[str, int]:
        return self.engine.triples_per_graph()

    def namespaces(self) -> dict[str, str]:
        return self.engine.namespaces()

    def serialize(self, format: str) -> bytes:
        return self.engine.serialize(format)

    def close(self) -> None:
        pass


@dataclass
class Stores:
    pages: Engine  # entity pages, search, home, named queries
    sparql: Engine  # /sparql

    def close(self) -> None:
        for store in (self.pages, self.sparql):
            store.close()


def open_stores(kg: KnowledgeGraph, limits: Limits) -> Stores:
    """Two pools of sandboxed workers over the graph's store when it is local; its remote
    store, capped, otherwise. This process never evaluates a query itself."""
    if not kg.is_local:
        capped = CappedEngine(kg.evaluator(), limits)
        return Stores(capped, capped)
    pools: list[Engine] = []
    try:
        for name in ("pages", "sparql"):
            pools.append(kg.sandbox(limits=limits.for_workers(), workers=limits.workers,
                                    max_waiting=limits.max_waiting, patience=limits.timeout, name=name,
                                    in_memory=True))
        for pool in pools:
            pool.pool.ready()  # a store that cannot be opened fails here, before serving
    except BaseException:
        for pool in pools:
            pool.close()
        raise
    return Stores(*pools)
