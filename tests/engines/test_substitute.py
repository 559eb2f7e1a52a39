"""Binding parameters for Oxigraph: rdflib's initBindings semantics, never SPARQL injection."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ssvkg.store.substitute import substitute
from ssvkg.errors import QueryError


def test_replaces_variable_everywhere_but_strings_comments_and_iris():
    q = 'SELECT ?a WHERE { ?a ?p ?_x . FILTER(?p != "?_x") } # ?_x\nORDER BY <http://e/?_x>'
    out = substitute(q, {"_x": ox.NamedNode("http://x/1")})
    assert out == 'SELECT ?a WHERE { ?a ?p <http://x/1> . FILTER(?p != "?_x") } # ?_x\nORDER BY <http://e/?_x>'


def test_bound_of_a_bound_variable_is_true():
    q = "SELECT ?p WHERE { ?p ?q ?r FILTER(!BOUND(?_x) || ?r = ?_x) }"
    assert "!true || ?r = 2" in substitute(q, {"_x": ox.Literal("2", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))}).replace('"2"^^<http://www.w3.org/2001/XMLSchema#integer>', "2")


def test_projected_variable_keeps_its_column():
    q = "SELECT ?_x (COUNT(?_x) AS ?n) WHERE { ?s ?p ?_x } GROUP BY ?_x"
    out = substitute(q, {"_x": ox.Literal("a")})
    assert out.startswith('SELECT ("a" AS ?_x) (COUNT("a") AS ?n) WHERE { ?s ?p "a" }')


def test_values_cannot_break_out_of_their_literal():
    evil = 'x" } ; DROP ALL ; #'
    out = substitute('SELECT * WHERE { ?s ?p ?_n }', {"_n": ox.Literal(evil)})
    assert out == 'SELECT * WHERE { ?s ?p "x\\" } ; DROP ALL ; #" }'
    store = ox.Store()
    assert list(store.query(out)) == []


def test_other_variables_with_a_common_prefix_are_untouched():
    out = substitute("SELECT ?_x_long WHERE { ?_x_long ?p ?_x }", {"_x": ox.NamedNode("http://a")})
    assert out == "SELECT ?_x_long WHERE { ?_x_long ?p <http://a> }"


def test_blank_node_values_are_refused():
    with pytest.raises(QueryError, match="blank node"):
        substitute("ASK { ?s ?p ?_x }", {"_x": ox.BlankNode("b0")})
