"""pySHACL on the Oxigraph-backed graph (ssvkg.validation.store) counts the store once.

pySHACL writes `data_graph or shapes_graph` three times per result; on a Graph that is
len(), which on the Oxigraph store is a query over every triple. UnionOxigraphStore
remembers its length instead of any class of pySHACL's being patched. These tests fail
if pySHACL starts counting the data graph more often, or if anything patches its classes.
"""

from __future__ import annotations

import inspect

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from ssvkg.validation.store import copy_to_oxigraph, oxigraph_graph, pyshacl_validate

PREFIXES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix e: <urn:e:> .
"""
SHAPES = PREFIXES + """\
e:ThingShape a sh:NodeShape ;
    sh:targetClass e:Thing ;
    sh:property [ sh:path e:name ; sh:minCount 1 ] ;
    sh:sparql [ sh:message "no label" ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:e:label> ?l } }" ] .
e:Fixed a sh:NodeShape ; sh:targetNode e:fixed ; sh:property [ sh:path e:name ; sh:minCount 1 ] .
"""
N = 40


def _data() -> Graph:
    g = Graph()
    for i in range(N):  # every thing lacks e:name and e:label: 2 results each
        g.add((URIRef(f"urn:e:t{i}"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
               URIRef("urn:e:Thing")))
        g.add((URIRef(f"urn:e:t{i}"), URIRef("urn:e:other"), Literal(i)))
    return g


def _pyshacl_classes() -> dict:
    """Every class attribute of pySHACL's modules, to see that none is changed."""
    import sys

    state = {}
    for name, module in list(sys.modules.items()):
        if name == "pyshacl" or name.startswith("pyshacl."):
            for cname, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__.startswith("pyshacl"):
                    state[f"{cls.__module__}.{cls.__qualname__}"] = dict(vars(cls))
    return state


def _changed(before: dict) -> list[str]:
    """The classes in before whose attributes are no longer the same (modules loaded since add classes)."""
    now = _pyshacl_classes()
    return [name for name, attrs in before.items() if now.get(name) != attrs]


class _Counted:
    """Notes each len() asked of graph's UnionOxigraphStore, and each count its Store runs."""

    def __init__(self, graph: Graph, before: dict) -> None:
        self.asked = self.counted = 0
        self.changed: list[bool] = []
        seen, base, inner = self, type(graph.store), graph.store._inner

        class CountingStore:
            def query(self, query, **kwargs):
                seen.counted += "COUNT(" in query.upper()
                return inner.query(query, **kwargs)

            def __getattr__(self, name):
                return getattr(inner, name)

        class Counting(base):
            _inner = property(lambda self, store=CountingStore(): store)

            def __len__(self, context=None):
                seen.asked += 1
                seen.changed.append(seen.asked <= 3 and bool(_changed(before)))
                return super().__len__(context)

        Counting.__name__ = base.__name__  # as ssvkg.validation.store.is_oxigraph_graph knows it
        graph.store.__class__ = Counting


def _results(report: Graph) -> set:
    """(focus node, path, constraint component) of each result."""
    return {(report.value(r, SH.focusNode), report.value(r, SH.resultPath),
             report.value(r, SH.sourceConstraintComponent)) for r in report.objects(None, SH.result)}


def _validate(data, store):
    return pyshacl_validate(data, Graph().parse(data=SHAPES, format="turtle"), store, inference="none",
                            advanced=True, allow_warnings=False, do_owl_imports=False)


def test_many_results_one_count_and_no_class_changed():
    pyshacl.validate(Graph(), shacl_graph=Graph())  # pySHACL's modules imported
    before = _pyshacl_classes()
    data = oxigraph_graph(copy_to_oxigraph(_data()))
    counted = _Counted(data, before)
    conforms, report, _ = _validate(data, "oxigraph")
    assert not conforms and len(list(report.objects(None, SH.result))) == 2 * N + 1
    assert counted.counted == 1, f"the Oxigraph store was counted {counted.counted} times"
    assert counted.asked and not any(counted.changed), "a pySHACL class was changed during the validation"
    assert not _changed(before)
    # The same results as on rdflib's memory store.
    ref_conforms, ref_report, _ = _validate(_data(), "rdflib")
    assert not ref_conforms
    assert _results(report) == _results(ref_report)


def test_an_empty_graph_is_falsy_and_validates_as_on_rdflib():
    data = oxigraph_graph(ox.Store())
    assert len(data) == 0 and not data
    conforms, report, _ = _validate(data, "oxigraph")
    ref_conforms, ref_report, _ = _validate(Graph(), "rdflib")
    assert (conforms, _results(report)) == (ref_conforms, _results(ref_report))
    assert not conforms and {f for f, _, _ in _results(report)} == {URIRef("urn:e:fixed")}


def test_length_is_counted_once_per_view():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:e:a"), ox.NamedNode("urn:e:b"), ox.Literal("x"), ox.NamedNode("urn:g")))
    graph = oxigraph_graph(store)
    counted = _Counted(graph, {})
    assert len(graph) == 1 and len(graph) == 1 and graph
    assert (counted.asked, counted.counted) == (3, 1)  # bool() asks len() too
    with pytest.raises(NotImplementedError):
        graph.add((URIRef("urn:e:a"), URIRef("urn:e:b"), URIRef("urn:e:c")))
