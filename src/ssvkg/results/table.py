"""Aligned plain-text table that fits the terminal width (text is cut, numbers never).

The CLI and the web show tables through ssvkg.present, which wraps instead; this one
is the plain rendering of ssvkg.results.render(result, "table")."""

from __future__ import annotations

import shutil

from rdflib import XSD, Literal

from ssvkg.results.model import QueryResult
from ssvkg.results.terms import human, pad, truncate, width

MIN_COL = 6
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger}
GAP = "  "


def shrink_to_fit(widths: list[int], total: int, least: list[int]) -> list[int]:
    """Shrink the widest column, one column at a time, until the row fits in total columns;
    never a column below its least (e.g. the widest number in it: numbers are not cut)."""
    widths = list(widths)
    budget = total - len(GAP) * (len(widths) - 1)
    while sum(widths) > budget:
        shrinkable = [i for i in range(len(widths)) if widths[i] > least[i]]
        if not shrinkable:
            break
        i = max(shrinkable, key=widths.__getitem__)
        widths[i] -= 1
    return widths


def render(result: QueryResult, terminal_width: int | None = None, **_) -> str:
    if result.kind == "ask":
        return "true\n" if result.boolean else "false\n"
    if terminal_width is None:
        terminal_width = shutil.get_terminal_size((120, 24)).columns
    cells = [[human(row.get(v), result.namespaces) for v in result.vars] for row in result.rows]
    cells = [[c.replace("\n", " ") for c in row] for row in cells]
    natural = [max([width(v)] + [width(r[i]) for r in cells]) for i, v in enumerate(result.vars)]
    numbers = [max([0] + [width(human(row.get(v), result.namespaces)) for row in result.rows
                           if isinstance(row.get(v), Literal) and row[v].datatype in NUMERIC])
               for v in result.vars]
    widths = shrink_to_fit(natural, terminal_width, [max(MIN_COL, n) for n in numbers])

    def line(values):
        return GAP.join(pad(truncate(v, w), w) for v, w in zip(values, widths)).rstrip()

    out = [line(result.vars), GAP.join("─" * w for w in widths)]
    out += [line(r) for r in cells]
    n = len(result.rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"
