"""Plain text for a terminal, grouped by file."""

from __future__ import annotations

from itertools import groupby

from ssvkg.report.common import fields, summary


def render(result, fail_on: str = "violation", **_) -> str:
    ns = result.namespaces
    head = "Conforms: yes" if result.conforms else f"Conforms: no ({summary(result)})"
    lines = [head]
    asked = {k: v for k, v in result.skipped.items() if v != "skipped on request"}
    if asked:
        lines.append("Not checked: " + "; ".join(f"{k} ({v})" for k, v in asked.items()))
    for file, group in groupby(result.issues, key=lambda i: i.file or "(no file)"):
        lines.append(f"\n{file}")
        for i in group:
            at = f"line {i.line}: " if i.line else ""
            lines.append(f"  {at}{i.severity}: {i.message or '(no message)'}")
            for label, text in fields(i, ns):
                lines.append(f"      {label + ':':<11} {text}")
    return "\n".join(lines) + "\n"
