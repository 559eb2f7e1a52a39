"""`ssvkg validate --timeout` ends a slow shape on both engines: the worker running pySHACL
(pure Python) or Oxigraph (Rust) is killed at the deadline, whichever is evaluating.

The shape would run for hours, so the sentence proves the deadline stopped it; how soon after
the deadline it exits is a figure of benchmarks/budgets.py (validate-timeout, at 10 s), not a test
budget. Here 3 s: the worker burns its CPU until the deadline, and any deadline proves the point."""

from __future__ import annotations

import shutil
import subprocess

import pytest

SSVKG = shutil.which("ssvkg")
DATA = "@prefix ex: <http://example.org/> .\n" + "".join(
    f'ex:t{i} a ex:Thing ; ex:n {i} ; ex:label "thing {i}" .\n' for i in range(60))
# Four-way cross join per focus node, with a FILTER no optimiser can drop: hours of work.
SLOW_SHAPE = '''@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .

ex:SlowShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:sparql [
        sh:message "a cross join that takes hours" ;
        sh:select """SELECT $this WHERE { $this ?p ?o . ?a ?b ?c . ?d ?e ?f . ?g ?h ?i .
                     FILTER(STR(?o) = CONCAT(STR(?c), STR(?f), STR(?i), "x")) }"""
    ] .
'''


@pytest.mark.subprocess
@pytest.mark.skipif(SSVKG is None, reason="the ssvkg command is not installed (pip install -e .)")
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_validate_timeout_stops_a_slow_shape(tmp_path, engine):
    (tmp_path / "data.ttl").write_text(DATA)
    (tmp_path / "shapes.ttl").write_text(SLOW_SHAPE)
    p = subprocess.run([SSVKG, "--engine", engine, "validate", "data.ttl", "--shapes", "shapes.ttl",
                        "--timeout", "3"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert (p.returncode, p.stdout, p.stderr) == (
        2, "", "Error: validation took longer than 3 s and was stopped; raise --timeout or validate "
               "fewer files.\n")
