"""pySHACL as the tests' reference validator, with rdflib's SPARQL queries prepared once.

tests/shapes/test_shape_cases.py and tests/validation/test_compiled_equivalence.py run
pySHACL on each of the 171 cases (and a few graphs more): seconds each, and pySHACL hands
rdflib the same sh:select / sh:ask texts every time, which rdflib parses and translates
anew on every call. validate runs pySHACL on rdflib as ssvkg does (--engine rdflib:
ssvkg.validation.store.pyshacl_validate, in place on a PreparedQueries view), with one cache
of prepared queries for the whole test process instead of one per validation. pySHACL's
options and results are otherwise untouched.

Both test files check every case against pySHACL's report on the same data graph (the
ontology, tests/shapes/base.ttl and the case, read by case_data): the report is computed
once per process and data (validate keeps it by a digest of the data's and the shapes'
triples and prefixes), and each case's tests in the two files share an xdist group
(xdist_group), so they run in one worker and the second finds the first's report.
"""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path

import pytest
from rdflib import Graph

OPTIONS = {"inference": "none", "advanced": True, "allow_warnings": False}  # ssvkg's own
_prepared: dict = {}  # (text, base, prefixes) -> rdflib's prepared query, for the whole test process
_reports: dict = {}  # (shapes digest, data digest) -> pySHACL's (conforms, report, text)
_cases: dict = {}  # (case file, id of the ontology graph) -> the case's data graph
_read_only: dict = {}  # id of a graph -> (weak reference to it, its digest or None), see read_only
BASE = Path(__file__).resolve().parent / "shapes" / "base.ttl"


def case_data(case_file: Path, ontology: Graph) -> Graph:
    """The ontology, tests/shapes/base.ttl and the case as one graph, read once per process
    (read-only for the tests: both files validate this very graph)."""
    key = (case_file, id(ontology))  # the session's ontology fixture lives as long as the process
    if key not in _cases:
        data = Graph()
        data += ontology
        data.parse(BASE, format="turtle")
        data.parse(case_file, format="turtle")
        _cases[key] = read_only(data)
    return _cases[key]


def case_group(case_file: Path):
    """The xdist group that keeps a case's tests of both files in one worker."""
    return pytest.mark.xdist_group(f"shape-case-{case_file.stem}")


def _digest(g: Graph) -> str:
    # Blank nodes by their ids: equal digests mean the same graph object's triples, or a
    # copy that kept its blank nodes (a store read back, tests/validation). Prefixes count:
    # pySHACL writes values in messages with the data graph's prefixes.
    ref, digest = _read_only.get(id(g), (None, None))
    if ref is None or ref() is not g:
        return _digest_of(g)
    if digest is None:
        digest = _digest_of(g)
        _read_only[id(g)] = (ref, digest)
    return digest


def read_only(g: Graph) -> Graph:
    """g, marked as never changed from now on: its digest is computed once (the session's
    shapes graph is validated against some 200 times)."""
    _read_only[id(g)] = (weakref.ref(g), None)
    return g


def _digest_of(g: Graph) -> str:
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in g)
    lines += sorted(f"@prefix {k}: {v}" for k, v in g.namespaces())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def validate(data: Graph, shapes: Graph):
    """pyshacl.validate(data, shapes) with inference none, advanced, no warnings allowed:
    (conforms, report graph, report text); the same data and shapes are validated once."""
    from ssvkg.validation.store import pyshacl_validate

    key = (_digest(shapes), _digest(data))
    if key not in _reports:
        _reports[key] = pyshacl_validate(data, shapes, "rdflib", prepared=_prepared, **OPTIONS)
    return _reports[key]
