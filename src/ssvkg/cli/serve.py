"""`ssvkg serve`: browse the graph, run the named queries and query SPARQL in a web browser."""

from __future__ import annotations

import click

from ssvkg.cli.common import open_graph
from ssvkg.cli.endpoint import endpoint_options
from ssvkg.errors import InputError
from ssvkg.cli.progress import status


@click.command(epilog="""\b
Examples:
  ssvkg serve
  ssvkg serve --port 8080
  ssvkg --root tests/fixtures/mini serve --query-timeout 5
  ssvkg serve --endpoint http://localhost:7878  # a store filled by `ssvkg load`

Pages: / (home), /id/… (every entity; Turtle, N-Triples or JSON-LD on Accept or by
extension .ttl .nt .jsonld), /queries (the named queries, with forms, charts and
downloads), /sparql (SPARQL 1.1 Protocol endpoint), /search, /openapi.json.""")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address makes the graph readable "
                   "by others on the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--query-timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              metavar="SECONDS", help="Time limit of one query from a visitor.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Most rows (or triples) a query may return.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes evaluating queries, per pool (pages and /sparql).")
@click.option("--max-memory", default=2048, show_default=True, type=click.IntRange(min=64), metavar="MB",
              help="Memory each worker process may use; a query needing more gets a 503.")
@click.option("--base-url", metavar="URL",
              help="The site's public address (like https://ssvkg.example.org/) for the absolute URLs "
                   "it gives out (OpenAPI's servers, the endpoint on /sparql); without it they are "
                   "relative.")
@click.option("--verbose", "-v", is_flag=True, help="Log every request.")
@endpoint_options()
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, query_timeout: float, max_rows: int, workers: int,
          max_memory: int, base_url: str | None, verbose: bool, endpoint: str | None, profile: str,
          timeout: float) -> None:
    """Serve the graph on the web: entity pages, named queries, a SPARQL endpoint.

    Read-only. Listens on 127.0.0.1 unless --host says otherwise.
    """
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as e:
        raise InputError(f"ssvkg serve needs the web extra ({e.name} is missing): "
                         "pip install 'ssvkg[web]'.") from None
    from ssvkg.web.limits import Limits
    from ssvkg.web.server import bind, check_base_url, is_loopback, make_server, url_of

    if base_url is not None:
        base_url = check_base_url(base_url)  # before binding and loading, so a typo fails fast
    sock = bind(host, port)  # before loading, so a busy port fails fast
    kg = None
    try:
        with status("Loading the graph"):
            # A local store is opened by the worker processes, not here.
            kg = open_graph(ctx, endpoint=endpoint, profile=profile, timeout=timeout)
            server = make_server(kg, sock, Limits(timeout=query_timeout, max_rows=max_rows,
                                                      memory_mb=max_memory, workers=workers),
                                 endpoint, log_level="info" if verbose else "warning", base_url=base_url)
        if not is_loopback(host):
            click.echo(f"Warning: listening on {host}: anyone who can reach this machine can read "
                       "the graph.", err=True)
        click.echo(f"Serving the ssvkg graph at {url_of(sock)} (read-only; Ctrl+C to stop)")
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:  # uvicorn re-raises Ctrl+C after a clean shutdown
            pass
        click.echo("Stopped.", err=True)
    finally:
        sock.close()
        if kg is not None:
            kg.close()

