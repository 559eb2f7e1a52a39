"""The SHACL-to-SPARQL validator (ssvkg.validation.compiled) finds exactly what pySHACL finds.

Reference: pyshacl.validate on rdflib's in-memory graph with ssvkg's options (inference none,
advanced=True, allow_warnings=False), its top-level results (sh:result). Compared as multisets
of (severity, focus, path, value, shape, component, messages). Blank nodes keep their ids
between the rdflib graph and the Oxigraph store, so they compare by identity.

Oxigraph keeps a literal only in canonical form ("150.0"^^xsd:decimal is stored as "150",
@zh-Hans as @zh-hans), so the reference runs on the data as Oxigraph holds it (read back
from the store): both validators then see the same terms, and a message that quotes a value
quotes the same text.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from ssvkg.validation import compiled as shacl_sparql
from ssvkg.store.terms import from_ox, to_ox
from ssvkg.validation.compiled.run import results_from_report
from ssvkg.validation.store import pyshacl_fallback

import shacl_reference

REPO = Path(__file__).resolve().parents[2]
CASES = sorted((REPO / "tests" / "shapes" / "cases").glob("*.ttl"))
CASE_COUNT = 171  # tests/shapes/cases/*.ttl; a lost case must fail here, not shrink the proof


@pytest.fixture(scope="module")
def shapes(shapes_graph) -> Graph:
    return shapes_graph


@pytest.fixture(scope="module")
def ontology(ontology_graph) -> Graph:
    return ontology_graph


@pytest.fixture(scope="module")
def compiled(shapes) -> shacl_sparql.Shapes:
    """The repository's shapes read once for the compiler (it only reads them)."""
    return shacl_sparql.Shapes(shapes)


def _store(g: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g)
    return store


def _as_stored(store: ox.Store, namespaces=()) -> Graph:
    g = Graph()
    for prefix, ns in namespaces:  # the same prefixes for both validators' messages
        g.bind(prefix, ns, override=True, replace=True)
    for s, p, o in store.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True):
        g.add((from_ox(s), from_ox(p), from_ox(o)))
    return g


def _multiset(results) -> Counter:
    return Counter((r.severity, r.focus, r.path, r.value, r.shape, r.component,
                    "; ".join(sorted(str(m) for m in r.messages))) for r in results)


def _compare(store: ox.Store, shapes: Graph, expect_fallback: bool = False, namespaces=(), compiled=None):
    """(reference, compiled outcome); asserts they are identical. compiled: shapes read by Shapes."""
    data = _as_stored(store, namespaces)
    # pyshacl.validate with the options above, rdflib's SPARQL queries prepared once (tests/shacl_reference.py)
    conforms, report, _ = shacl_reference.validate(data, shapes)
    ref = _multiset(results_from_report(report))
    outcome = shacl_sparql.validate(store, compiled or shapes, list(data.namespaces()), pyshacl_fallback)
    got = _multiset(outcome.results)
    missing, extra = ref - got, got - ref
    assert not missing and not extra, (
        "missing:\n  " + "\n  ".join(map(str, missing)) + "\nextra:\n  " + "\n  ".join(map(str, extra)))
    assert outcome.conforms == conforms
    assert bool(outcome.fallback) == expect_fallback, outcome.fallback
    return ref, outcome


# ---------------------------------------------------------------- the repository's shapes


def test_all_cases_collected():
    assert len(CASES) == CASE_COUNT


def test_every_repository_shape_is_compiled(shapes):
    runner = shacl_sparql.Runner(ox.Store(), shapes)
    assert runner.shapes.top_level()
    assert not [s.node for s in runner.shapes.top_level() if s.unsupported]


def test_shapes_already_read_are_used_as_they_are(compiled, shapes):
    runner = shacl_sparql.Runner(ox.Store(), compiled)
    assert runner.shapes is compiled and runner.sg is shapes


@pytest.mark.parametrize("case", [pytest.param(c, marks=shacl_reference.case_group(c)) for c in CASES],
                         ids=[c.name for c in CASES])
def test_shape_case(case, shapes, ontology, compiled):
    # The very graph tests/shapes/test_shape_cases.py validates: pySHACL's report on it is
    # computed once (tests/shacl_reference.py), unless Oxigraph's canonical literals differ.
    data = shacl_reference.case_data(case, ontology)
    ref, _ = _compare(_store(data), shapes, namespaces=list(data.namespaces()), compiled=compiled)
    assert bool(ref) == ("--invalid-" in case.name)  # the case still says what it is about


def _load_project(root: Path) -> ox.Store:
    """One named graph per file, as ssvkg's engine loads a project (the union is the data)."""
    store = ox.Store()
    for f in sorted(root.glob("ontology/*.ttl")) + sorted(root.glob("graph/**/*.ttl")):
        store.load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(f.resolve().as_uri()))
    return store


