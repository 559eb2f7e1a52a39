"""Validation in a worker: reading strangers' files and running their shapes' SPARQL.

The whole of ssvkg.validation.run.validate runs in one worker process, so the --timeout
deadline ends it wherever it is (a parser, pySHACL in pure Python, Oxigraph in Rust),
and a parser or engine crash, an entity bomb or a runaway sh:select costs that worker
only. What crosses back is the list of results, as plain data.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from ssvkg.project import Project
from ssvkg.executor import wire
from ssvkg.executor.limits import LimitError, Limits
from ssvkg.executor.pool import WorkerPool

VALIDATION_MEMORY_MB = 4096  # pySHACL on rdflib's memory store needs ~2 GB at 1M triples


def _paths(value) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, (str, os.PathLike)) else list(value)
    return [os.fspath(p) for p in items]


def validate_in_worker(project: Project | None, data: Sequence | str | os.PathLike | None,
                       shapes: Sequence | str | os.PathLike | None, *, store: str,
                       queries: str | os.PathLike | None = None, skip: Sequence[str] = (),
                       max_file_mb: float | None = None, timeout: float | None = None,
                       memory_mb: int | None = VALIDATION_MEMORY_MB, cache_dir: Path | None = None,
                       sources: str | os.PathLike | None = None):
    """ssvkg.validation.run.validate(...) on files, evaluated in a sandboxed worker."""
    settings = {"engine": store, "root": str(project.root) if project is not None else None,
                "memory_mb": memory_mb, "open": False,
                "cache_dir": str(cache_dir) if cache_dir is not None else None}
    job = {"op": "validate", "data": _paths(data), "shapes": _paths(shapes), "store": store,
           "queries": os.fspath(queries) if queries is not None else None, "skip": list(skip),
           "max_file_mb": max_file_mb, "sources": os.fspath(sources) if sources is not None else None}
    started = time.monotonic()
    with WorkerPool(settings, size=1, keep_warm=False, name="validate") as pool:
        try:
            # --timeout is the whole validation's: the worker's start counts too.
            reply = pool.call(job, None if timeout is None else max(0.1, timeout - (time.monotonic() - started)))
        except LimitError as e:
            if e.kind == "time":
                raise LimitError(f"validation took longer than {timeout:g} s and was stopped; raise "
                                 "--timeout or validate fewer files.", 503) from None
            if e.kind == "memory":
                raise LimitError(f"validation needed more memory than the limit of {memory_mb} MB and "
                                 "was stopped.", 503) from None
            raise
    return wire.decode_validation(reply["validation"])


__all__ = ["validate_in_worker", "Limits"]
