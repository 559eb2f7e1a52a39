"""One worker process, seen from the parent: start it, hand it a job, end it.

The deadline is enforced here and only here: when a job passes it, the worker is
killed (SIGKILL: native code cannot be interrupted any other way, and a killed
process frees its CPU and memory at once). A worker that dies on its own (a Rust
panic, an abort, the memory ceiling) is reported in one sentence, its stderr read
to tell which; the stderr itself is shown only with SSVKG_DEBUG=1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection

from ssvkg.errors import InputError, QueryError, SsvkgError
from ssvkg.executor import wire
from ssvkg.executor.limits import EngineFailed, out_of_memory, out_of_time

# Passed to the worker; everything else (credentials for remote stores above all) stays out.
_ENV_KEEP = ("PATH", "HOME", "LANG", "LANGUAGE", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV", "SYSTEMROOT",
             "SSVKG_DEBUG", "RUST_BACKTRACE")
CPU_MARGIN = 5  # seconds of CPU past the deadline before the kernel ends an orphaned worker
_ERRORS = {"QueryError": QueryError, "InputError": InputError}


def worker_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in _ENV_KEEP or k.startswith("LC_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class WorkerGone(Exception):
    """The worker ended (or was ended); .error is what to tell the user."""

    def __init__(self, error: SsvkgError):
        super().__init__(str(error))
        self.error = error


class WorkerProcess:
    """A started worker holding an open store; call() runs one job within a deadline."""

    def __init__(self, settings: dict, start_timeout: float = 600.0):
        self.settings = settings
        self.memory_mb = settings.get("memory_mb")
        self._stderr = tempfile.TemporaryFile()
        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "ssvkg.executor.worker"], stdin=req_r, stdout=rep_w,
                stderr=self._stderr, env=worker_env(), close_fds=True,
                start_new_session=True)  # Ctrl+C reaches the parent, which ends the worker
        finally:
            os.close(req_r)
            os.close(rep_w)
        self._requests = Connection(req_w, readable=False)
        self._replies = Connection(rep_r, writable=False)
        self.pid = self.proc.pid
        self.busy_since: float | None = None
        self.start_timeout = start_timeout
        self._hello: dict | None = None
        self._hello_lock = threading.Lock()
        try:
            self._requests.send_bytes(wire.dumps(settings))
        except BaseException:
            self.kill()
            raise

    def ready(self) -> WorkerProcess:
        """Wait until the worker has opened its store (it boots while the caller goes on)."""
        try:
            self._await_hello()
        except WorkerGone as gone:
            raise gone.error from None
        return self

    def _await_hello(self) -> None:
        with self._hello_lock:  # the pool may ask for the namespaces while a job starts
            if self._hello is None:
                self._hello = self._read_hello()

    def _read_hello(self) -> dict:
        hello = self._receive(self.start_timeout, "starting the query engine")
        if "error" in hello:  # the store could not be opened: the worker is of no use
            self.kill()
            raise WorkerGone(_as_error(hello["error"], self.memory_mb))
        return hello

    @property
    def namespaces(self) -> dict[str, str]:
        return dict(self.ready()._hello.get("namespaces") or {})

    @property
    def network_isolated(self) -> bool:
        return bool(self.ready()._hello.get("network_isolated"))

    # -- jobs -------------------------------------------------------------

    def alive(self) -> bool:
        return self.proc.poll() is None

    def call(self, job: dict, timeout: float | None) -> dict:
        """The worker's reply to job; WorkerGone when it passed the deadline or died."""
        self._await_hello()
        self.busy_since = time.monotonic()
        try:
            if timeout is not None:  # the worker's own backstop, should this process die
                job = {**job, "cpu_seconds": timeout + CPU_MARGIN}
            try:
                self._requests.send_bytes(wire.dumps(job))
            except OSError:
                raise WorkerGone(self._death("running the query")) from None
            reply = self._receive(timeout, "running the query")
        finally:
            self.busy_since = None
        self._forget_stderr()
        if "error" in reply:
            raise _as_error(reply["error"], self.memory_mb)
        return reply

    def _forget_stderr(self) -> None:
        # Only the output of the job that killed a worker explains its death; a server's
        # worker answers for days, so what it printed before is dropped after each job.
        try:
            self._stderr.seek(0)
            self._stderr.truncate()
        except (OSError, ValueError):
            pass

    def _receive(self, timeout: float | None, doing: str) -> dict:
        if not self._replies.poll(timeout):
            self.kill()
            raise WorkerGone(out_of_time(timeout))
        try:
            return wire.loads(self._replies.recv_bytes())
        except (EOFError, OSError):
            raise WorkerGone(self._death(doing)) from None

    # -- ending -------------------------------------------------------------

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:  # pragma: no cover  (SIGKILL is not refused)
            pass
        for conn in (self._requests, self._replies):
            try:
                conn.close()
            except OSError:
                pass

    def close(self) -> None:
        """Ask the worker to end (its input closes), then make sure it has."""
        try:
            self._requests.close()
        except OSError:
            pass
        try:
            self.proc.wait(2)
        except subprocess.TimeoutExpired:
            pass
        self.kill()
        self._stderr.close()

    def stderr_tail(self, limit: int = 64 * 1024) -> str:
        try:
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - limit))
            return self._stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def _death(self, doing: str) -> SsvkgError:
        self.kill()
        code = self.proc.returncode
        log = self.stderr_tail()
        if os.environ.get("SSVKG_DEBUG") and log:
            sys.stderr.write(log if log.endswith("\n") else log + "\n")
        return crash_error(code, log, self.memory_mb, doing)


def crash_error(code: int | None, log: str, memory_mb: int | None, doing: str) -> SsvkgError:
    """One sentence for a worker that died: out of memory, an engine panic, or a signal."""
    if any(sign in log for sign in ("memory allocation of", "MemoryError", "std::bad_alloc",
                                    "Cannot allocate memory", "out of memory")):
        return out_of_memory(memory_mb)
    panic = next((line for line in log.splitlines() if "panicked at" in line), None)
    if panic is not None:
        reason = next((line.strip() for line in log.splitlines()[log.splitlines().index(panic) + 1:]
                       if line.strip()), "")
        why = f" ({reason.rstrip('.')})" if reason and len(reason) < 200 else ""
        return EngineFailed(f"the query engine crashed while {doing}{why}; the query was stopped "
                            "and nothing else was affected.")
    how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
    return EngineFailed(f"the query engine stopped unexpectedly while {doing} ({how}); "
                        "the query was stopped and nothing else was affected.")


def _as_error(error: dict, memory_mb: int | None) -> BaseException:
    kind, message = error.get("type"), error.get("message") or ""
    if kind == "MemoryError":
        return out_of_memory(memory_mb)
    if kind in _ERRORS:
        return _ERRORS[kind](message)
    if kind != "internal":  # another SsvkgError: keep its exit code
        e = SsvkgError(message)
        e.exit_code = int(error.get("exit") or 2)
        return e
    return RuntimeError(message)  # a bug in the worker: the CLI reports an internal error
