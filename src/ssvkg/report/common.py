"""Helpers the report formats share: showing terms, counting, one-line titles."""

from __future__ import annotations

from ssvkg.validation.model import SEVERITIES, ValidationIssue


def show(term, namespaces: dict[str, str]) -> str | None:
    """prefix:local or <iri>, _:b, and literals as "lexical"@lang or "lexical"^^type."""
    from rdflib import BNode, Literal, URIRef

    from ssvkg.results.terms import compact

    if term is None:
        return None
    if isinstance(term, URIRef):
        return compact(str(term), namespaces)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None:
            return f"{text}^^{compact(str(term.datatype), namespaces)}"
        return text
    return str(term)


def where(issue: ValidationIssue) -> str:
    if not issue.file:
        return "(no file)"
    return issue.file + (f":{issue.line}" if issue.line else "")


def summary(result) -> str:
    counts = {s: 0 for s in SEVERITIES}
    for i in result.issues:
        key = i.severity if i.severity in counts else "Violation"
        counts[key] += 1
    parts = [f"{n} {sev.lower()}{'s' if n != 1 else ''}" for sev, n in counts.items() if n]
    return ", ".join(parts) or "no results"


def title(issue: ValidationIssue, namespaces: dict[str, str]) -> str:
    """One line: what is wrong, and with which node."""
    msg = issue.message or "(no message)"
    bits = [show(t, namespaces) for t in (issue.focus, issue.path) if t is not None]
    return f"{msg} [{' '.join(bits)}]" if bits else msg


def fields(issue: ValidationIssue, namespaces: dict[str, str]) -> list[tuple[str, str]]:
    """The labelled details of an issue, in display order, empty ones left out."""
    shape = issue.shape_label or show(issue.shape, namespaces)
    if shape and issue.shape_file:
        shape += f" ({issue.shape_file}{':' + str(issue.shape_line) if issue.shape_line else ''})"
    rows = [
        ("focus", show(issue.focus, namespaces)),
        ("path", show(issue.path, namespaces)),
        ("value", show(issue.value, namespaces)),
        ("shape", shape),
        ("constraint", show(issue.constraint, namespaces) if issue.check == "shacl" else None),
        ("check", issue.check if issue.check != "shacl" else None),
    ]
    return [(k, v) for k, v in rows if v]


def rule_id(issue: ValidationIssue, namespaces: dict[str, str]) -> str:
    """A stable id for the kind of problem: the constraint component, or the meta-check."""
    if issue.check != "shacl":
        return f"ssvkg/{issue.check}"
    comp = show(issue.constraint, namespaces) or "shacl"
    return comp if not comp.startswith("<") else comp.strip("<>")
