"""Errors the CLI turns into one sentence on stderr and an exit code."""


class SsvkgError(Exception):
    """Base class: the message is one sentence meant for the user."""

    exit_code = 2


class InputError(SsvkgError):
    """Bad input: missing folders or files, unreadable or invalid Turtle, bad options."""

    exit_code = 2


class QueryError(SsvkgError):
    """A query that cannot run: syntax error, unknown query or parameter, bad value, update."""

    exit_code = 2
