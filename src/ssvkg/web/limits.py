"""Running queries for the web: one at a time, within a time limit and a result-size limit."""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib.term import Node

from ..engines.base import Engine
from ..errors import SsvkgError
from ..results import QueryResult
from ..sparql_checks import check


class LimitError(SsvkgError):
    """A query that ran out of time or returned too much; status is the HTTP code to answer with."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # rows of a SELECT or triples of a CONSTRUCT
    max_body: int = 256 * 1024  # bytes of a POSTed request
    max_query: int = 64 * 1024  # characters of SPARQL text


class _Cancelled(BaseException):
    """Raised inside a worker thread whose query passed the time limit."""


def _cancel(thread: threading.Thread) -> None:
    # rdflib evaluates in pure Python and has no way to stop a query; an
    # asynchronous exception stops it at its next bytecode, so a runaway query
    # does not keep the CPU (and the store lock) after its client got a 503.
    # Native engines get it when control returns to Python.
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Cancelled))


class LimitedStore(Engine):
    """An Engine behind a lock, a time limit and a size limit.

    It is an Engine itself, so ssvkg.api.run_query and sparql run through it."""

    def __init__(self, engine: Engine, limits: Limits = Limits()):
        super().__init__(engine.project)
        self.name = engine.name
        self.engine = engine
        self.limits = limits
        # The rdflib store is not meant for concurrent queries, and the GIL would
        # gain nothing from them: queries take turns.
        self._lock = threading.Lock()
        self._namespaces: dict[str, str] | None = None

    def load(self, files) -> None:
        raise NotImplementedError("the web server is read-only")

    def triples_per_graph(self) -> dict[str, int]:
        with self._lock:
            return self.engine.triples_per_graph()

    def serialize(self, format: str) -> bytes:
        with self._lock:
            return self.engine.serialize(format)

    def namespaces(self) -> dict[str, str]:
        if self._namespaces is None:
            self._namespaces = self.engine.namespaces()
        return self._namespaces

    def query(self, text: str, bindings: Mapping[str, Node] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Run text on the engine; LimitError when it takes or returns too much."""
        limit = self.limits.max_rows if max_rows is None else max_rows
        # Parse here, in the request thread: the parser's cache keeps tracebacks, and so
        # the frames below the first check of a text alive. Were that the engine's frame
        # in the worker, it would pin pyoxigraph's result objects, which must not be
        # freed on another thread.
        check(text)
        deadline = time.monotonic() + self.limits.timeout
        box: dict = {}

        def work():
            try:
                if not self._lock.acquire(timeout=self.limits.timeout):
                    box["busy"] = True
                    return
                try:
                    box["result"] = self.engine.query(text, bindings)
                finally:
                    self._lock.release()
            except _Cancelled:
                pass
            except BaseException as e:  # handed to the request thread
                box["error"] = e

        worker = threading.Thread(target=work, name="ssvkg-query", daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            _cancel(worker)
            worker.join(1.0)
            raise LimitError(f"the query took longer than the server's limit of "
                             f"{self.limits.timeout:g} seconds.", 503)
        if box.get("busy"):
            raise LimitError("the server is busy with other queries; try again in a moment.", 503)
        if "error" in box:
            raise box["error"]
        result: QueryResult = box["result"]
        if len(result) > limit:
            what = "triples" if result.kind == "graph" else "rows"
            raise LimitError(f"the result has {len(result)} {what}, more than the server's limit of "
                             f"{limit}; add a LIMIT or narrow the query.", 400)
        return result
