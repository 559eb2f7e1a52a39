"""Reading (file, line) pairs back out of each report format, for the location tests."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from rdflib import Graph, Namespace

REPORT = Namespace("https://w3id.org/ssvkg/report#")
FORMATS = ["text", "json", "turtle", "junit", "github", "sarif"]
ANNOTATION = re.compile(r"^::(error|warning|notice) ((?:[a-z]+=[^,:]*)(?:,[a-z]+=[^,:]*)*)::(.+)$")


def locations(fmt: str, text: str) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    if fmt == "text":
        current = None
        for line in text.splitlines():
            if line and not line.startswith(" ") and not line.startswith(("Conforms:", "Not checked:")):
                current = line
            m = re.match(r"^  line (\d+): ", line)
            if m and current:
                out.add((current, int(m.group(1))))
    elif fmt == "json":
        out = {(i["file"], i["line"]) for i in json.loads(text)["issues"] if i["file"] and i["line"]}
    elif fmt == "turtle":
        g = Graph().parse(data=text, format="turtle")
        for r in g.subjects(REPORT.file, None):
            line = g.value(r, REPORT.line)
            if line is not None:
                out.add((str(g.value(r, REPORT.file)), int(line)))
    elif fmt == "junit":
        for case in ET.fromstring(text).iter("testcase"):
            m = re.match(r"^(\S+):(\d+) ", case.get("name"))
            if m:
                out.add((m.group(1), int(m.group(2))))
    elif fmt == "github":
        for line in text.splitlines():
            m = ANNOTATION.match(line)
            if m:
                props = dict(p.split("=", 1) for p in m.group(2).split(","))
                if "file" in props and "line" in props:
                    out.add((props["file"].replace("%3A", ":").replace("%2C", ","), int(props["line"])))
    elif fmt == "sarif":
        for r in json.loads(text)["runs"][0]["results"]:
            for loc in r.get("locations", []):
                phys = loc["physicalLocation"]
                if "region" in phys:
                    out.add((phys["artifactLocation"]["uri"], phys["region"]["startLine"]))
    return out
