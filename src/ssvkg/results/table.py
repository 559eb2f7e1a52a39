"""Aligned plain-text table that fits the terminal width."""

from __future__ import annotations

import shutil

from ssvkg.results.model import QueryResult
from ssvkg.results.terms import human, pad, truncate, width

MIN_COL = 6
GAP = "  "


def _fit(widths: list[int], total: int) -> list[int]:
    """Shrink the widest column, one column at a time, until the row fits."""
    widths = list(widths)
    budget = total - len(GAP) * (len(widths) - 1)
    while sum(widths) > budget:
        i = max(range(len(widths)), key=widths.__getitem__)
        if widths[i] <= MIN_COL:
            break
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
    widths = _fit(natural, terminal_width)

    def line(values):
        return GAP.join(pad(truncate(v, w), w) for v, w in zip(values, widths)).rstrip()

    out = [line(result.vars), GAP.join("─" * w for w in widths)]
    out += [line(r) for r in cells]
    n = len(result.rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"
