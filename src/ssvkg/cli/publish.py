"""`ssvkg publish OUT_DIR`: a versioned release folder for any static host."""

from __future__ import annotations

import click

from ssvkg.cli.common import settings, write_text


def _static_site_step():
    """The static site (ssvkg.web.release_site), imported only when a release is built: it needs
    the web extra's Jinja2 and Starlette; without them publish fails before any work."""
    try:
        from ssvkg.web.release_site import static_site
    except ImportError as e:
        from ssvkg.errors import InputError

        raise InputError(f"the static site needs the web extra ({e.name} is missing): "
                         "pip install 'ssvkg[web]'.") from None
    return static_site


@click.command(epilog="""\b
Examples:
  ssvkg publish release/
  ssvkg publish release/ --version 0.2.0 --base-url https://example.org/ssvkg/ \\
      --sparql-url https://example.org/sparql --previous old-release/

\b
OUT_DIR (new or empty) receives: ssvkg.ttl, ssvkg.nt.gz, ssvkg.nq.gz (one named graph
per file), ssvkg.trig, ssvkg.jsonld; void.ttl and void.jsonld (VoID + DCAT: version,
issued date, rights, sources, counts, distributions with size and SHA-256, the named
queries); dataset.jsonld (schema.org); SHA256SUMS; id/, concept/, graph/ and ontology.*
(each resource in Turtle, N-Triples and JSON-LD); w3id/.htaccess (the W3ID rules);
the static site (index.html, figures.html, queries/NAME.html, search.html, id/X.html beside
id/X.ttl, and each page in Chinese as X.zh.html); ontology/ (the ontology docs, pyLODE:
without it a note, and no folder); with --previous, CHANGES.md and CHANGES.rdfp.
Built twice from the same commit, every file is the same bytes: the issued date is the
data's last git commit date (or --date), never the clock. The folder is written beside
OUT_DIR and renamed at the end: a failed build leaves nothing behind.
Exit codes: 0 written, 2 bad input (OUT_DIR not empty or not writable, bad option).""")
@click.argument("out_dir", metavar="OUT_DIR", type=click.Path())
@click.option("--version", "version", metavar="V", help="Release version [default: the ssvkg version].")
@click.option("--base-url", metavar="URL", help="Where OUT_DIR will be hosted: download URLs and the W3ID targets.")
@click.option("--sparql-url", metavar="URL", help="A public SPARQL endpoint serving this release (void:sparqlEndpoint).")
@click.option("--previous", metavar="DIR", type=click.Path(),
              help="The previous release folder: dcterms:replaces, and CHANGES.md against its ssvkg.nq.gz.")
@click.option("--date", "issued", metavar="YYYY-MM-DD",
              help="Issued date [default: the date of the newest git commit of the data].")
@click.pass_context
def publish(ctx: click.Context, out_dir: str, version: str | None, base_url: str | None,
            sparql_url: str | None, previous: str | None, issued: str | None) -> None:
    """Build a release folder: dumps with checksums, VoID/DCAT description, static site, W3ID rules."""
    from ssvkg.project import Project
    from ssvkg.publish.release import publish as build

    notes: list[str] = []
    files = build(Project.find(settings(ctx).root), out_dir, version=version, base_url=base_url,
                  sparql_url=sparql_url, previous=previous, issued=issued, steps=[_static_site_step()],
                  notes=notes)
    for note in notes:
        click.echo(note, err=True)
    write_text(f"{out_dir}: {len(files)} files, {sum(len(b) for b in files.values())} bytes.\n")
