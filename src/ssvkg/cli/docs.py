"""`ssvkg docs`: the ontology's documentation pages."""

from __future__ import annotations

import click

from ssvkg.cli.common import settings


@click.command(epilog="""\b
Examples:
  ssvkg docs site/ontology
  ssvkg docs site/ontology --lang zh""")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--lang", "languages", type=click.Choice(["en", "zh"]), multiple=True,
              help="A page language (repeat for both) [default: en and zh].")
@click.pass_context
def docs(ctx: click.Context, out_dir: str, languages: tuple[str, ...]) -> None:
    """Write the ontology's pages into OUT_DIR: index.html (English) and zh.html (Chinese).

    Made by pyLODE (install ssvkg[docs]) from ontology/*.ttl: every class and property with its
    labels, definition, domain, range and the reused terms it refines; and, per class, the SHACL
    shapes of shapes/*.ttl that apply to it, with their messages. Nothing is fetched.
    Exit codes: 0 written, 2 bad input (no ontology, OUT_DIR a file, pyLODE missing)."""
    from ssvkg.docs import LANGUAGES, write_ontology_docs

    written = write_ontology_docs(settings(ctx).root, out_dir, languages or LANGUAGES)
    for lang, path in written.items():
        click.echo(f"{lang}: {path}")
