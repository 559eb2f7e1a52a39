"""The meta-checks: each finds its problem, reports it like a SHACL result with file and
line, and can be skipped; a failure inside pySHACL never comes out as 'conforms'."""

from __future__ import annotations

import socket

import pytest

import ssvkg
from ssvkg.errors import InputError
from ssvkg.validation.read import NetworkRefused, no_network

SHAPE_HEAD = ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
              "@prefix ssv: <https://w3id.org/ssvkg/ontology#> .\n")
DATA_HEAD = ("@prefix ssv: <https://w3id.org/ssvkg/ontology#> .\n"
             "@prefix id: <https://w3id.org/ssvkg/id/> .\n")


def by_check(result, check):
    return [i for i in result.issues if i.check == check]


def test_fixture_passes_every_check(mini_root):
    r = ssvkg.validate(mini_root)
    assert r.conforms and r.skipped == {}
    assert set(r.checks) == {"imports", "shapes", "shacl", "queries", "closure", "datatypes", "isomorphism", "quotes", "cube"}


def test_invalid_shapes_are_reported_and_data_is_not_called_valid(mini_copy):
    (mini_copy / "shapes" / "bad.ttl").write_text(
        SHAPE_HEAD + "ssv:BadShape a sh:NodeShape ; sh:targetClass ssv:Program ;\n"
        "    sh:property [ sh:path ssv:name ; sh:maxCount -1.5 ] .\n", encoding="utf-8")
    r = ssvkg.validate(mini_copy)
    assert not r.conforms and "shacl" in r.skipped
    [i] = by_check(r, "shapes")
    assert (i.file, i.line, i.severity) == ("shapes/bad.ttl", 4, "Violation")
    assert i.message.startswith("not valid SHACL: ")


def test_skipping_the_shapes_check_still_never_conforms(mini_copy):
    # pySHACL itself cannot load the shape: exit 2, not a pass.
    (mini_copy / "shapes" / "bad.ttl").write_text(
        SHAPE_HEAD + "ssv:BadShape a sh:NodeShape ; sh:targetClass ssv:Program ;\n"
        "    sh:property [ sh:path ssv:name ; sh:minCount \"one\" ] .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^pySHACL could not validate the data: .*minCount"):
        ssvkg.validate(mini_copy, skip=["shapes"])


def test_service_in_a_constraint_is_never_a_pass(mini_copy):
    (mini_copy / "shapes" / "remote.ttl").write_text(
        SHAPE_HEAD + "ssv:RemoteShape a sh:NodeShape ; sh:targetClass ssv:Program ;\n"
        '    sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://127.0.0.1:9/q> { $this ?p ?o } }" ] .\n',
        encoding="utf-8")
    # Not a meta-check result but a refusal to run (exit 2), which --skip cannot turn off.
    for skip in ([], ["shapes"]):
        with pytest.raises(InputError, match=r"^shapes/remote\.ttl line 4: sh:select: SERVICE is not allowed"):
            ssvkg.validate(mini_copy, skip=skip)


def test_queries_must_parse(mini_copy):
    (mini_copy / "queries" / "typo.rq").write_text(
        "#+ summary: typo\n\nSELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER(?o >)\n}\n", encoding="utf-8")
    r = ssvkg.validate(mini_copy)
    [i] = by_check(r, "queries")
    assert (i.file, i.line) == ("queries/typo.rq", 5) and i.column
    assert ssvkg.validate(mini_copy, skip=["queries"]).conforms


def test_bad_decorators_are_reported_too(mini_copy):
    (mini_copy / "queries" / "deco.rq").write_text("#+ summary\nSELECT * WHERE { ?s ?p ?o }\n",
                                                   encoding="utf-8")
    [i] = by_check(ssvkg.validate(mini_copy), "queries")
    assert (i.file, i.line) == ("queries/deco.rq", 1)


