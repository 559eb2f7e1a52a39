"""JSON: the whole result, terms in N3 (<iri>, "literal"^^<type>, _:b)."""

from __future__ import annotations

import json

from ssvkg.validation.model import SEVERITIES


def _n3(term):
    return None if term is None else term.n3()


def render(result, fail_on: str = "violation", **_) -> str:
    counts = {s.lower(): sum(1 for i in result.issues if i.severity == s) for s in SEVERITIES}
    doc = {
        "conforms": result.conforms,
        "fail_on": fail_on,
        "failed": bool(result.failing(fail_on)),
        "summary": counts,
        "checks": result.checks,
        "skipped": result.skipped,
        "inputs": result.inputs,
        "issues": [
            {
                "severity": i.severity, "check": i.check, "file": i.file, "line": i.line,
                "column": i.column, "message": i.message, "focus": _n3(i.focus),
                "path": _n3(i.path), "value": _n3(i.value), "shape": _n3(i.shape),
                "shape_label": i.shape_label, "shape_file": i.shape_file, "shape_line": i.shape_line,
                "constraint": _n3(i.constraint),
            }
            for i in result.issues
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
