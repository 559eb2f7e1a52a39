"""Errors from a remote store: one sentence each, exit code 4 (the store failed or was unreachable)."""

from __future__ import annotations

from ssvkg.errors import SsvkgError


class EndpointError(SsvkgError):
    """The remote store could not be reached, refused, failed, or answered something unusable."""

    exit_code = 4

    def __init__(self, message: str, status: int | None = None, retryable: bool = False):
        super().__init__(message)
        self.status = status
        self.retryable = retryable


class AuthError(EndpointError):
    """HTTP 401 or 403."""


class TruncatedResultError(EndpointError):
    """The server cut the result (e.g. Virtuoso's ResultSetMaxRows) while answering 200."""


class LoadError(EndpointError):
    """A load that did not complete; report says which graphs are on the server."""

    def __init__(self, message: str, report=None):
        super().__init__(message)
        self.report = report


class LoadInterrupted(LoadError):
    """Ctrl-C during a load: exit code 130, as for any interruption; report says what was replaced."""

    exit_code = 130
