"""The limits a sandboxed evaluation runs under, and the errors it ends with."""

from __future__ import annotations

from dataclasses import dataclass

from ssvkg.errors import SsvkgError

EXIT_ENGINE_FAILED = 5


@dataclass(frozen=True)
class Limits:
    """Per evaluation: wall-clock seconds, rows returned, and the worker's memory ceiling."""

    timeout: float | None = 60.0  # seconds; the worker is killed when it passes them
    max_rows: int | None = None  # rows of a SELECT or triples of a CONSTRUCT; None: no cap
    memory_mb: int | None = 2048  # heap of the worker process (RLIMIT_DATA); None: no ceiling


class LimitError(SsvkgError):
    """A query that ran out of time, memory or rows, or found the server busy.

    status is the HTTP code to answer with; retry_after (seconds) goes in a Retry-After
    header when the request may succeed later."""

    exit_code = 2

    def __init__(self, message: str, status: int = 503, retry_after: int | None = None,
                 kind: str = "other"):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        self.kind = kind  # time, memory, rows, busy or other


def out_of_time(seconds: float) -> LimitError:
    return LimitError(f"the query took longer than the limit of {seconds:g} seconds and was stopped.",
                      503, retry_after=5, kind="time")


def out_of_memory(memory_mb: int | None) -> LimitError:
    return LimitError(f"the query needed more memory than the limit of {memory_mb} MB and was stopped.",
                      503, kind="memory")


def too_many_rows(cap: int) -> LimitError:
    return LimitError(f"the result has more than the server's limit of {cap} rows (or triples); add a "
                      "LIMIT or narrow the query.", 400, kind="rows")


def busy(message: str = "the server is busy with other queries; try again in a moment.") -> LimitError:
    return LimitError(message, 503, retry_after=2, kind="busy")


class EngineFailed(LimitError):
    """The engine crashed on a query (a panic, an abort, a signal); the worker was replaced.

    Not the user's fault and not ssvkg's bug either: a distinct exit code, and a 500.
    A LimitError so that every place that answers a stopped query answers this one too."""

    exit_code = EXIT_ENGINE_FAILED

    def __init__(self, message: str):
        super().__init__(message, 500)