def test_closure_of_classes_predicates_and_shapes(mini_copy):
    (mini_copy / "graph" / "typos.ttl").write_text(
        DATA_HEAD + "@prefix schema: <https://schema.org/> .\n"
        "id:p8 a ssv:Programme ;\n"            # line 4: undeclared class
        "    ssv:name \"Eight\" ;\n"
        "    ssv:pilar id:rural ;\n"           # line 6: undeclared predicate
        "    schema:about id:rural .\n",       # another vocabulary: not ours to judge
        encoding="utf-8")
    (mini_copy / "shapes" / "typo.ttl").write_text(
        SHAPE_HEAD + "ssv:TypoShape a sh:NodeShape ;\n    sh:targetClass ssv:Programm .\n", encoding="utf-8")
    r = ssvkg.validate(mini_copy)
    got = sorted((i.file, i.line, i.message.split(" ")[0]) for i in by_check(r, "closure"))
    assert got == [("graph/typos.ttl", 4, "ssv:Programme"), ("graph/typos.ttl", 6, "ssv:pilar"),
                   ("shapes/typo.ttl", 4, "the")]
    assert "ssv:Programm" in [i for i in by_check(r, "closure") if i.file == "shapes/typo.ttl"][0].message
    assert by_check(ssvkg.validate(mini_copy, skip=["closure"]), "closure") == []


def test_ill_typed_literals(mini_copy):
    (mini_copy / "graph" / "typed.ttl").write_text(
        DATA_HEAD + "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'id:o8 ssv:beneficiaries "12x"^^xsd:integer ;\n    ssv:refYear "20233"^^xsd:gYear .\n',
        encoding="utf-8")
    got = [(i.line, i.message) for i in by_check(ssvkg.validate(mini_copy), "datatypes")]
    assert (4, '"12x" is not a valid xsd:integer') in got


@pytest.mark.parametrize("bad, where", [
    ("id:p1 ssv:pillar <https://w3id.org/ssvkg/id/a b> .", "line 3: Invalid IRI code point ' ' (column 18)"),
    ('"text" ssv:name "a subject cannot be a literal" .',
     'line 3: "text" is not a valid subject or graph name (column 1)'),
])
def test_a_file_the_parser_of_record_rejects_is_bad_input(mini_copy, bad, where):
    # rdflib reads both; they used to be isomorphism violations (exit 1) with pySHACL skipped.
    (mini_copy / "graph" / "lenient.ttl").write_text(DATA_HEAD + bad + "\n", encoding="utf-8")
    for skip in ([], ["isomorphism"]):
        with pytest.raises(InputError) as e:
            ssvkg.validate(mini_copy, skip=skip)
        assert str(e.value) == f"graph/lenient.ttl {where}."


def test_isomorphism_itself_treats_a_rejected_file_as_bad_input(tmp_path):
    # A file never reaches the check unparsed; should one all the same, it is no violation.
    from rdflib import Graph

    from ssvkg.validation.metachecks import isomorphism

    class Read:  # what the check uses of a read file
        path, shown, format, graph, lines = tmp_path / "x.ttl", "x.ttl", "turtle", Graph(), {}
        text = "<http://a/s> <http://a/p> <a b> .\n"

    with pytest.raises(InputError, match=r"^x\.ttl line 1: Invalid IRI code point ' ' \(column 27\)\.$"):
        isomorphism([Read()])


def test_owl_imports_provided_locally_are_fine(mini_copy):
    (mini_copy / "ontology" / "extra.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/ssvkg/extra> a owl:Ontology .\n"
        "<https://w3id.org/ssvkg/ontology> a owl:Ontology ; owl:imports <https://w3id.org/ssvkg/extra> .\n",
        encoding="utf-8")
    assert by_check(ssvkg.validate(mini_copy), "imports") == []


def test_unknown_check_name(mini_root):
    with pytest.raises(InputError, match="unknown check 'speling'"):
        ssvkg.validate(mini_root, skip=["speling"])


def test_no_network_blocks_connections():
    with no_network():
        with pytest.raises(NetworkRefused, match="never fetches"):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
    # Outside the block nothing is refused by ssvkg (the connection just fails normally).
    with pytest.raises(OSError) as e:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert not isinstance(e.value, NetworkRefused)
