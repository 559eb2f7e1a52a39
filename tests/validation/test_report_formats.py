"""A broken fact in a copy of the fixture project: every format names its file and line;
JUnit and SARIF validate against their schemas; GitHub annotations are well formed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Graph, URIRef

import ssvkg
from ssvkg.report import render

from report_parsing import ANNOTATION, FORMATS, locations

# One xdist worker runs them all: the broken copy is validated once, not once per worker.
pytestmark = pytest.mark.xdist_group("report-formats")

SCHEMAS = Path(__file__).parent / "schemas"
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"
ID = "https://w3id.org/ssvkg/id/"
SSV = "https://w3id.org/ssvkg/ontology#"


def break_pillar(root: Path) -> int:
    """id:p2's pillar becomes a programme (not a ssv:Pillar): sh:class fails on that line."""
    f = root / "graph" / "programs.ttl"
    lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
    p2 = next(i for i, ln in enumerate(lines) if ln.startswith("id:p2 "))
    n = next(i for i, ln in enumerate(lines[p2:], p2) if "ssv:pillar id:health" in ln)
    lines[n] = lines[n].replace("ssv:pillar id:health", "ssv:pillar id:p1")
    f.write_text("".join(lines), encoding="utf-8")
    return n + 1


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """(the broken copy, the broken line, its validation): made and validated once for the
    module; the tests only read the copy and render the result."""
    root = tmp_path_factory.mktemp("broken") / "mini"
    shutil.copytree(MINI, root)
    line = break_pillar(root)
    # A second file, with a fact spread over several lines: the value's own line counts.
    (root / "graph" / "extra.ttl").write_text(
        "@prefix ssv: <https://w3id.org/ssvkg/ontology#> .\n"
        "@prefix id: <https://w3id.org/ssvkg/id/> .\n"
        "\n"
        "id:p7 a ssv:Program ;\n"
        "    ssv:name \"Seven\" ;\n"
        "    ssv:pillar\n"
        "        id:nowhere .\n", encoding="utf-8")
    return root, line, ssvkg.validate(root)


def test_the_broken_fact_has_its_file_and_line(broken):
    root, line, result = broken
    assert not result.conforms and result.exit_code() == 1
    bad = [i for i in result.issues if i.focus == URIRef(ID + "p2")]
    assert [(i.file, i.line, i.path, i.value) for i in bad] == [
        ("graph/programs.ttl", line, URIRef(SSV + "pillar"), URIRef(ID + "p1"))]
    seven = [i for i in result.issues if i.focus == URIRef(ID + "p7")]
    assert {(i.file, i.line) for i in seven} == {("graph/extra.ttl", 7)}
    assert bad[0].shape_label == "ssv:ProgramShape, property ssv:pillar"
    assert (bad[0].shape_file, bad[0].shape_line) == ("shapes/shapes.ttl", 8)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_file_and_line(broken, fmt):
    root, line, result = broken
    found = locations(fmt, render(result, fmt))
    assert ("graph/programs.ttl", line) in found
    assert ("graph/extra.ttl", 7) in found


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_formats_and_exit_code(cli, broken, fmt, tmp_path):
    root, line, _ = broken
    r = cli("--root", root, "validate", "--format", fmt)
    assert r.exit_code == 1 and r.stderr == ""
    assert ("graph/programs.ttl", line) in locations(fmt, r.stdout)
    out = tmp_path / f"report.{fmt}"
    r = cli("--root", root, "validate", "--format", fmt, "-o", out)
    assert r.exit_code == 1 and r.stdout == ""
    assert ("graph/programs.ttl", line) in locations(fmt, out.read_text(encoding="utf-8"))


def test_text_is_grouped_by_file(broken):
    text = render(broken[2], "text")
    assert text.startswith("Conforms: no (")
    headers = [ln for ln in text.splitlines() if ln and not ln.startswith((" ", "Conforms"))]
    assert headers == sorted(set(headers)) == ["graph/extra.ttl", "graph/programs.ttl"]


def _junit_schema():
    xmlschema = pytest.importorskip("xmlschema", reason="pip install xmlschema (in ssvkg[test])")
    return xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))


