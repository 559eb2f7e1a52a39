import pytest
from rdflib import Dataset, Graph, URIRef

import ssvkg
from ssvkg.errors import InputError

ID = "https://w3id.org/ssvkg/id/"
SSV = "https://w3id.org/ssvkg/ontology#"


def test_fixture_conforms(mini_root):
    # FundingShape's sh:class ssv:Initiative holds only through rdfs:subClassOf in ontology/
    v = ssvkg.validate(mini_root)
    assert v.conforms is True and v.issues == []
    assert isinstance(v.report, Graph)


def test_without_ontology_subclass_fails(mini_root):
    data = Graph()
    for f in (mini_root / "graph").rglob("*.ttl"):
        data.parse(f)
    v = ssvkg.validate(mini_root, data=data)
    assert not v.conforms
    assert [(i.focus, i.path) for i in v.issues if i.check == "shacl"] == [(URIRef(ID + "f1"), URIRef(SSV + "funds"))]
    # the Data Cube check misses the dimensions' ranges, which are declared in the ontology too (IC-4)
    assert {(i.check, str(i.focus)) for i in v.issues if i.check != "shacl"} == {
        ("cube", SSV + "program"), ("cube", "http://purl.org/linked-data/sdmx/2009/dimension#refPeriod")}


def _break(root):
    (root / "graph" / "bad.ttl").write_text(
        "@prefix ssv: <https://w3id.org/ssvkg/ontology#> .\n"
        "@prefix id: <https://w3id.org/ssvkg/id/> .\n"
        "id:p9 a ssv:Program ; ssv:pillar id:rural .\n"
        "id:o9 ssv:beneficiaries -5 .\n")


def test_violations_are_reported(mini_copy):
    _break(mini_copy)
    v = ssvkg.validate(mini_copy)
    assert v.conforms is False
    got = {(str(i.focus), str(i.path), i.severity) for i in v.issues}
    assert (ID + "p9", SSV + "name", "Violation") in got
    sparql_issue = [i for i in v.issues if i.message == "beneficiaries must not be negative"]
    assert len(sparql_issue) == 1 and str(sparql_issue[0].focus) == ID + "o9"
    assert all(i.shape is not None and i.constraint is not None for i in v.issues)
    assert len(v.violations) == len(v.issues) == 2


def test_validate_without_shapes_is_an_input_error(mini_copy):
    for f in (mini_copy / "shapes").iterdir():
        f.unlink()
    with pytest.raises(InputError, match="no SHACL shapes"):
        ssvkg.validate(mini_copy)


def test_validate_with_bad_shapes_turtle(mini_copy):
    (mini_copy / "shapes" / "bad.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nx y z\n")
    with pytest.raises(InputError, match=r"^shapes/bad\.ttl line 2: "):
        ssvkg.validate(mini_copy)


def test_stats(mini_root):
    st = ssvkg.stats(mini_root)
    assert st.triples_per_graph["https://w3id.org/ssvkg/graph/programs"] == 19
    assert st.total_triples == len(ssvkg.load(mini_root))
    assert st.instances_per_class[SSV + "Program"] == 3
    assert st.instances_per_class["http://purl.org/linked-data/cube#Observation"] == 3
    # o3's period is an IRI .../year/2023; o1 and o2 are xsd:gYear literals
    assert st.observations_per_year == {"2020": 1, "2021": 1, "2022": 1, "2023": 2}


def test_stats_counts_observations_without_period_as_unknown(mini_copy):
    (mini_copy / "graph" / "more.ttl").write_text(
        "@prefix qb: <http://purl.org/linked-data/cube#> .\n"
        "<urn:o:1> a qb:Observation .\n")
    assert ssvkg.stats(mini_copy).observations_per_year["unknown"] == 1


@pytest.mark.parametrize("fmt, parse_as, dataset", [
    ("ttl", "turtle", False), ("nt", "nt", False),
    ("nq", "nquads", True), ("trig", "trig", True), ("jsonld", "json-ld", True),
])
def test_export_round_trips(mini_root, fmt, parse_as, dataset):
    data = ssvkg.export(fmt, root=mini_root)
    assert isinstance(data, bytes)
    total = len(ssvkg.load(mini_root))
    if dataset:
        ds = Dataset()
        ds.parse(data=data, format=parse_as)
        names = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert "https://w3id.org/ssvkg/graph/curated/sdg-alignment" in names
        assert sum(len(g) for g in ds.graphs()) == total
    else:
        assert len(Graph().parse(data=data, format=parse_as)) == total


def test_export_is_deterministic(mini_root):
    assert ssvkg.export("nt", root=mini_root) == ssvkg.export("nt", root=mini_root)


def test_export_unknown_format(mini_root):
    with pytest.raises(InputError, match="unknown export format 'xml'"):
        ssvkg.export("xml", root=mini_root)
