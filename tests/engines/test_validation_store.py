"""pySHACL on the Oxigraph store finds exactly what it finds on rdflib's memory store."""

from __future__ import annotations

import random
import shutil
from collections import Counter

import pytest
from rdflib import SH, BNode, Graph, Literal, URIRef

from ssvkg.store import dataset
from ssvkg.project import Project
from ssvkg.validation.run import as_graph, read_graph, run_shacl


def _key(t):
    return "_:" if isinstance(t, BNode) else (None if t is None else str(t))


def _issues(root, store):
    project = Project.find(root)
    shapes = read_graph(project.shapes_files(), project.relative)
    data = as_graph(dataset.load(project))
    result = run_shacl(data, shapes, store)
    return result.conforms, Counter((i.severity, _key(i.focus), _key(i.path), _key(i.value), i.message,
                                     _key(i.shape), _key(i.constraint)) for i in result.issues)


def _same(root):
    ref, fast = _issues(root, "rdflib"), _issues(root, "oxigraph")
    assert fast == ref
    return ref


def _broken_copy(src, dst, seed=7):
    """src's data with 4% of each file's triples dropped and 2% of values spoiled."""
    for d in ("ontology", "graph", "shapes", "queries"):
        if (src / d).is_dir():
            shutil.copytree(src / d, dst / d)
    rng = random.Random(seed)
    for f in sorted((dst / "graph").rglob("*.ttl")):
        g = Graph().parse(f, format="turtle")
        triples = sorted(g)
        for t in rng.sample(triples, min(len(triples), max(1, len(triples) // 25))):
            g.remove(t)
        for s, p, o in rng.sample(sorted(g), min(len(g), max(1, len(g) // 50))):
            g.remove((s, p, o))
            g.add((s, p, Literal(f"{o}x") if isinstance(o, Literal) else URIRef(f"{o}-missing")))
        g.serialize(f, format="turtle")
    return dst


def test_mini_same_issues(mini_root):
    _same(mini_root)


def test_mini_broken_same_issues(mini_root, tmp_path):
    _same(_broken_copy(mini_root, tmp_path / "broken"))


@pytest.mark.golden
def test_real_graph_same_issues(real_root):
    """The repository's graph: the same issues on both stores, and none (pySHACL, the reference,
    on rdflib). `python tests/shapes/test_real_graph.py` lists them, should there be any."""
    conforms, issues = _same(real_root)
    assert conforms, "the graph does not conform to shapes/:\n" + "\n".join(map(str, sorted(issues, key=str)))


@pytest.mark.golden
def test_real_graph_broken_copy_same_issues(real_root, tmp_path):
    conforms, issues = _same(_broken_copy(real_root, tmp_path / "broken"))
    assert not conforms and sum(issues.values()) > 20


def test_no_pyshacl_class_is_patched_and_graph_is_read_only(mini_root):
    from pyshacl.graph_abstraction import DataGraph

    from ssvkg.validation.store import copy_to_oxigraph, oxigraph_graph

    _issues(mini_root, "oxigraph")
    assert "__bool__" not in DataGraph.__dict__
    g = oxigraph_graph(copy_to_oxigraph(Graph().parse(data="<urn:a> <urn:b> 'x' .", format="turtle")))
    assert len(g) == 1 and (URIRef("urn:a"), URIRef("urn:b"), Literal("x")) in g
    with pytest.raises(NotImplementedError):
        g.add((URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")))


def test_a_triple_in_two_files_counts_once(mini_copy):
    import pyoxigraph as ox

    from ssvkg.validation.store import oxigraph_graph

    store = ox.Store()
    for g in ("urn:g1", "urn:g2"):
        store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("x"), ox.NamedNode(g)))
    graph = oxigraph_graph(store)
    assert len(graph) == 1 and len(list(graph.triples((None, None, None)))) == 1


def test_pyshacl_on_rdflib_parses_each_query_text_once_and_writes_nothing():
    from ssvkg.validation.store import PreparedQueries, pyshacl_validate

    data = Graph().parse(data="""@prefix ex: <http://example.org/> .
        ex:a ex:n 1 . ex:b ex:n 2 . ex:c ex:n 3 .""", format="turtle")
    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:sparql [ sh:message "n above 1" ;
            sh:select "SELECT $this ?value WHERE { $this <http://example.org/n> ?value FILTER(?value > 1) }" ] .
        """, format="turtle")
    before = set(data)
    view = PreparedQueries(data)
    seen = []
    real = view.query

    def query(text, *args, **kwargs):
        seen.append(text)
        return real(text, *args, **kwargs)

    view.query = query
    import pyshacl

    conforms, report, _ = pyshacl.validate(view, shacl_graph=shapes, inplace=True)
    assert not conforms and len(list(report.objects(None, SH.result))) == 2  # ex:b and ex:c, each its value
    assert len(seen) == 3 and len(view._prepared) == 1  # three focus nodes, one text parsed once
    assert set(data) == before
    conforms, _, _ = pyshacl_validate(data, shapes, "rdflib")  # the path run_shacl takes
    assert not conforms and set(data) == before


def test_pyshacl_on_rdflib_with_a_rule_validates_a_copy():
    from ssvkg.validation.store import pyshacl_validate

    data = Graph().parse(data="@prefix ex: <http://example.org/> . ex:a a ex:T .", format="turtle")
    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:R a sh:NodeShape ; sh:targetClass ex:T ;
            sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object ex:o ] .
        """, format="turtle")
    before = set(data)
    conforms, _, _ = pyshacl_validate(data, shapes, "rdflib", advanced=True)
    assert conforms and set(data) == before  # the rule wrote into pySHACL's copy, not the data
