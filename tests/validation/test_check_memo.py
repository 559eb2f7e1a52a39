"""The meta-checks are kept on disk by content (ssvkg.validation.inputs, ssvkg.memo) and SHACL reads the
engine's on-disk store: a second run parses only what changed and reports the very same
issues, a changed file is checked again, a damaged memo entry is recomputed, never trusted.

Expected lines are found in the files' text here, not copied from a run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode

import ssvkg
import ssvkg.validation.read
import ssvkg.validation.run

ONTOLOGY = """@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

ex:Thing a owl:Class .
ex:Part a owl:Class .
ex:has a owl:ObjectProperty .
ex:size a owl:DatatypeProperty .
ex:amount a owl:DatatypeProperty .
"""
A = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:a a ex:Thing ;
    ex:amount "5"^^xsd:decimal ;
    ex:has [ a ex:Part ; ex:size 3 ] ;
    ex:has [ a ex:Part ;
        ex:size 12 ] .
ex:b a ex:Thing ;
    ex:amount "1.5"^^xsd:decimal ;
    ex:amount "3000.50"^^xsd:decimal .
ex:z a ex:Thing .
"""
B = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:c a ex:Undeclared ;
    ex:size "abc"^^xsd:integer .
"""
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .

ex:PartShape a sh:NodeShape ;
    sh:targetClass ex:Part ;
    sh:property [ sh:path ex:size ; sh:maxInclusive 10 ] .

ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:amount ; sh:maxInclusive 1000 ] .
"""


def line_of(text: str, needle: str) -> int:
    [n] = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return n


EXPECTED = {
    ("shacl", "graph/a.ttl", line_of(A, "ex:size 12")),  # the second blank node, not the first
    ("shacl", "graph/a.ttl", line_of(A, '"3000.50"')),  # Oxigraph gives 3000.5 back; not "1.5"
    ("closure", "graph/b.ttl", line_of(B, "ex:Undeclared")),
    ("datatypes", "graph/b.ttl", line_of(B, '"abc"')),
}


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "p"
    for rel, text in {"ontology/o.ttl": ONTOLOGY, "graph/a.ttl": A, "graph/b.ttl": B,
                      "shapes/s.ttl": SHAPES}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files parsed with rdflib from now on, as shown."""
    seen: list[str] = []
    real = ssvkg.validation.read.read_rdf

    def counting(path, shown, *a, **k):
        seen.append(shown)
        return real(path, shown, *a, **k)

    monkeypatch.setattr(ssvkg.validation.read, "read_rdf", counting)
    return seen


def validate_here(root, engine="oxigraph", cache=True, **options):
    """Validation in this process (the API runs it in a worker), so that the parser and the
    store this module watches are the ones used; the worker path is tested in tests/executor.
    The cache folder is the project's neighbour "cache" (cache=False: none)."""
    from ssvkg.project import Project
    from ssvkg.validation.run import validate

    return validate(Project(root), engine=engine, cache_dir=root.parent / "cache" if cache else None,
                    **options)


def found(result) -> set:
    return {(i.check, i.file, i.line) for i in result.issues}


def described(result) -> list:
    """Everything about each issue; blank nodes get new labels in every parse."""
    def term(t):
        return "_:" if isinstance(t, BNode) else t
    return [(i.check, i.severity, i.file, i.line, i.column, i.message, term(i.focus), term(i.path),
             term(i.value), term(i.shape), i.constraint, i.shape_label, i.shape_file, i.shape_line)
            for i in result.issues]


def test_second_run_parses_only_the_shapes_and_reports_the_same(project, parsed, monkeypatch):
    first = validate_here(project)
    assert found(first) == EXPECTED
    assert sorted(parsed) == ["graph/a.ttl", "graph/b.ttl", "ontology/o.ttl", "shapes/s.ttl"]
    parsed.clear()
    second = validate_here(project)
    assert parsed == ["shapes/s.ttl"]  # SHACL needs the shapes graph; the data comes from the store
    assert described(second) == described(first) and second.namespaces == first.namespaces
    assert second.checks == first.checks
    # The same as computed without any cache or store (blank-node labels aside).
    assert described(validate_here(project, cache=False)) == described(second)


