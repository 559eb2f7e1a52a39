"""`ssvkg sparql`: run ad-hoc read-only SPARQL."""

from __future__ import annotations

import click

from ssvkg.cli.common import format_option, lang_option, open_graph, print_result, render_result, settings
from ssvkg.cli.endpoint import QUERY_TIMEOUT_HELP, endpoint_options, limits, max_memory_option
from ssvkg.errors import InputError
from ssvkg.cli.progress import status


@click.command(epilog="""\b
Examples:
  ssvkg sparql 'SELECT ?class (COUNT(*) AS ?n) WHERE { ?s a ?class } GROUP BY ?class'
  ssvkg sparql -f my-query.rq --format csv
  echo 'ASK { ?s ?p ?o }' | ssvkg sparql -f -
  ssvkg sparql 'ASK { ?s ?p ?o }' --endpoint http://127.0.0.1:7878""")
@click.argument("query_text", metavar="[QUERY]", required=False)
@click.option("--file", "-f", "file", type=click.File("rb"),
              help="Read the query from FILE ('-' for standard input).")
@format_option()
@lang_option()
@endpoint_options(timeout_help=QUERY_TIMEOUT_HELP)
@max_memory_option()
@click.pass_context
def sparql(ctx: click.Context, query_text: str | None, file, fmt: str | None, lang: str,
           endpoint: str | None, profile: str, timeout: float, max_memory: int) -> None:
    """Run a read-only SPARQL query given inline or in a file.

    SPARQL Update and SERVICE are refused. The query runs in a separate worker process
    with no network, stopped at --timeout or --max-memory.
    """
    if (query_text is None) == (file is None):
        raise InputError("give the query either as an argument or with -f FILE, not both or neither.")
    if file is not None:
        from ssvkg.gate.unicode import decode_utf8

        name = getattr(file, "name", "<stdin>")  # '-' is standard input, which may have no name
        text = decode_utf8(file.read(), "standard input" if name == "<stdin>" else name, "SPARQL queries")
    else:
        text = query_text
    if endpoint:
        from ssvkg.api import with_project_prefixes
        from ssvkg.gate.sparql import check

        check(with_project_prefixes(text, settings(ctx).root))  # a bad or updating query fails before any request
    with open_graph(ctx, limits=limits(timeout, max_memory), endpoint=endpoint, profile=profile,
                    timeout=timeout) as kg, status("Running query"):
        result = kg.sparql(text)
        text = render_result(result, fmt, kg, lang)
    print_result(text)
