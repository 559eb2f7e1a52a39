"""Endpoint profiles (URLs per store) and parameters bound as a VALUES block (ssvkg.queries.binding)."""

from __future__ import annotations

import pytest
from rdflib import XSD, Literal, URIRef

from ssvkg.errors import InputError, QueryError
from ssvkg.remote.profiles import PROFILES, guess_profile, resolve
from ssvkg.queries.binding import bind_text as with_values


@pytest.mark.parametrize("name,url,query,update,store", [
    ("oxigraph", "http://127.0.0.1:7878", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
     "http://127.0.0.1:7878/store"),
    ("oxigraph", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
     "http://127.0.0.1:7878/store"),
    ("fuseki", "http://h:3030/ssvkg", "http://h:3030/ssvkg/sparql", "http://h:3030/ssvkg/update", "http://h:3030/ssvkg/data"),
    ("fuseki", "http://h:3030/ssvkg/sparql", "http://h:3030/ssvkg/sparql", "http://h:3030/ssvkg/update",
     "http://h:3030/ssvkg/data"),
    ("graphdb", "http://h:7200/repositories/ssvkg", "http://h:7200/repositories/ssvkg",
     "http://h:7200/repositories/ssvkg/statements", "http://h:7200/repositories/ssvkg/rdf-graphs/service"),
    ("virtuoso", "http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-auth",
     "http://h:8890/sparql-graph-crud-auth"),
    ("neptune", "https://c:8182", "https://c:8182/sparql", "https://c:8182/sparql", "https://c:8182/sparql/gsp/"),
    ("stardog", "http://h:5820/db", "http://h:5820/db/query", "http://h:5820/db/update", "http://h:5820/db"),
])
def test_profile_urls(name, url, query, update, store):
    urls = resolve(url, PROFILES[name])
    assert (urls.query, urls.update, urls.store) == (query, update, store)


def test_guess_from_url_shape_and_server_header():
    assert guess_profile("http://h:7200/repositories/x").name == "graphdb"
    assert guess_profile("http://h/x", "Virtuoso/07.20.3229 (Linux)").name == "virtuoso"
    assert guess_profile("http://h/x", "Oxigraph/0.5.13").name == "oxigraph"
    assert guess_profile("http://h/x").name == "generic"


def test_bad_endpoint_urls():
    with pytest.raises(InputError, match="http:// or https://"):
        resolve("ftp://h/x", PROFILES["generic"])


def test_values_block_escapes_user_text():
    q = 'PREFIX a: <http://x/> # a { brace in a comment\nSELECT ?s WHERE { ?s a:p "{" . FILTER(?s = ?_x_iri) }'
    evil = Literal('x" } ; DROP ALL ; { "\n\\')
    out = with_values(q, {"_x_iri": URIRef("http://e/1"), "_y": evil})
    assert out.index("VALUES") > out.index("WHERE {")
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(out)  # one valid query; the text stays inside the literal
    assert "DROP ALL" in out and out.count("VALUES") == 1


def test_values_in_construct_go_to_the_where_group():
    out = with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef("http://e/1")})
    assert out.startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://e/1>) }")
    typed = with_values("ASK { ?s ?p ?y }", {"y": Literal("2023", datatype=XSD.gYear)})
    assert '"2023"^^<http://www.w3.org/2001/XMLSchema#gYear>' in typed


def test_construct_where_short_form_is_refused_with_a_reason():
    with pytest.raises(QueryError, match="CONSTRUCT WHERE short form"):
        with_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": URIRef("http://e/1")})


def test_parameters_give_the_same_rows_on_oxigraph(cli, mini_root, oxigraph):
    assert cli("--root", mini_root, "load", "--endpoint", oxigraph.url).exit_code == 0
    for args in (["programs-by-pillar", "-p", "pillar=id:rural"], ["has-label", "-p", "label=Health"],
                 ["observations-in-year", "-p", "year=2022", "-p", "min=1"],
                 ["program-by-name", "-p", 'name=x" } ; DROP ALL ; { "']):
        remote = cli("--root", mini_root, "query", "run", *args, "--endpoint", oxigraph.url, "-F", "json")
        local = cli("--root", mini_root, "query", "run", *args, "-F", "json")
        assert remote.exit_code == 0, remote.output
        import json

        a, b = json.loads(remote.output), json.loads(local.output)
        key = lambda d: sorted(json.dumps(r, sort_keys=True) for r in d.get("results", {}).get("bindings", []))
        assert (a.get("boolean"), key(a)) == (b.get("boolean"), key(b)), args


def test_only_virtuoso_queries_one_union_graph():
    """Virtuoso names urn:ssvkg:union (BENCHMARKS.md); the other stores keep naming each graph."""
    from ssvkg.remote.endpoint import Endpoint
    from ssvkg.remote.http import Transport

    assert [p.name for p in PROFILES.values() if p.union_graph] == ["virtuoso"]
    graphs = ["https://w3id.org/ssvkg/graph/a", "https://w3id.org/ssvkg/graph/b"]
    for name in ("fuseki", "oxigraph", "stardog", "generic"):
        ep = Endpoint(resolve("http://h:3030/ds", PROFILES[name]), Transport(), default_graphs=graphs)
        assert ep.query_graphs() == graphs  # no request: nothing listens on h:3030
