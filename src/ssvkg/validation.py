"""SHACL validation with pyshacl, reported as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, SH, Dataset, Graph
from rdflib.term import Node

from .dataset import merged_graph, parse_turtle


@dataclass(frozen=True)
class ValidationIssue:
    severity: str  # Violation / Warning / Info
    focus: Node | None
    path: Node | None
    value: Node | None
    message: str
    shape: Node | None
    constraint: Node | None  # sh:sourceConstraintComponent


@dataclass
class ValidationResult:
    conforms: bool
    issues: list[ValidationIssue] = field(default_factory=list)
    report: Graph = field(default_factory=Graph)

    @property
    def violations(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "Violation"]


def read_graph(files: list[Path], shown) -> Graph:
    g = Graph(bind_namespaces="core")
    for f in files:
        parse_turtle(g, f, shown(f))
    return g


def _issues(report: Graph) -> list[ValidationIssue]:
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
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(out, key=lambda i: (order.get(i.severity, 3), str(i.focus), str(i.path), i.message))


def run_shacl(data: Graph, shapes: Graph) -> ValidationResult:
    import pyshacl  # heavy: import only when validating

    # The ontology is merged into the data graph (not passed as ont_graph) so that
    # sh:class sees rdfs:subClassOf triples without turning inference on.
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False,
    )
    return ValidationResult(bool(conforms), _issues(report), report)


def as_graph(ds_or_graph) -> Graph:
    return merged_graph(ds_or_graph) if isinstance(ds_or_graph, Dataset) else ds_or_graph
