"""`ssvkg validate`: SHACL validation plus meta-checks, reported with file and line.

Exit 0 nothing at or above --fail-on, 1 something is, 2 could not run.
"""

from __future__ import annotations

import click

from ssvkg.cli.common import atomic_write, settings, write_text
from ssvkg.cli.progress import status

REPORT_FORMATS = ["text", "json", "turtle", "junit", "github", "sarif"]
CHECKS = ["shapes", "queries", "closure", "datatypes", "isomorphism", "quotes", "cube"]  # = metachecks.CHECKS


@click.command(epilog="""\b
Examples:
  ssvkg validate
  ssvkg validate --format github
  ssvkg validate --format sarif -o ssvkg.sarif
  ssvkg validate my-data/ --shapes shapes/ --fail-on warning
  ssvkg validate --skip isomorphism --skip closure
  ssvkg validate my-data/ --shapes shapes/ --sources my-texts/

\b
Besides SHACL, checks that the shapes are valid SHACL (shapes), that queries/*.rq
parse (queries), that the classes and predicates used are declared (closure), that
literals fit their datatypes (datatypes), that a second parser reads the same
graph (isomorphism) and that every quote is verbatim in a source text it cites,
each text matching its SHA-256 (quotes: the project's graph/sources/, or
--sources DIR), and that Data Cube data meets the W3C integrity constraints
IC-1 to IC-21 (cube); owl:imports are reported, never fetched.

\b
Exit codes: 0 no result at or above --fail-on, 1 some, 2 could not run (also a
--sources that is not a folder).""")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--shapes", "-s", "shapes", multiple=True, metavar="DIR",
              help="SHACL shapes folder or file; repeat for more [default: shapes/ of the data root].")
@click.option("--format", "-F", "fmt", type=click.Choice(REPORT_FORMATS), default="text",
              show_default=True, help="Report format.")
@click.option("--fail-on", type=click.Choice(["violation", "warning", "info"]), default="violation",
              show_default=True, help="Lowest severity that makes the exit code 1.")
@click.option("--skip", multiple=True, type=click.Choice(CHECKS), metavar="CHECK",
              help=f"Skip a meta-check ({', '.join(CHECKS)}); repeat for more.")
@click.option("--sources", metavar="DIR",
              help="Folder of the source texts for the quotes check [default: graph/sources/ of the "
                   "data root; with PATHs, none: the check does not run].")
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE (replaced atomically).")
@click.option("--max-file-size", "max_file_mb", type=click.FloatRange(min=0, min_open=True), default=20,
              show_default=True, metavar="MB", help="Refuse input files larger than this.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=600, show_default=True,
              metavar="SECONDS", help="Stop the validation (exit 2) after this long.")
@click.option("--max-memory", type=click.IntRange(min=64), default=4096, show_default=True, metavar="MB",
              help="Memory the validating worker process may use.")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...], shapes: tuple[str, ...], fmt: str,
             fail_on: str, skip: tuple[str, ...], sources: str | None, output: str | None, max_file_mb: float,
             timeout: float, max_memory: int) -> None:
    """Check the data against SHACL shapes: the project's ontology/ + graph/, or PATHs (files or folders).

    PATHs may be Turtle, N-Triples, N-Quads, TriG, RDF/XML or JSON-LD; nothing is
    fetched from the network.
    """
    from ssvkg.api import validate as run_validate
    from ssvkg.report import render

    with status("Validating"):
        s = settings(ctx)
        # Not ssvkg.open(): given PATHs and --shapes, no data folder is needed.
        result = run_validate(s.root, data=list(paths) or None, shapes=list(shapes) or None,
                              engine=s.engine, cache_dir=s.cache_dir, skip=skip, sources=sources,
                              max_file_mb=max_file_mb,
                              timeout=timeout, memory_mb=max_memory)
    text = render(result, fmt, fail_on=fail_on)
    if output and output != "-":
        atomic_write(output, text.encode("utf-8"))
    else:
        write_text(text)
    ctx.exit(result.exit_code(fail_on))