def _sarif_validator():
    jsonschema = pytest.importorskip("jsonschema", reason="pip install jsonschema (in ssvkg[test])")
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def results(broken):
    """Three results to render: the broken copy's, the fixture's (it conforms), and the broken
    copy's with two checks skipped."""
    return [broken[2], ssvkg.validate(MINI), ssvkg.validate(broken[0], skip=["closure", "isomorphism"])]


def test_junit_validates_against_its_schema(results):
    schema = _junit_schema()
    for result in results:
        for fail_on in ("violation", "info"):
            xml = render(result, "junit", fail_on=fail_on)
            schema.validate(xml)
            root = ET.fromstring(xml)
            failures = sum(int(s.get("failures")) for s in root.iter("testsuite"))
            assert int(root.get("failures")) == failures == len(result.failing(fail_on))


def test_junit_lists_skipped_checks(broken):
    result = ssvkg.validate(broken[0], skip=["closure"])
    root = ET.fromstring(render(result, "junit"))
    skipped = [c.get("name") for c in root.iter("testcase") if c.find("skipped") is not None]
    assert skipped == ["check closure"]


def test_sarif_validates_against_its_schema(results):
    validator = _sarif_validator()
    for result in results:
        doc = json.loads(render(result, "sarif"))
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, errors[0].message
        assert doc["version"] == "2.1.0"
        assert len(doc["runs"][0]["results"]) == len(result.issues)


def test_sarif_schema_rejects_a_broken_log():
    # The validator really checks: a result without a message is refused.
    validator = _sarif_validator()
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "r"}]}]}
    assert list(validator.iter_errors(bad))


def test_github_annotations_are_well_formed(broken):
    root, line, result = broken
    lines = render(result, "github").splitlines()
    annotations = [ln for ln in lines if ln.startswith("::")]
    assert len(annotations) == len(result.issues)
    for ln in annotations:
        m = ANNOTATION.match(ln)
        assert m, ln
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        assert set(props) <= {"file", "line", "col", "endLine", "endColumn", "title"}
        assert "\n" not in m.group(3) and "\r" not in m.group(3)
    assert f"::error file=graph/programs.ttl,line={line},title=ssvkg shacl%3A Violation::" in "\n".join(lines)
    assert lines[-1].startswith("ssvkg validate: the data does not conform")


def test_github_escapes_newlines_and_percent(mini_copy):
    (mini_copy / "shapes" / "multi.ttl").write_text(
        '@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ssv: <https://w3id.org/ssvkg/ontology#> .\n'
        'ssv:MultiShape a sh:NodeShape ; sh:targetClass ssv:Program ;\n'
        '    sh:property [ sh:path ssv:name ; sh:maxLength 3 ; sh:message "100% too long,\\nsee: docs" ] .\n',
        encoding="utf-8")
    out = render(ssvkg.validate(mini_copy), "github")
    ann = [ln for ln in out.splitlines() if "100%25 too long,%0Asee: docs" in ln]
    assert len(ann) == 3 and all(ANNOTATION.match(a) for a in ann)


def test_turtle_is_a_shacl_validation_report(broken):
    g = Graph().parse(data=render(broken[2], "turtle"), format="turtle")
    from rdflib import RDF, SH, Literal

    report = next(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(report, SH.conforms) == Literal(False)
    assert len(list(g.objects(report, SH.result))) == len(broken[2].issues)


def test_json_has_every_field(broken):
    doc = json.loads(render(broken[2], "json"))
    issue = next(i for i in doc["issues"] if i["focus"] == f"<{ID}p2>")
    assert issue == {
        "severity": "Violation", "check": "shacl", "file": "graph/programs.ttl", "line": broken[1],
        "column": None, "message": issue["message"], "focus": f"<{ID}p2>", "path": f"<{SSV}pillar>",
        "value": f"<{ID}p1>", "shape": issue["shape"], "shape_label": "ssv:ProgramShape, property ssv:pillar",
        "shape_file": "shapes/shapes.ttl", "shape_line": 8,
        "constraint": "<http://www.w3.org/ns/shacl#ClassConstraintComponent>",
    }
    assert re.match(r"^_:", issue["shape"])
    assert doc["summary"] == {"violation": len(doc["issues"]), "warning": 0, "info": 0}
