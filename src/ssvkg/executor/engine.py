"""SandboxedEngine: the Engine interface, evaluated by worker processes.

The parent decides what may run (ssvkg.gate.sparql.check: syntax, read-only, no
SERVICE on either reading of the text); parameters are already in the text (VALUES
blocks, ssvkg.queries.binding), so only text crosses to the worker, which only
evaluates, under the deadline, memory ceiling and row cap of its Limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


from ssvkg.store.base import Engine
from ssvkg.project import Project
from ssvkg.results import QueryResult
from ssvkg.gate.sparql import checked
from ssvkg.executor import wire
from ssvkg.executor.limits import Limits, too_many_rows
from ssvkg.executor.pool import WorkerPool

SANDBOXED = ("oxigraph", "rdflib")  # engines that evaluate on this machine


def worker_settings(project: Project | None, engine: str, limits: Limits, in_memory: bool = False,
                    cache_dir: Path | None = None) -> dict:
    return {"engine": engine, "root": str(project.root) if project is not None else None,
            "memory_mb": limits.memory_mb, "in_memory": in_memory,
            "cache_dir": str(cache_dir) if cache_dir is not None else None}


class SandboxedEngine(Engine):
    """Queries on the project's store, each evaluated by a worker of a WorkerPool."""

    keeps_rows = True  # query(..., keep=): the worker sends back only the rows asked for

    def __init__(self, project: Project, engine: str = "oxigraph", limits: Limits = Limits(),
                 workers: int = 1, max_waiting: int = 256, patience: float | None = None,
                 keep_warm: bool = True, name: str = "queries", in_memory: bool = False,
                 cache_dir: Path | None = None):
        super().__init__(project)
        self.name = engine
        self.limits = limits
        self.pool = WorkerPool(worker_settings(project, engine, limits, in_memory, cache_dir), size=workers,
                               max_waiting=max_waiting, patience=patience, name=name, keep_warm=keep_warm)

    @property
    def network_isolated(self) -> bool:
        """True when the workers run in a network namespace of their own (Linux)."""
        return self.pool.network_isolated

    def load(self, files: Sequence[Path]) -> None:
        raise NotImplementedError("a sandboxed store is read-only")

    def query(self, text: str, max_rows: int | None = None, keep: dict | None = None) -> QueryResult:
        """keep: variable -> values (IRIs, or literals' texts): only the rows where one of those
        variables holds one of them come back (the worker filters; see worker._wanted)."""
        gate = checked(text)
        cap = self.limits.max_rows if max_rows is None else max_rows
        job: dict = {"op": "query", "max_rows": cap, "union": not gate.has_dataset, "text": text}
        if keep:
            job["keep"] = {v: sorted(values) for v, values in keep.items()}
        reply = self.pool.call(job, self.limits.timeout)
        if "too_many" in reply:
            raise too_many_rows(cap)
        return wire.decode_result(reply, self.namespaces())

    def triples_per_graph(self) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.pool.call({"op": "triples_per_graph"},
                                                          self.limits.timeout)["counts"].items()}

    def namespaces(self) -> dict[str, str]:
        return dict(self.pool.namespaces)

    def serialize(self, format: str) -> bytes:
        raise NotImplementedError("export runs on the store itself: no user text is evaluated")

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> SandboxedEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
