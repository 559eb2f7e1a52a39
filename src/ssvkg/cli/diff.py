"""`ssvkg diff`: the facts added, removed or changed between two versions of the graph."""

from __future__ import annotations

import click

from ssvkg.cli.common import settings, write_text

EXIT_DIFFERENT = 1


@click.command(epilog="""\b
Examples:
  ssvkg diff v0.1.0 HEAD                    # two git revisions of this repository
  ssvkg diff old-release/ .                 # two project folders
  ssvkg diff old/ssvkg.nq.gz new/ssvkg.nq.gz --patch changes.rdfp
  ssvkg diff HEAD~1 . --format patch | less""")
@click.argument("old")
@click.argument("new")
@click.option("--patch", "patch_file", type=click.Path(dir_okay=False, writable=True),
              help="Also write the changes as an RDF Patch to this file.")
@click.option("--format", "-F", "fmt", type=click.Choice(["markdown", "patch"]), default="markdown",
              show_default=True, help="What to print: the changes in words, or the RDF Patch.")
@click.option("--repo", type=click.Path(file_okay=False, exists=True),
              help="The git repository for revisions [default: --root, else the current folder].")
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, patch_file: str | None, fmt: str, repo: str | None) -> None:
    """List which figures, entities, labels and sources were added, removed or changed from OLD to NEW.

    OLD and NEW are each a project folder (with ontology/ and graph/), a dump (.nq, .trig, .ttl,
    .nt, .jsonld, optionally .gz) or a git revision (v0.1.0, HEAD~1, a commit) of the repository.
    Statements are compared quad by quad (named graph included), blank nodes by their canonical
    labels. The RDF Patch (https://afs.github.io/rdf-patch/) has a D row for every quad of OLD only
    and an A row for every quad of NEW only: applied to OLD it gives NEW.

    Exit codes: 0 no differences, 1 differences, 2 bad input."""
    from ssvkg.changes import changes_markdown, compare, rdf_patch, read_version

    where = repo or settings(ctx).root or "."
    changes = compare(read_version(old, where), read_version(new, where))
    patch = rdf_patch(changes) if (patch_file or fmt == "patch") else ""
    if patch_file:
        from ssvkg.cli.common import atomic_write

        atomic_write(patch_file, patch.encode("utf-8"))
    write_text(patch if fmt == "patch" else changes_markdown(changes, old, new))
    if changes:
        ctx.exit(EXIT_DIFFERENT)
