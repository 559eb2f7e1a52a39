"""JUnit XML for CI test tabs: one testsuite per input file, one testcase per result.

Results at or above --fail-on are <failure>s; weaker ones pass with the message in
<system-out>. Files without results get one passing testcase, so the tab lists every
file checked; a last testsuite lists the checks, those not run as <skipped>.
Valid against the Jenkins/Surefire junit-10.xsd (tests/validation/schemas/).
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ssvkg.validation.model import FAIL_ON
from ssvkg.report.common import fields, title, where


def _suite(parent, name: str, file: str | None = None) -> ET.Element:
    attrs = {"name": name, "tests": "0", "failures": "0", "errors": "0", "skipped": "0"}
    if file:
        attrs["file"] = file
    return ET.SubElement(parent, "testsuite", attrs)


def _count(suite: ET.Element, key: str) -> None:
    suite.set(key, str(int(suite.get(key)) + 1))


def render(result, fail_on: str = "violation", **_) -> str:
    ns = result.namespaces
    root = ET.Element("testsuites", {"name": "ssvkg validate"})
    by_file = {f: [] for f in result.inputs}
    for i in result.issues:
        by_file.setdefault(i.file or "(no file)", []).append(i)
    for file, issues in by_file.items():
        suite = _suite(root, file, file if file != "(no file)" else None)
        if not issues:
            ET.SubElement(suite, "testcase", {"classname": "ssvkg.validate", "name": f"{file} conforms"})
            _count(suite, "tests")
            continue
        for i in issues:
            case = ET.SubElement(suite, "testcase", {
                "classname": f"ssvkg.{i.check}", "name": f"{where(i)} {title(i, ns)}"})
            _count(suite, "tests")
            details = "\n".join([f"{where(i)}: {i.severity}: {i.message}"]
                                + [f"{k}: {v}" for k, v in fields(i, ns)])
            if i.rank < FAIL_ON[fail_on]:
                failure = ET.SubElement(case, "failure", {"type": i.severity, "message": i.message or i.severity})
                failure.text = details
                _count(suite, "failures")
            else:
                ET.SubElement(case, "system-out").text = details
    checks = _suite(root, "ssvkg checks")
    for name in result.checks:
        ET.SubElement(checks, "testcase", {"classname": "ssvkg.checks", "name": f"check {name} ran"})
        _count(checks, "tests")
    for name, why in result.skipped.items():
        case = ET.SubElement(checks, "testcase", {"classname": "ssvkg.checks", "name": f"check {name}"})
        ET.SubElement(case, "skipped", {"message": why})
        _count(checks, "tests")
        _count(checks, "skipped")
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key)) for s in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
