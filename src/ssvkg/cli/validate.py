"""`ssvkg validate`: SHACL validation. Exit 0 conforms, 1 does not, 2 could not run."""

from __future__ import annotations

import json

import click

from .common import settings, write_text
from ..progress import status


def _show(term, ns) -> str | None:
    from ..results.terms import human

    return None if term is None else human(term, ns)


def _text(result, ns) -> str:
    if result.conforms:
        return "Conforms: yes\n"
    counts: dict[str, int] = {}
    for i in result.issues:
        counts[i.severity] = counts.get(i.severity, 0) + 1
    summary = ", ".join(f"{n} {sev.lower()}{'s' if n != 1 else ''}" for sev, n in counts.items())
    lines = [f"Conforms: no ({summary})"]
    for i in result.issues:
        lines.append(f"\n{i.severity}: {i.message or '(no message)'}")
        for label, term in (("focus", i.focus), ("path", i.path), ("value", i.value),
                            ("shape", i.shape), ("constraint", i.constraint)):
            if term is not None:
                lines.append(f"  {label + ':':<11} {_show(term, ns)}")
    return "\n".join(lines) + "\n"


def _json(result) -> str:
    def term(t):
        return None if t is None else t.n3()

    doc = {
        "conforms": result.conforms,
        "issues": [
            {"severity": i.severity, "focus": term(i.focus), "path": term(i.path),
             "value": term(i.value), "message": i.message, "shape": term(i.shape),
             "constraint": term(i.constraint)}
            for i in result.issues
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@click.command(epilog="""\b
Examples:
  ssvkg validate
  ssvkg validate --format json > report.json

\b
Exit codes: 0 conforms, 1 does not conform, 2 could not run.""")
@click.option("--format", "-F", "fmt", type=click.Choice(["text", "turtle", "json"]),
              default="text", show_default=True, help="Report format.")
@click.pass_context
def validate(ctx: click.Context, fmt: str) -> None:
    """Check the graph (ontology/ + graph/) against the SHACL shapes in shapes/."""
    from ..api import validate as run_validate

    with status("Validating"):
        result = run_validate(settings(ctx).root)
    ns = {p: str(n) for p, n in result.report.namespaces() if p}
    if fmt == "turtle":
        write_text(result.report.serialize(format="turtle"))
    elif fmt == "json":
        write_text(_json(result))
    else:
        write_text(_text(result, ns))
    ctx.exit(0 if result.conforms else 1)
