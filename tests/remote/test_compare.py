"""The cross-engine comparator (compare.py) is strict: near misses fail, only GROUP_CONCAT order passes."""

from __future__ import annotations

import pytest
from rdflib import XSD, BNode, Literal, URIRef

from ssvkg.results import QueryResult

from .compare import group_concat_columns, same

GC_QUERY = """PREFIX ex: <http://example.org/>
SELECT ?s (GROUP_CONCAT(DISTINCT STR(?src); separator="; ") AS ?sources) ?inner ?copy ?label WHERE {
  ?s ex:label ?label .
  OPTIONAL { SELECT ?s (GROUP_CONCAT(?w) AS ?inner) WHERE { ?s ex:w ?w } GROUP BY ?s }
  BIND(?inner AS ?copy)
  ?s ex:src ?src
} GROUP BY ?s ?inner ?copy ?label"""


def select(**cells):
    return QueryResult("select", vars=list(cells), rows=[dict(cells)], namespaces={})


def test_group_concat_columns_are_read_from_the_query():
    # ?sources directly, ?inner from a subquery (default separator: a space), ?copy through BIND;
    # ?label is an ordinary column.
    assert group_concat_columns(GC_QUERY) == {"sources": "; ", "inner": " ", "copy": " "}


@pytest.mark.parametrize("a,b,why", [
    (Literal("3300000000", datatype=XSD.integer), Literal("3300000000", datatype=XSD.decimal), "integer vs decimal"),
    (Literal("true", datatype=XSD.boolean), Literal("1", datatype=XSD.integer), "boolean vs 0/1"),
    # (rdflib itself rewrites "1"^^xsd:boolean as "true" unless told not to)
    (Literal("true", datatype=XSD.boolean), Literal("1", datatype=XSD.boolean, normalize=False), "boolean lexical forms"),
    (Literal("3000.50", datatype=XSD.decimal), Literal("3000.5", datatype=XSD.decimal), "decimal lexical forms"),
    (Literal("2022", datatype=XSD.gYear), Literal("2022"), "gYear vs string"),
    (Literal("Health", lang="en"), Literal("Health"), "tag vs no tag"),
    (Literal("Health", lang="en"), Literal("Health", lang="en-gb"), "other tag"),
    (Literal("Health"), Literal("health"), "letter case"),
    (Literal("rural teachers"), Literal("teachers rural"), "word order outside GROUP_CONCAT"),
    (Literal("a b"), Literal("a  b"), "spacing"),
    (URIRef("http://example.org/a"), Literal("http://example.org/a"), "IRI vs string"),
])
def test_near_misses_differ(a, b, why):
    ok, detail = same(select(x=a), select(x=b), {"sources": "; "})
    assert not ok, why
    assert "only first" in detail


def test_language_tags_compare_case_insensitively():
    assert same(select(x=Literal("騰訊", lang="zh-Hant")), select(x=Literal("騰訊", lang="zh-hant")))[0]


def test_blank_nodes_match_any_label():
    assert same(select(x=BNode("a")), select(x=BNode("b")))[0]


def test_group_concat_order_is_loosened_only_in_its_columns():
    gc = group_concat_columns(GC_QUERY)
    a = select(sources=Literal("source-001; source-002"), label=Literal("x; y"))
    b = select(sources=Literal("source-002; source-001"), label=Literal("x; y"))
    assert same(a, b, gc)[0]
    # the same swap in an ordinary column is a difference
    c = select(sources=Literal("source-001; source-002"), label=Literal("y; x"))
    assert not same(a, c, gc)[0]
    # other pieces, a lost piece, another datatype or tag: still differences
    for other in (Literal("source-001; source-003"), Literal("source-001"),
                  Literal("source-001; source-002", lang="en"),
                  Literal("source-001; source-002", datatype=XSD.anyURI)):
        assert not same(a, select(sources=other, label=Literal("x; y")), gc)[0], other


def test_rows_are_a_multiset_and_columns_count():
    one = QueryResult("select", vars=["x"], rows=[{"x": Literal("a")}], namespaces={})
    two = QueryResult("select", vars=["x"], rows=[{"x": Literal("a")}] * 2, namespaces={})
    assert not same(one, two)[0]
    assert not same(one, QueryResult("select", vars=["y"], rows=[{"y": Literal("a")}], namespaces={}))[0]
    unbound = QueryResult("select", vars=["x"], rows=[{}], namespaces={})
    assert not same(one, unbound)[0]
