"""`ssvkg stats`: sizes of the graph."""

from __future__ import annotations

import json

import click

from ssvkg.cli.common import open_graph, write_text
from ssvkg.cli.progress import status


def _text(st) -> str:
    from ssvkg.results.terms import compact

    def section(title, items, label=str):
        rows = [(label(k), str(v)) for k, v in items.items()]
        if not rows:
            return [title, "  (none)"]
        w = max(len(k) for k, _ in rows)
        n = max(len(v) for _, v in rows)
        return [title] + [f"  {k:<{w}}  {v:>{n}}" for k, v in rows]

    lines = section("Triples per named graph", {**st.triples_per_graph, "total": st.total_triples})
    lines += [""] + section("Instances per class", st.instances_per_class,
                            lambda iri: compact(iri, st.namespaces))
    lines += [""] + section("Observations per year", st.observations_per_year)
    return "\n".join(lines) + "\n"


@click.command(epilog="""\b
Examples:
  ssvkg stats
  ssvkg stats --format json""")
@click.option("--format", "-F", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count triples per named graph, instances per class and observations per year."""
    with open_graph(ctx) as kg, status("Counting"):
        st = kg.stats()
    if fmt == "json":
        doc = {"triples_per_graph": st.triples_per_graph, "total_triples": st.total_triples,
               "instances_per_class": st.instances_per_class,
               "observations_per_year": st.observations_per_year}
        write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    else:
        write_text(_text(st))