def test_shacl_reads_the_engines_store(project, monkeypatch):
    from ssvkg.validation.store import is_oxigraph_graph

    given = []
    real = ssvkg.validation.run.run_shacl
    monkeypatch.setattr(ssvkg.validation.run, "run_shacl",
                        lambda data, shapes, *a: given.append(is_oxigraph_graph(data)) or real(data, shapes, *a))
    validate_here(project)
    assert given == [True]
    given.clear()  # the reference stays in rdflib
    assert found(validate_here(project, engine="rdflib")) == EXPECTED and given == [False]


def test_a_changed_file_is_checked_again_alone(project, parsed):
    validate_here(project)
    parsed.clear()
    text = B + 'ex:d ex:size "x"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    (project / "graph" / "b.ttl").write_text(text, encoding="utf-8")
    r = validate_here(project)
    assert sorted(parsed) == ["graph/b.ttl", "shapes/s.ttl"]
    assert found(r) == EXPECTED | {("datatypes", "graph/b.ttl", line_of(text, '"x"'))}
    # And back: the old content's results are still known.
    (project / "graph" / "b.ttl").write_text(B, encoding="utf-8")
    parsed.clear()
    assert found(validate_here(project)) == EXPECTED and parsed == ["shapes/s.ttl"]


def test_a_broken_file_still_stops_the_run(project):
    from ssvkg.errors import InputError

    validate_here(project)
    (project / "graph" / "b.ttl").write_text(B.replace("ex:c a", "ex:c a a"), encoding="utf-8")
    with pytest.raises(InputError, match=r"^graph/b.ttl line 4"):
        validate_here(project)


def _damage(entry: Path, n: int) -> None:
    raw = entry.read_bytes()
    if n % 3 == 0:
        entry.write_bytes(raw[: len(raw) // 2])  # half-written
        return
    doc = json.loads(raw)
    value = doc["value"]
    if n % 3 == 1 and isinstance(value, dict):  # right shape, wrong contents
        doc["value"] = {k: [["x", 1]] for k in value}
    else:
        doc["value"] = [{"severity": 1}] if isinstance(value, list) else {"facts": "nonsense"}
    entry.write_text(json.dumps(doc), encoding="utf-8")


def test_damaged_memo_entries_are_recomputed(project, parsed, tmp_path):
    first = validate_here(project)
    entries = sorted((tmp_path / "cache" / "memo").glob("*.json"))
    assert len(entries) >= 5  # per file checks, line index, shapes check
    for n, entry in enumerate(entries):
        _damage(entry, n)
    parsed.clear()
    again = validate_here(project)
    assert described(again) == described(first)
    assert "graph/b.ttl" in parsed or "graph/a.ttl" in parsed  # recomputed from the files
    parsed.clear()
    assert described(validate_here(project)) == described(first)  # rewritten whole
    assert parsed == ["shapes/s.ttl"]


def test_broken_shapes_are_remembered_too(project, parsed):
    (project / "shapes" / "s.ttl").write_text(SHAPES.replace("sh:maxInclusive 10", "sh:maxCount -1.5"),
                                              encoding="utf-8")
    first = validate_here(project)
    assert "shacl" in first.skipped and any(i.check == "shapes" for i in first.issues)
    second = validate_here(project)
    assert described(second) == described(first)


def test_a_recorded_result_never_lets_an_invalid_file_through(project, monkeypatch):
    """Results recorded for a file (say, by a version without the parser of record) do not
    spare it that parser: every run checks every file, recorded or not. (With broken shapes
    pySHACL does not run, so nothing else would read the data files.)"""
    import ssvkg.validation.cube
    import ssvkg.validation.metachecks
    import ssvkg.validation.syntax
    from ssvkg.errors import InputError

    (project / "shapes" / "s.ttl").write_text(SHAPES.replace("sh:maxInclusive 10", "sh:maxCount -1.5"),
                                              encoding="utf-8")
    (project / "graph" / "b.ttl").write_text(B + "ex:c ex:has <http://example.org/a b> .\n", encoding="utf-8")
    with monkeypatch.context() as m:  # a lenient version: everything about b.ttl is recorded
        m.setattr(ssvkg.validation.syntax, "check_syntax", lambda *a: None)
        m.setattr(ssvkg.validation.metachecks, "isomorphism", lambda files: [])
        m.setattr(ssvkg.validation.cube, "check", lambda *a: [])  # it reads the text with pyoxigraph too
        assert "shacl" in validate_here(project).skipped
    for _ in range(2):
        with pytest.raises(InputError, match=r"^graph/b\.ttl line 6: Invalid IRI code point ' ' \(column 13\)\.$"):
            validate_here(project)
