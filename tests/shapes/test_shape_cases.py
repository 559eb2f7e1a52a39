"""SHACL shape test cases: one Turtle file per case under tests/shapes/cases/.

A case file holds its data and its expected outcome, as triples about a case node in the test
vocabulary https://w3id.org/ssvkg/test# (prefix sht:):

    sht:case sht:expectConforms false ;
        sht:expectFocus ssvd:x ; sht:expectMessage "substring" ; sht:expectPath ssv:value .

or, for several expected results, one sht:expectResult node per result:

    sht:case sht:expectConforms false ;
        sht:expectResult [ sht:focus ssvd:x ; sht:message "…" ; sht:path ssv:value ; sht:value 3 ] ,
                         [ sht:focus ssvd:y ; sht:message "…" ] .

Each case is validated as ontology/*.ttl + tests/shapes/base.ttl + the case file (one merged data
graph) against shapes/*.ttl, with pySHACL inference="none", advanced=True, allow_warnings=False.
The results must match the expectations both ways: every expected result is reported, and every
reported result is expected (so an invalid case fails for its stated reason and nothing else).
The case node is outside ssvd:, so its sht: triples are invisible to the closure rules.

File names: <ShapeLocalName>--valid[-<what>].ttl and <ShapeLocalName>--invalid-<reason>.ttl.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, SH, Graph, Literal, Namespace, URIRef

import shacl_reference

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.ttl"))
SHT = Namespace("https://w3id.org/ssvkg/test#")
SSVSH = Namespace("https://w3id.org/ssvkg/shapes#")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def targeted_shapes(shapes: Graph) -> set[URIRef]:
    """The rule shapes: named shapes with a target (helper shapes without targets excluded)."""
    return {s for p in TARGETS for s in shapes.subjects(p, None) if isinstance(s, URIRef)}


def validate(data: Graph, shapes: Graph):
    """pyshacl.validate(data, shapes, inference="none", advanced=True, allow_warnings=False),
    with rdflib's SPARQL queries prepared once (tests/shacl_reference.py)."""
    return shacl_reference.validate(data, shapes)


def _results(report: Graph) -> list[dict]:
    out = []
    # Only top-level results (sh:result of the report): nested sh:detail results are also
    # typed sh:ValidationResult, but they explain a parent result rather than add one.
    for r in report.objects(None, SH.result):
        out.append({
            "focus": report.value(r, SH.focusNode),
            "path": report.value(r, SH.resultPath),
            "value": report.value(r, SH.value),
            "severity": report.value(r, SH.resultSeverity),
            "messages": [str(m) for m in report.objects(r, SH.resultMessage)],
            "shape": report.value(r, SH.sourceShape),
        })
    return out


def _expectations(case: Graph) -> tuple[bool, list[dict]]:
    node = next(case.subjects(SHT.expectConforms, None), None)
    assert node is not None, "the case file has no sht:expectConforms"
    conforms = case.value(node, SHT.expectConforms).toPython()
    exps = []
    if case.value(node, SHT.expectFocus) is not None or case.value(node, SHT.expectMessage) is not None:
        exps.append({
            "focus": case.value(node, SHT.expectFocus),
            "message": case.value(node, SHT.expectMessage),
            "path": case.value(node, SHT.expectPath),
            "value": case.value(node, SHT.expectValue),
            "severity": case.value(node, SHT.expectSeverity),
        })
    for e in case.objects(node, SHT.expectResult):
        exps.append({
            "focus": case.value(e, SHT.focus),
            "message": case.value(e, SHT.message),
            "path": case.value(e, SHT.path),
            "value": case.value(e, SHT.value),
            "severity": case.value(e, SHT.severity),
        })
    return conforms, exps


def _same_value(a, b) -> bool:
    if isinstance(a, Literal) and isinstance(b, Literal):
        return a == b or (a.eq(b) if a.datatype == b.datatype else str(a) == str(b))
    return a == b


def _matches(exp: dict, res: dict) -> bool:
    if exp["focus"] is not None and exp["focus"] != res["focus"]:
        return False
    if exp["message"] is not None and not any(str(exp["message"]) in m for m in res["messages"]):
        return False
    if exp["path"] is not None and exp["path"] != res["path"]:
        return False
    if exp["value"] is not None and not _same_value(exp["value"], res["value"]):
        return False
    if exp["severity"] is not None and exp["severity"] != res["severity"]:
        return False
    return True


def _show(res: dict) -> str:
    return (f"focus={res['focus']} path={res['path']} value={res['value']!r} "
            f"severity={res['severity']} shape={res['shape']} messages={res['messages']}")


