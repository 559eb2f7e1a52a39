"""Markdown (GitHub) table."""

from __future__ import annotations

from ssvkg.results.model import QueryResult
from ssvkg.results.terms import human


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def render(result: QueryResult, **_) -> str:
    if result.kind == "ask":
        return "| ASK |\n| --- |\n| " + ("true" if result.boolean else "false") + " |\n"
    out = ["| " + " | ".join(result.vars) + " |", "|" + " --- |" * len(result.vars)]
    for row in result.rows:
        out.append("| " + " | ".join(_cell(human(row.get(v), result.namespaces)) for v in result.vars) + " |")
    return "\n".join(out) + "\n"
