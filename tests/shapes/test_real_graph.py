"""A report of every violation of shapes/*.ttl in the whole repository (ontology/*.ttl +
graph/**/*.ttl, merged), grouped by shape, with the time pySHACL takes:
`python tests/shapes/test_real_graph.py`. That the repository conforms is tested by
tests/engines/test_validation_store.py::test_real_graph_same_issues (pySHACL on rdflib, and
the compiled validator, through ssvkg's own validation).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

from rdflib import SH, Graph

REPO = Path(__file__).resolve().parents[2]


def _load(files) -> Graph:
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return g


def validate_repository():
    import pyshacl

    data = _load(sorted((REPO / "ontology").glob("*.ttl")) + sorted((REPO / "graph").rglob("*.ttl")))
    shapes = _load(sorted((REPO / "shapes").glob("*.ttl")))
    t0 = time.perf_counter()
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
    )
    return conforms, report, time.perf_counter() - t0, len(data), shapes


def grouped(report: Graph, shapes: Graph) -> dict[str, list[str]]:
    """Top-level results (not sh:detail) grouped by node shape, one line each."""
    nm = report.namespace_manager
    for prefix, ns in (("ssvd", "https://w3id.org/ssvkg/id/"), ("ssv", "https://w3id.org/ssvkg/ontology#"),
                       ("ssvc", "https://w3id.org/ssvkg/concept/"), ("ssvsh", "https://w3id.org/ssvkg/shapes#")):
        nm.bind(prefix, ns, override=True)

    def show(n):
        return n.n3(nm) if n is not None else "-"

    out: dict[str, list[str]] = defaultdict(list)
    for r in report.objects(None, SH.result):
        shape = report.value(r, SH.sourceShape)
        # a property shape is named after the node shape that holds it
        parent = next(shapes.subjects(SH.property, shape), None) if shape is not None else None
        key = show(parent if parent is not None else shape)
        sev = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        msg = "; ".join(sorted(str(m) for m in report.objects(r, SH.resultMessage)))
        out[key].append(f"[{sev}] {show(report.value(r, SH.focusNode))} "
                        f"path={show(report.value(r, SH.resultPath))} value={show(report.value(r, SH.value))}: {msg}")
    return {k: sorted(v) for k, v in sorted(out.items())}


def format_report(groups: dict[str, list[str]]) -> str:
    lines = []
    for shape, items in groups.items():
        lines.append(f"{shape} ({len(items)})")
        lines.extend("  " + i for i in items)
    return "\n".join(lines)


if __name__ == "__main__":
    conforms, report, seconds, n, shapes = validate_repository()
    groups = grouped(report, shapes)
    print(format_report(groups))
    print(f"\n{n} triples; conforms={conforms}; {sum(len(v) for v in groups.values())} results; "
          f"pySHACL {seconds:.2f} s")
    sys.exit(0 if conforms else 1)
