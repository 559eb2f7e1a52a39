"""`ssvkg query list|show|run`: the named queries in queries/."""

from __future__ import annotations

import click

from ssvkg.cli.common import format_option, lang_option, open_graph, print_result, render_result, write_text
from ssvkg.cli.endpoint import QUERY_TIMEOUT_HELP, endpoint_options, limits, max_memory_option
from ssvkg.errors import QueryError
from ssvkg.cli.progress import status


@click.group(epilog="""\b
Examples:
  ssvkg query list
  ssvkg query show programs-by-pillar
  ssvkg query run programs-by-pillar --format md""")
def query() -> None:
    """List, show and run the named queries in queries/."""


@query.command("list", epilog="""\b
Example:
  ssvkg query list""")
@click.pass_context
def list_cmd(ctx: click.Context) -> None:
    """List the named queries with their kind and summary."""
    with open_graph(ctx) as kg:
        queries = kg.queries()
    if not queries:
        click.echo("No queries: add queries/NAME.rq files.", err=True)
        return
    width = max(len(q.name) for q in queries)
    for q in queries:
        params = " ".join(("" if p.required else "[") + p.name + ("" if p.required else "]")
                          for p in q.params.values())
        line = f"{q.name:<{width}}  {q.kind:<9}  {q.summary}"
        write_text(line.rstrip() + (f"  ({params})" if params else "") + "\n")


@query.command("show", epilog="""\b
Example:
  ssvkg query show programs-by-pillar""")
@click.argument("name")
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """Show a query's summary, parameters and SPARQL text."""
    with open_graph(ctx) as kg:
        q = kg.query(name)
        values = kg.param_values(name) if any(p.type == "iri" for p in q.params.values()) else {}
    lines = [f"{q.name} ({q.kind})"]
    if q.summary:
        lines.append(f"Summary: {q.summary}")
    if q.description:
        lines.append(f"Description: {q.description}")
    if q.tags:
        lines.append(f"Tags: {', '.join(q.tags)}")
    if q.params:
        lines.append("Parameters:")
        for p in q.params.values():
            extra = ["required" if p.required else "optional"]
            if p.default is not None:
                extra.append(f"default {p.default}")
            if p.enum:
                extra.append(f"one of {', '.join(p.enum)}")
            lines.append(f"  {p.name}  {p.type_label}  ({'; '.join(extra)})  ?{p.var}")
            if p.name in values:
                lines.append("    values on this graph (the IRI, its local name or a label):")
                lines += [f"      {c.iri.rsplit('/', 1)[-1]}  {c.labels.get('en', '')}  {c.labels.get('zh', '')}".rstrip()
                          for c in values[p.name]]
    lines += ["", q.text.rstrip()]
    write_text("\n".join(lines) + "\n")


def parse_params(values: tuple[str, ...]) -> dict[str, str]:
    from ssvkg.gate.unicode import bad_unicode

    out: dict[str, str] = {}
    for item in values:
        problem = bad_unicode(item)
        if problem:
            raise QueryError(f"--param {item!r} is not valid text: {problem}.")
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param needs NAME=VALUE, got {item!r}.")
        out[key.strip()] = value
    return out


@query.command("run", epilog="""\b
Examples:
  ssvkg query run programs-by-pillar
  ssvkg query run programs-by-pillar --param pillar=S --lang zh
  ssvkg query run program-figures -p program="99 Giving Day"
  ssvkg query run programs-by-pillar -F json > programs.json
  ssvkg query run programs-by-pillar --endpoint http://127.0.0.1:7878""")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter; repeat for more. See `ssvkg query show NAME`.")
@format_option()
@lang_option()
@endpoint_options(timeout_help=QUERY_TIMEOUT_HELP)
@max_memory_option()
@click.pass_context
def run(ctx: click.Context, name: str, params: tuple[str, ...], fmt: str | None, lang: str,
        endpoint: str | None, profile: str, timeout: float, max_memory: int) -> None:
    """Run a named query and print its result."""
    values = parse_params(params)
    if endpoint:
        with open_graph(ctx) as kg:
            kg.query(name)  # an unknown query fails before any request
    with open_graph(ctx, limits=limits(timeout, max_memory), endpoint=endpoint, profile=profile,
                    timeout=timeout) as kg, status(f"Running {name}"):
        result = kg.run(name, values)
        for p in kg.query(name).params.values():
            if p.name not in values and p.default is not None:
                click.echo(f"{name}: no {p.name} given, used the default {p.name}={p.default} "
                           f"(give -p {p.name}=VALUE for another).", err=True)
        text = render_result(result, fmt, kg, lang)
    print_result(text)