# The real graph itself: tests/engines/test_validation_store.py::test_real_graph_same_issues
# compares the compiled validator (ssvkg's default) with pySHACL on rdflib on it, through
# ssvkg's own validation path.


def _damage(store: ox.Store, seed: int = 11) -> ox.Store:
    """A copy of the data with several kinds of damage, each in some places."""
    g = _as_stored(store)
    rng = random.Random(seed)
    triples = sorted(g, key=lambda t: tuple(map(str, t)))
    RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    XSD = "http://www.w3.org/2001/XMLSchema#"
    for s, p, o in rng.sample(triples, len(triples) // 30):  # dropped facts (missing counts, dangling links)
        g.remove((s, p, o))
    for s, p, o in rng.sample(triples, len(triples) // 60):
        if (s, p, o) not in g:
            continue
        g.remove((s, p, o))
        kind = rng.randrange(6)
        if kind == 0:  # a link to an undefined node
            g.add((s, p, URIRef(f"{o}-missing") if isinstance(o, URIRef) else o))
        elif kind == 1 and isinstance(o, Literal):  # an untagged / mistyped literal
            g.add((s, p, Literal(str(o))))
        elif kind == 2 and isinstance(o, Literal):  # an ill-formed typed literal
            g.add((s, p, Literal(f"{o}x", datatype=o.datatype or URIRef(XSD + "date"))))
        elif kind == 3 and isinstance(o, Literal):  # another language tag
            g.add((s, p, Literal(str(o), lang="fr")))
        elif kind == 4:  # a second value (maxCount, lessThanOrEquals, qualified counts)
            g.add((s, p, o))
            g.add((s, p, Literal("2") if isinstance(o, Literal) else URIRef(f"{o}2")))
        elif kind == 5 and p == RDF_TYPE:  # a wrong type
            g.add((s, p, URIRef("https://w3id.org/ssvkg/ontology#Program")))
        else:  # an IRI where a literal belongs (not a blank node: pySHACL stops on one in sh:lessThanOrEquals)
            g.add((s, p, URIRef(f"{s}-thing")))
    return _store(g)


@pytest.mark.golden
def test_real_graph_damaged(real_root, shapes, compiled):
    ref, _ = _compare(_damage(_load_project(real_root)), shapes, compiled=compiled)
    assert sum(ref.values()) > 50
    assert len({k[5] for k in ref}) >= 8  # many constraint components fire


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "g10k"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--triples", "10000", "--seed", "42",
                    "--out", str(out)], check=True, capture_output=True)
    return out


def test_generated_graph(generated, shapes, compiled):
    ref, _ = _compare(_load_project(generated), shapes, compiled=compiled)
    assert sum(ref.values()) > 100  # it is not a test of an empty report


# ---------------------------------------------------------------- the compiler, component by component

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

DATA = PREFIXES + """
ex:Sub rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:name "A"@en, "甲"@zh ; ex:size 3 ; ex:max 2 ; ex:colour "red" ; ex:link ex:b ;
    ex:code "AB-1" ; ex:date "2021-02-30"^^xsd:date ; ex:part [ a ex:Part ; ex:size 1 ] .
ex:b a ex:Sub ; ex:name "B" ; ex:size -1, 5 ; ex:colour "green" ; ex:link ex:nowhere, "text" ;
    ex:code "x" ; ex:date "2021-02-03"^^xsd:date, "2021"^^xsd:gYear .
ex:c a ex:Other ; ex:name "C"@fr ; ex:size "big" ; ex:link ex:a ; ex:code ex:iri .
"""

