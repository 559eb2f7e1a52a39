"""A few warm workers holding the store; jobs take turns for them in a bounded queue.

A runaway job occupies one worker until its deadline, then that worker is killed and
a fresh one started in the background while the others keep answering. A caller
that finds the queue full, or waits longer than its patience for a worker, gets a
LimitError with status 503 and a Retry-After: a busy server says so at once rather
than pile up requests it cannot answer in time.
"""

from __future__ import annotations

import queue
import threading
import time

from ssvkg.errors import SsvkgError
from ssvkg.executor.limits import busy
from ssvkg.executor.process import WorkerGone, WorkerProcess

class WorkerPool:
    def __init__(self, settings: dict, size: int = 1, max_waiting: int = 256,
                 patience: float | None = None, name: str = "queries", keep_warm: bool = True):
        self.settings = settings
        self.keep_warm = keep_warm  # False (one-shot commands): start a worker only when needed
        self.size = size
        self.name = name
        self.patience = patience  # seconds a job may wait for a worker; None: as long as it takes
        self._idle: queue.Queue[WorkerProcess] = queue.Queue()
        self._slots = threading.BoundedSemaphore(size + max_waiting)
        self._all: set[WorkerProcess] = set()
        self._guard = threading.Lock()  # guards _all and _closed only, never held while working
        self._closed = False
        self._info: tuple[dict, bool] | None = None  # (namespaces, network isolated) of a ready worker
        self._ready_lock = threading.Lock()
        self._first: WorkerProcess | None = WorkerProcess(settings)  # boots while the caller goes on
        self._adopt(self._first)
        starters = [threading.Thread(target=self._replace, daemon=True, name=f"ssvkg-{name}-start")
                    for _ in range(size - 1)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()

    def ready(self) -> WorkerPool:
        """Wait for a worker to have opened the store; its error if none can (e.g. a bad store).

        The first ready worker tells the pool's namespaces; should it die while starting,
        the next call tries the next worker."""
        if self._info is None:
            with self._ready_lock:
                while self._info is None:
                    worker, borrowed = self._first, False
                    if worker is None:  # the first one died starting: ask another
                        worker, borrowed = self._take(self.patience), True
                    try:
                        worker.ready()
                    except BaseException:
                        self._first = None
                        if borrowed:
                            self._retire(worker)
                        raise
                    finally:
                        if borrowed and worker.alive():
                            self._idle.put(worker)
                    self._info = (worker.namespaces, worker.network_isolated)
        return self

    @property
    def namespaces(self) -> dict[str, str]:
        return dict(self.ready()._info[0])

    @property
    def network_isolated(self) -> bool:
        return self.ready()._info[1]

    def _adopt(self, worker: WorkerProcess) -> None:
        with self._guard:
            if self._closed:
                worker.close()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self) -> None:
        """Start a worker in place of one that ended; retried, since its cause may pass."""
        delay = 0.2
        while not self._closed:
            try:
                self._adopt(WorkerProcess(self.settings).ready())
                return
            except Exception:  # noqa: BLE001  e.g. the cache being rebuilt by another process
                time.sleep(delay)
                delay = min(delay * 2, 10)

    def _retire(self, worker: WorkerProcess) -> None:
        worker.close()
        with self._guard:
            self._all.discard(worker)
        if not self._closed and self.keep_warm:
            threading.Thread(target=self._replace, daemon=True, name=f"ssvkg-{self.name}-start").start()

    def call(self, job: dict, timeout: float | None, patience: float | None = None) -> dict:
        """Run job on the next free worker; its reply, or the error the job ended with."""
        if self._closed:
            raise busy("the server is shutting down.")
        if not self._slots.acquire(blocking=False):
            raise busy()
        try:
            worker = self._take(self.patience if patience is None else patience)
            try:
                reply = worker.call(job, timeout)
            except WorkerGone as gone:
                self._retire(worker)
                raise gone.error from None
            except (SsvkgError, RuntimeError):  # the worker reported it and lives on
                self._idle.put(worker)
                raise
            except BaseException:  # the caller was interrupted while the worker may still run
                self._retire(worker)
                raise
            self._idle.put(worker)
            return reply
        finally:
            self._slots.release()

    def _take(self, patience: float | None) -> WorkerProcess:
        deadline = None if patience is None else time.monotonic() + patience
        while True:
            if not self.keep_warm and self._idle.empty():
                with self._guard:
                    none_left = not self._all
                if none_left:
                    self._adopt(WorkerProcess(self.settings).ready())
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                worker = self._idle.get(timeout=left)
            except queue.Empty:
                raise busy() from None
            if worker.alive():
                return worker
            self._retire(worker)  # died while idle (killed from outside): not this job's fault

    def close(self) -> None:
        with self._guard:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
