"""`ssvkg export`: the whole graph in one RDF format."""

from __future__ import annotations

import click

from ssvkg.cli.common import open_graph, write_bytes
from ssvkg.cli.progress import status

FORMATS = ["ttl", "nt", "nq", "trig", "jsonld"]


@click.command(epilog="""\b
Examples:
  ssvkg export --format ttl -o ssvkg.ttl
  ssvkg export --format nq | gzip > ssvkg.nq.gz

\b
ttl and nt merge all graphs; nq, trig and jsonld keep one named graph per file.
Terms are written as the files write them, language tags with their case (@zh-Hant),
in every format.""")
@click.option("--format", "-F", "fmt", type=click.Choice(FORMATS), default="ttl",
              show_default=True, help="RDF format.")
@click.option("--output", "-o", metavar="FILE",
              help="Write to FILE (replaced atomically) instead of standard output.")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Write the whole graph in one RDF format."""
    with open_graph(ctx) as kg, status("Exporting"):
        data = kg.export(fmt)
    write_bytes(data, output)
