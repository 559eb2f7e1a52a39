"""The limits a sandboxed evaluation runs under, and the errors it ends with."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import SsvkgError

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

    def __init__(self, message: str, status: int = 503, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class EngineFailed(LimitError):
    """The engine crashed on a query (a panic, an abort, a signal); the worker was replaced.

    Not the user's fault and not ssvkg's bug either: a distinct exit code, and a 500.
    A LimitError so that every place that answers a stopped query answers this one too."""

    exit_code = EXIT_ENGINE_FAILED

    def __init__(self, message: str):
        super().__init__(message, 500)