def test_cases_collected(shapes_graph):
    """At least two cases per rule shape, and for every rule shape a valid and an invalid case."""
    shapes = targeted_shapes(shapes_graph)
    assert len(CASES) >= 2 * len(shapes), f"{len(CASES)} cases for {len(shapes)} shapes"
    names = [c.name for c in CASES]
    missing = []
    for s in sorted(shapes):
        local = str(s).rsplit("#", 1)[-1]
        if not any(n.startswith(f"{local}--valid") for n in names):
            missing.append(f"{local}--valid.ttl")
        if not any(n.startswith(f"{local}--invalid-") for n in names):
            missing.append(f"{local}--invalid-<reason>.ttl")
    assert not missing, "shapes without cases: " + ", ".join(missing)
    unknown = {n.split("--", 1)[0] for n in names} - {str(s).rsplit("#", 1)[-1] for s in shapes}
    assert not unknown, f"cases named after no shape: {sorted(unknown)}"


def test_case_names():
    for c in CASES:
        assert "--valid" in c.name or "--invalid-" in c.name, c.name


def test_base_conforms(shapes_graph, ontology_graph):
    data = Graph()
    data += ontology_graph
    data.parse(HERE / "base.ttl", format="turtle")
    conforms, report, text = validate(data, shapes_graph)
    assert conforms, text


@pytest.mark.parametrize("case_file", [pytest.param(c, marks=shacl_reference.case_group(c)) for c in CASES],
                         ids=[c.name for c in CASES])
def test_shape_case(case_file: Path, shapes_graph, ontology_graph):
    case = Graph().parse(case_file, format="turtle")
    expect_conforms, exps = _expectations(case)
    if "--valid" in case_file.name:
        assert expect_conforms and not exps, "a --valid case expects conformance and no results"
    else:
        assert not expect_conforms and exps, "an --invalid- case states at least one expected result"

    conforms, report, text = validate(shacl_reference.case_data(case_file, ontology_graph), shapes_graph)
    results = _results(report)

    unmatched_exp = [e for e in exps if not any(_matches(e, r) for r in results)]
    unexpected = [r for r in results if not any(_matches(e, r) for e in exps)]
    problems = []
    if unmatched_exp:
        problems.append("expected but not reported:\n  " + "\n  ".join(
            f"focus={e['focus']} message~{e['message']!r} path={e['path']} value={e['value']!r}"
            for e in unmatched_exp))
    if unexpected:
        problems.append("reported but not expected:\n  " + "\n  ".join(_show(r) for r in unexpected))
    assert not problems, "\n".join(problems)
    assert conforms == expect_conforms


CONCEPT_LISTS = {
    "pillar": ("https://w3id.org/ssvkg/ontology#CBSPillar", "https://w3id.org/ssvkg/ontology#pillar"),
    "focusArea": ("https://w3id.org/ssvkg/ontology#FocusArea", "https://w3id.org/ssvkg/ontology#focusArea"),
    "innovationType": ("https://w3id.org/ssvkg/ontology#InnovationType",
                       "https://w3id.org/ssvkg/ontology#innovationType"),
    "status": ("https://w3id.org/ssvkg/ontology#ProgramStatus", "https://w3id.org/ssvkg/ontology#status"),
    "partnerRole": ("https://w3id.org/ssvkg/ontology#PartnerRole", "https://w3id.org/ssvkg/ontology#partnerRole"),
    "qualifier": ("https://w3id.org/ssvkg/ontology#Qualifier", "https://w3id.org/ssvkg/ontology#qualifier"),
    "aggregation": ("https://w3id.org/ssvkg/ontology#Aggregation", "https://w3id.org/ssvkg/ontology#aggregation"),
    "figureStatus": ("https://w3id.org/ssvkg/ontology#FigureStatus", "https://w3id.org/ssvkg/ontology#figureStatus"),
}


@pytest.mark.parametrize("name", sorted(CONCEPT_LISTS))
def test_concept_lists_match_concepts_ttl(name, shapes_graph, ontology_graph):
    """Every sh:in list of concepts equals the concepts of that class in ontology/concepts.ttl."""
    from rdflib.collection import Collection

    cls, prop = (URIRef(x) for x in CONCEPT_LISTS[name])
    concepts = set(ontology_graph.subjects(RDF.type, cls))
    lists = [set(Collection(shapes_graph, shapes_graph.value(ps, SH["in"])))
             for ps in shapes_graph.subjects(SH.path, prop) if shapes_graph.value(ps, SH["in"]) is not None]
    assert lists, f"no sh:in list for {prop}"
    for values in lists:
        assert values == concepts, f"{prop}: shapes list {sorted(values)} != concepts.ttl {sorted(concepts)}"
