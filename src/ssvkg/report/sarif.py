"""SARIF 2.1.0 for code-scanning dashboards (e.g. GitHub's upload-sarif action).

One run; rules are the SHACL constraint components met (or ssvkg/<meta-check>);
each result points at the file and line of the offending triple. Levels: Violation
-> error, Warning -> warning, Info -> note. Valid against the OASIS schema
(tests/validation/schemas/sarif-schema-2.1.0.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from ssvkg.version import __version__
from ssvkg.report.common import fields, rule_id, show, title

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"Violation": "error", "Warning": "warning", "Info": "note"}


def _uri(file: str) -> str:
    p = Path(file)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix())


def render(result, fail_on: str = "violation", **_) -> str:
    ns = result.namespaces
    rules: dict[str, int] = {}
    rule_list = []
    results = []
    for i in result.issues:
        rid = rule_id(i, ns)
        if rid not in rules:
            rules[rid] = len(rule_list)
            what = f"SHACL constraint {rid}" if i.check == "shacl" else f"ssvkg meta-check: {i.check}"
            rule_list.append({"id": rid, "shortDescription": {"text": what}})
        entry = {
            "ruleId": rid,
            "ruleIndex": rules[rid],
            "level": LEVEL.get(i.severity, "error"),
            "message": {"text": title(i, ns)},
            "properties": {"severity": i.severity, "check": i.check, **dict(fields(i, ns))},
        }
        if i.file:
            loc = {"artifactLocation": {"uri": _uri(i.file)}}
            if i.line:
                loc["region"] = {"startLine": i.line, **({"startColumn": i.column} if i.column else {})}
            entry["locations"] = [{"physicalLocation": loc}]
        if i.focus is not None:
            entry["properties"]["focusNode"] = show(i.focus, ns)
        results.append(entry)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "ssvkg", "version": __version__,
                                "informationUri": "https://w3id.org/ssvkg", "rules": rule_list}},
            "invocations": [{"executionSuccessful": True,
                             "properties": {"checks": result.checks, "skipped": result.skipped}}],
            "artifacts": [{"location": {"uri": _uri(f)}} for f in result.inputs],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
