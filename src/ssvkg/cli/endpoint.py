"""The --endpoint option and its friends, shared by `load`, `query run` and `sparql` (click only)."""

from __future__ import annotations

import click

PROFILE_NAMES = ["auto", "oxigraph", "virtuoso", "fuseki", "graphdb", "stardog", "neptune", "qlever", "generic"]


def endpoint_options(required: bool = False):
    """--endpoint URL, --profile, --timeout (credentials come from the environment or ~/.netrc only)."""
    def decorate(f):
        f = click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                         metavar="SECONDS", help="Total time allowed for each request to the store.")(f)
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
    from ..engines.endpoint_engine import EndpointEngine
    from ..project import Project

    return EndpointEngine.connect(Project.find(root), url, None if profile == "auto" else profile,
                                  timeout=timeout, **kwargs)
