"""The --endpoint option and its friends, shared by `load`, `query run` and `sparql` (click only)."""

from __future__ import annotations

import click

PROFILE_NAMES = ["auto", "oxigraph", "virtuoso", "fuseki", "graphdb", "stardog", "neptune", "qlever", "generic"]


def endpoint_options(required: bool = False, timeout_help: str = "Total time allowed for each request to the store."):
    """--endpoint URL, --profile, --timeout (credentials come from the environment or ~/.netrc only)."""
    def decorate(f):
        f = click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                         metavar="SECONDS", help=timeout_help)(f)
        f = click.option("--profile", type=click.Choice(PROFILE_NAMES), default="auto", show_default=True,
                         envvar="SSVKG_ENDPOINT_PROFILE", show_envvar=True,
                         help="The store's kind, for its query, update and Graph Store URLs "
                              "[auto: ask the server, then guess from the URL].")(f)
        f = click.option("--endpoint", "endpoint", metavar="URL", required=required, envvar="SSVKG_ENDPOINT",
                         show_envvar=True,
                         help="Run on this SPARQL 1.1 store (its base or query URL) instead of the embedded "
                              "one. Credentials: SSVKG_ENDPOINT_USER/_PASSWORD, SSVKG_ENDPOINT_TOKEN or "
                              "~/.netrc.")(f)
        return f
    return decorate


def open_endpoint(root, url: str, profile: str, timeout: float, **kwargs):
    """An EndpointEngine for the project at root (imports the API only when used)."""
    from ssvkg.remote.engine import EndpointEngine
    from ssvkg.project import Project

    return EndpointEngine.connect(Project.find(root), url, None if profile == "auto" else profile,
                                  timeout=timeout, **kwargs)


QUERY_TIMEOUT_HELP = ("Time limit of the query: the worker evaluating it is stopped (exit 2), or the "
                      "request to the store given with --endpoint.")


def max_memory_option(default: int = 2048):
    return click.option("--max-memory", type=click.IntRange(min=64), default=default, show_default=True,
                        metavar="MB", help="Memory the worker evaluating the query may use (exit 2 beyond).")


def limits(timeout: float, max_memory: int):
    """The executor's Limits for a CLI query (imported on use: the executor pulls in rdflib)."""
    from ssvkg.executor.limits import Limits

    return Limits(timeout=timeout, memory_mb=max_memory)
