"""Turtle: the sh:ValidationReport, meta-check results included, with file and line.

Each sh:ValidationResult also carries ssvkgr:file, ssvkgr:line (and ssvkgr:column,
ssvkgr:check) from https://w3id.org/ssvkg/report#: SHACL itself has no place for
where a triple is written.
"""

from __future__ import annotations

from rdflib import RDF, SH, XSD, BNode, Graph, Literal, Namespace

REPORT = Namespace("https://w3id.org/ssvkg/report#")


def build_graph(result) -> Graph:
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


def render(result, fail_on: str = "violation", **_) -> str:
    return result.report.serialize(format="turtle")
