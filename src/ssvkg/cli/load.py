"""`ssvkg load --endpoint URL`: put the dataset's named graphs into a SPARQL 1.1 store."""

from __future__ import annotations

import click

from ssvkg.cli.common import open_graph, write_text
from ssvkg.cli.endpoint import endpoint_options


@click.command(epilog="""\b
Examples:
  ssvkg load --endpoint http://127.0.0.1:7878
  ssvkg load --endpoint http://127.0.0.1:8890 --profile virtuoso --dry-run
  ssvkg load --endpoint http://host:3030/ssvkg --profile fuseki --graph graph/programs.ttl

\b
Each graph is uploaded to a staging graph, its triples are counted on the store,
and only then is it moved into place: a failed load never empties a graph.
Exit codes: 0 all graphs verified on the store, 2 bad input, 4 the store failed
or the load is incomplete, 130 interrupted (Ctrl-C). An incomplete load lists
which graphs were replaced, which were not touched, and which may or may not be
(it was being moved): run the same command again to complete it.

\b
--verify VOID_FILE loads nothing: it counts the triples of each named graph the
release description (void.ttl of `ssvkg publish`) lists and prints expected vs found.
Exit codes with --verify: 0 every graph as described, 1 some differ, 2 bad input,
4 the store failed.""")
@endpoint_options(required=True)
@click.option("--graph-store", metavar="URL",
              help="Graph Store Protocol URL, when it differs from what the profile says.")
@click.option("--update-url", metavar="URL", help="SPARQL Update URL, when it differs from what the profile says.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI|FILE",
              help="Load only this graph (its IRI or its file); repeat for more [default: all].")
@click.option("--replace/--append", default=True, show_default=True,
              help="Replace each graph's content on the store, or add to it.")
@click.option("--dry-run", is_flag=True, help="Show what would be loaded and what the store holds; change nothing.")
@click.option("--verify", "void_file", metavar="VOID_FILE",
              help="Load nothing: check the store against a release's void.ttl (exit 1 if it differs).")
@click.pass_context
def load(ctx: click.Context, endpoint: str, profile: str, timeout: float, graph_store: str | None,
         update_url: str | None, graphs: tuple[str, ...], replace: bool, dry_run: bool,
         void_file: str | None) -> None:
    """Load every named graph into a SPARQL 1.1 store and verify the triple counts."""
    from ssvkg.remote.errors import LoadError

    if void_file is not None:
        if graphs or dry_run or not replace:
            from ssvkg.errors import InputError

            raise InputError("--verify loads nothing: give it without --graph, --dry-run or --append.")
        _verify(ctx, endpoint, profile, timeout, void_file, graph_store=graph_store, update_url=update_url)
        return

    progress = (lambda msg: click.echo(msg, err=True)) if not dry_run else None
    try:
        with open_graph(ctx) as kg:
            report = kg.load_into(endpoint, profile=None if profile == "auto" else profile, timeout=timeout,
                                  graphs=graphs, replace=replace, dry_run=dry_run, progress=progress,
                                  update_url=update_url, graph_store=graph_store)
    except LoadError as e:
        if e.report is not None:
            write_text(render_report(e.report))
        raise
    write_text(render_report(report))


def _verify(ctx: click.Context, endpoint: str, profile: str, timeout: float, void_file: str, **urls) -> None:
    from ssvkg.cli.common import settings
    from ssvkg.cli.endpoint import open_endpoint
    from ssvkg.publish.verify import expected_counts, render, verify

    expected = expected_counts(void_file)  # a bad file fails before the store is asked
    remote = open_endpoint(settings(ctx).root, endpoint, profile, timeout, **urls)
    try:
        checks = verify(remote.endpoint, expected)
    finally:
        remote.close()
    write_text(render(checks))
    if not all(c.ok for c in checks):
        ctx.exit(1)


def render_report(report) -> str:
    mode = "replace" if report.replace else "append"
    head = ("Dry run, nothing changed: " if report.dry_run else "") + \
        f"{report.endpoint} (profile {report.profile}, {mode})"
    width = max(len(g.file) for g in report.graphs)
    lines = [head, f"{'file':<{width}}  {'local':>7}  {'store':>7}  status"]
    for g in report.graphs:
        server = "?" if g.server is None else str(g.server)
        lines.append(f"{g.file:<{width}}  {g.local:>7}  {server:>7}  {_status(g, report.verb)}")
    if report.dry_run:
        return "\n".join(lines) + "\n"
    if report.union is not None:  # the stores whose queries use one union graph (Virtuoso)
        u = report.union
        lines.append(f"union of the graphs <{u.iri}>: {'?' if u.server is None else u.server} triples, "
                     + ("verified" if u.status == "loaded" else u.reason or u.status))
    if report.complete:
        lines.append(f"{len(report.loaded)} of {len(report.graphs)} graphs on the store and verified, "
                     f"{sum(g.local for g in report.loaded)} triples.")
    else:
        unverified = sum(1 for g in report.moved if g.reason)
        parts = [f"{len(report.moved)} of {len(report.graphs)} graphs {report.verb}"
                 + (f" ({unverified} not verified)" if unverified else "")]
        parts += [f"{n} {what}" for n, what in ((len(report.unknown), "may or may not be"),
                                                (len(report.untouched), "not touched")) if n]
        lines.append(", ".join(parts) + "; run the same command again to complete the load.")
    return "\n".join(lines) + "\n"


def _status(g, verb: str) -> str:
    if g.status == "unknown":
        return f"unknown: {g.reason}; it may or may not be {verb}"
    if g.status in ("replaced", "added") and g.reason:  # moved into place, not counted as expected
        return f"{g.status}, not verified: {g.reason}"
    return g.status + (f": {g.reason}" if g.reason else "")
