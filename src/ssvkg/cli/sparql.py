"""`ssvkg sparql`: run ad-hoc read-only SPARQL."""

from __future__ import annotations

import click

from .common import format_option, print_result, settings
from ..errors import InputError
from ..progress import status


@click.command(epilog="""\b
Examples:
  ssvkg sparql 'SELECT ?class (COUNT(*) AS ?n) WHERE { ?s a ?class } GROUP BY ?class'
  ssvkg sparql -f my-query.rq --format csv
  echo 'ASK { ?s ?p ?o }' | ssvkg sparql -f -""")
@click.argument("query_text", metavar="[QUERY]", required=False)
@click.option("--file", "-f", "file", type=click.File("r", encoding="utf-8"),
              help="Read the query from FILE ('-' for standard input).")
@format_option()
@click.pass_context
def sparql(ctx: click.Context, query_text: str | None, file, fmt: str | None) -> None:
    """Run a read-only SPARQL query given inline or in a file.

    SPARQL Update and SERVICE are refused.
    """
    from ..api import sparql as run_sparql

    if (query_text is None) == (file is None):
        raise InputError("give the query either as an argument or with -f FILE, not both or neither.")
    text = file.read() if file is not None else query_text
    s = settings(ctx)
    with status("Running query"):
        result = run_sparql(text, root=s.root, engine=s.engine)
    print_result(result, fmt)