# Each: (shapes added to a ex:ThingShape targeting ex:Thing, or whole shapes), expected result count.
UNITS = {
    "class": ("sh:property [ sh:path ex:link ; sh:class ex:Thing ]", 2),
    "datatype": ("sh:property [ sh:path ex:date ; sh:datatype xsd:date ]", 2),
    "nodeKind": ("sh:property [ sh:path ex:link ; sh:nodeKind sh:IRI ]", 1),
    "minCount": ("sh:property [ sh:path ex:colour ; sh:minCount 2 ]", 2),
    "maxCount": ("sh:property [ sh:path ex:size ; sh:maxCount 1 ]", 1),
    "in": ("sh:property [ sh:path ex:colour ; sh:in ( \"red\" \"blue\" ) ]", 1),
    "languageIn": ("sh:property [ sh:path ex:name ; sh:languageIn ( \"en\" ) ]", 2),
    "pattern": ("sh:property [ sh:path ex:code ; sh:pattern \"^[a-z]+$\" ; sh:flags \"i\" ]", 1),
    "minInclusive": ("sh:property [ sh:path ex:size ; sh:minInclusive 0 ]", 1),
    "maxInclusive": ("sh:property [ sh:path ex:size ; sh:maxInclusive 4 ]", 1),
    "minLength": ("sh:property [ sh:path ex:code ; sh:minLength 2 ]", 1),
    "hasValue": ("sh:property [ sh:path ex:colour ; sh:hasValue \"red\" ]", 1),
    "lessThanOrEquals": ("sh:property [ sh:path ex:size ; sh:lessThanOrEquals ex:max ]", 1),
    "node": ("sh:property [ sh:path ex:part ; sh:node [ sh:property [ sh:path ex:size ; sh:minInclusive 2 ] ] ]", 1),
    "and": ("sh:and ( [ sh:property [ sh:path ex:size ; sh:minCount 1 ] ] [ sh:property [ sh:path ex:code ; sh:minLength 3 ] ] )", 1),
    "or": ("sh:or ( [ sh:property [ sh:path ex:size ; sh:maxInclusive 3 ] ] [ sh:property [ sh:path ex:colour ; sh:in (\"green\") ] ] )", 0),
    "qualifiedMin": ("sh:property [ sh:path ex:name ; sh:qualifiedValueShape [ sh:languageIn (\"zh\") ] ; sh:qualifiedMinCount 1 ]", 1),
    "qualifiedMax": ("sh:property [ sh:path ex:size ; sh:qualifiedValueShape [ sh:datatype xsd:integer ] ; sh:qualifiedMaxCount 1 ]", 1),
    "inversePath": ("sh:property [ sh:path [ sh:inversePath ex:link ] ; sh:class ex:Thing ]", 1),
    "sequencePath": ("sh:property [ sh:path ( ex:part ex:size ) ; sh:maxInclusive 0 ]", 1),
    "severity+message": ("sh:property [ sh:path ex:colour ; sh:in ( \"red\" ) ; sh:severity sh:Warning ; sh:message \"bad colour\"@en ]", 1),
    "deactivated": ("sh:property [ sh:path ex:colour ; sh:in ( \"red\" ) ; sh:deactivated true ]", 0),
    "sparql": ("sh:sparql [ sh:message \"{$this} size {?value} of {?n}\" ; sh:select \"\"\"SELECT $this ?value ?n WHERE { $this <http://example.org/size> ?value . BIND(STR(?value) AS ?n) FILTER(?value < 0) }\"\"\" ]", 1),
}


def _unit(body: str, targets: str = "sh:targetClass ex:Thing") -> Graph:
    return Graph().parse(data=PREFIXES + f"ex:ThingShape a sh:NodeShape ; {targets} ; {body} .", format="turtle")


@pytest.mark.parametrize("name", sorted(UNITS))
def test_component(name):
    body, count = UNITS[name]
    ref, outcome = _compare(_store(Graph().parse(data=DATA, format="turtle")), _unit(body))
    assert sum(ref.values()) == count
    assert outcome.compiled == [URIRef("http://example.org/ThingShape")]


@pytest.mark.parametrize("targets", ["sh:targetNode ex:c, ex:zzz", "sh:targetSubjectsOf ex:code",
                                     "sh:targetObjectsOf ex:link"])
def test_targets(targets):
    ref, _ = _compare(_store(Graph().parse(data=DATA, format="turtle")),
                      _unit("sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:languageIn (\"en\") ]", targets))
    assert ref


def test_sparql_target():
    shapes = _unit("sh:property [ sh:path ex:size ; sh:maxCount 0 ]",
                   "sh:target [ a sh:SPARQLTarget ; sh:select \"SELECT ?this WHERE { ?this <http://example.org/code> ?c }\" ]")
    ref, _ = _compare(_store(Graph().parse(data=DATA, format="turtle")), shapes)
    assert sum(ref.values()) == 3  # a, b and c have ex:code; each has a size


def test_unsupported_component_falls_back_to_pyshacl():
    shapes = Graph().parse(data=PREFIXES + """
ex:XoneShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:xone ( [ sh:property [ sh:path ex:size ; sh:minCount 1 ] ] [ sh:property [ sh:path ex:code ; sh:minCount 1 ] ] ) .
ex:ColourShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:colour ; sh:in ( "red" ) ] .
""", format="turtle")
    ref, outcome = _compare(_store(Graph().parse(data=DATA, format="turtle")), shapes, expect_fallback=True)
    assert set(outcome.fallback) == {URIRef("http://example.org/XoneShape")}
    assert "sh:xone" in outcome.fallback[URIRef("http://example.org/XoneShape")]
    assert outcome.compiled == [URIRef("http://example.org/ColourShape")]
    assert {k[5].rsplit("#", 1)[1] for k in ref} == {"XoneConstraintComponent", "InConstraintComponent"}


def test_blank_node_focus_message():
    """pySHACL's own wording for a shape without sh:message, a blank node focus included."""
    data = Graph().parse(data=PREFIXES + "ex:a ex:has [ a ex:Thing ; ex:size 3 ] .", format="turtle")
    ref, _ = _compare(_store(data), _unit("sh:property [ sh:path ex:name ; sh:minCount 1 ]"))
    (key,) = ref
    assert isinstance(key[1], BNode) and key[6].startswith("Less than 1 values on")
