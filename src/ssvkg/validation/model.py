"""What validation finds: issues with file and line, the result, and its SHACL report graph.

The report graph is the standard sh:ValidationReport; each sh:ValidationResult also
carries ssvkgr:file, ssvkgr:line (and ssvkgr:column, ssvkgr:check) from
https://w3id.org/ssvkg/report#: SHACL itself has no place for where a triple is written.
Issues also cross process and memo boundaries as JSON (encode_issues/decode_issues).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import RDF, SH, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

SEVERITIES = ("Violation", "Warning", "Info")  # most to least severe
FAIL_ON = {"violation": 1, "warning": 2, "info": 3}  # how many of SEVERITIES make the exit 1


@dataclass(frozen=True)
class ValidationIssue:
    severity: str  # Violation / Warning / Info
    focus: Node | None
    path: Node | None
    value: Node | None
    message: str
    shape: Node | None
    constraint: Node | None  # sh:sourceConstraintComponent
    check: str = "shacl"  # shacl, or the meta-check that found it (see metachecks.CHECKS)
    file: str | None = None  # where the offending triple is written
    line: int | None = None
    column: int | None = None
    shape_label: str | None = None  # e.g. "ssvsh:ProgramShape, property ssv:name"
    shape_file: str | None = None
    shape_line: int | None = None

    @property
    def rank(self) -> int:
        # Custom severities count as violations: never weaker than what we know.
        return SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 0


@dataclass
class ValidationResult:
    conforms: bool
    issues: list[ValidationIssue] = field(default_factory=list)
    # The sh:ValidationReport, meta-check results included; see the report property.
    report_graph: Graph | None = field(default=None, repr=False, compare=False)
    checks: list[str] = field(default_factory=list)  # checks that ran
    skipped: dict[str, str] = field(default_factory=dict)  # check -> why it did not run
    inputs: list[str] = field(default_factory=list)  # files read, as shown
    namespaces: dict[str, str] = field(default_factory=dict)

    # Built on first use: most report formats never read it, and for thousands of
    # issues it takes seconds to build. The compiled SHACL gives its own builder.
    report_from: Callable[[ValidationResult], Graph] | None = field(default=None, repr=False, compare=False)

    @property
    def violations(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "Violation"]

    def failing(self, fail_on: str = "violation") -> list[ValidationIssue]:
        """Issues at or above the --fail-on level."""
        return [i for i in self.issues if i.rank < FAIL_ON[fail_on]]

    def exit_code(self, fail_on: str = "violation") -> int:
        return 1 if self.failing(fail_on) else 0

    @property
    def report(self) -> Graph:
        """The sh:ValidationReport graph, built on first use when not given."""
        if self.report_graph is None:
            self.report_graph = (self.report_from or build_report_graph)(self)
        return self.report_graph


def issues_from_report(report: Graph) -> list[ValidationIssue]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        sev = report.value(r, SH.resultSeverity)
        msgs = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        out.append(ValidationIssue(
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            focus=report.value(r, SH.focusNode),
            path=report.value(r, SH.resultPath),
            value=report.value(r, SH.value),
            message="; ".join(msgs),
            shape=report.value(r, SH.sourceShape),
            constraint=report.value(r, SH.sourceConstraintComponent),
        ))
    return out


REPORT = Namespace("https://w3id.org/ssvkg/report#")


def build_report_graph(result) -> Graph:
    g = Graph(bind_namespaces="core")
    g.bind("sh", SH)
    g.bind("ssvkgr", REPORT)
    for prefix, ns in result.namespaces.items():
        g.bind(prefix, ns, override=False)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(result.conforms)))
    for i in result.issues:
        r = BNode()
        g.add((report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        severity = SH[i.severity] if i.severity in ("Violation", "Warning", "Info") else SH.Violation
        g.add((r, SH.resultSeverity, severity))
        for prop, term in ((SH.focusNode, i.focus), (SH.resultPath, i.path), (SH.value, i.value),
                           (SH.sourceShape, i.shape), (SH.sourceConstraintComponent, i.constraint)):
            if term is not None:
                g.add((r, prop, term))
        if i.message:
            g.add((r, SH.resultMessage, Literal(i.message)))
        g.add((r, REPORT.check, Literal(i.check)))
        if i.file:
            g.add((r, REPORT.file, Literal(i.file)))
        if i.line:
            g.add((r, REPORT.line, Literal(i.line, datatype=XSD.integer)))
        if i.column:
            g.add((r, REPORT.column, Literal(i.column, datatype=XSD.integer)))
    return g


# ---------------------------------------------------------------- terms and issues as JSON


def enc(t):
    if t is None:
        return None
    if isinstance(t, URIRef):
        return ["u", str(t)]
    if isinstance(t, BNode):
        return ["b", str(t)]
    if isinstance(t, Literal):
        return ["l", str(t), t.language, str(t.datatype) if t.datatype is not None else None]
    raise TypeError(f"cannot record {t!r}")


def dec(x):
    if x is None:
        return None
    if x[0] == "u" and len(x) == 2 and isinstance(x[1], str):
        return URIRef(x[1])
    if x[0] == "b" and len(x) == 2 and isinstance(x[1], str):
        return BNode(x[1])
    if x[0] == "l" and len(x) == 4 and isinstance(x[1], str):
        return Literal(x[1], lang=x[2], datatype=URIRef(x[3]) if x[3] else None)
    raise ValueError(f"not a recorded term: {x!r}")


_TERMS = ("focus", "path", "value", "shape", "constraint")
_PLAIN = ("severity", "message", "check", "file", "line", "column", "shape_label", "shape_file", "shape_line")


def encode_issues(issues) -> list:
    return [{**{k: enc(getattr(i, k)) for k in _TERMS}, **{k: getattr(i, k) for k in _PLAIN}} for i in issues]


def decode_issues(value) -> list[ValidationIssue] | None:
    """The issues recorded in value, or None if value is not exactly such a record."""
    if not isinstance(value, list):
        return None
    try:
        out = []
        for d in value:
            if set(d) != set(_TERMS) | set(_PLAIN) or not isinstance(d["severity"], str) \
                    or not isinstance(d["message"], str) or not isinstance(d["check"], str):
                return None
            if any(d[k] is not None and not isinstance(d[k], int) for k in ("line", "column", "shape_line")):
                return None
            out.append(ValidationIssue(**{k: dec(d[k]) for k in _TERMS}, **{k: d[k] for k in _PLAIN}))
        return out
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None
