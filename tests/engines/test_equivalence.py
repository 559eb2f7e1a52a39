"""Both engines give the same answers: named queries, prefixes, graph sizes, exports."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Dataset, Graph

import ssvkg
from ssvkg.api import list_queries
from ssvkg.store.registry import get_engine
from ssvkg.errors import InputError
from ssvkg.project import Project

from .canon import canon, canon_result


def _engines(root):
    project = Project.find(root)
    return (get_engine("rdflib").from_project(project), get_engine("oxigraph").from_project(project))


def _assert_same(reference, fast, runs):
    compared = 0
    for q, params in runs:
        a = ssvkg.run_query(q.name, params, engine=reference)
        b = ssvkg.run_query(q.name, params, engine=fast)
        assert canon_result(a, q.text) == canon_result(b, q.text), f"{q.name} {params} differs"
        compared += 1
    return compared


def test_named_queries_same_on_both_engines_mini(mini_root):
    reference, fast = _engines(mini_root)
    required = {q.name for q in list_queries(mini_root) if any(p.required for p in q.params.values())}
    runs = [(q, {}) for q in list_queries(mini_root) if q.name not in required]
    runs += [(q, p) for q in list_queries(mini_root) for p in (
        {"pillar": "https://w3id.org/ssvkg/id/health"} if q.name == "programs-by-pillar" else None,
        {"year": "2023", "min": "2000"} if q.name == "observations-in-year" else None,
        {"label": "Health"} if q.name == "has-label" else None,
        {"label": "Nope"} if q.name == "has-label" else None,
        {"name": 'x" } ; DROP ALL ; #'} if q.name == "program-by-name" else None,
        {"name": "Smart Farming"} if q.name == "program-by-name" else None) if p]
    assert _assert_same(reference, fast, runs) >= 8


# On the real graph: tests/queries/test_binding.py runs every named query on both engines with
# and without each parameter, every golden run among them (it asserts so).


@pytest.mark.parametrize("which", ["mini", "real"])
def test_prefixes_and_graph_sizes_match(which, mini_root, request):
    root = mini_root if which == "mini" else request.getfixturevalue("real_root")
    reference, fast = _engines(root)
    assert fast.namespaces() == reference.namespaces()
    assert fast.triples_per_graph() == reference.triples_per_graph()


@pytest.mark.parametrize("fmt,whole", [("nt", False), ("ttl", False), ("nq", True), ("trig", True),
                                       ("jsonld", True)])
def test_exports_hold_the_same_triples(mini_root, fmt, whole):
    reference, fast = _engines(mini_root)
    parse_as = {"nt": "nt", "ttl": "turtle", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt]

    def content(engine):
        g = (Dataset() if whole else Graph()).parse(data=engine.serialize(fmt), format=parse_as)
        quads = g.quads((None, None, None, None)) if whole else ((*t, None) for t in g)
        return Counter((canon(s), canon(p), canon(o), str(c.identifier if hasattr(c, "identifier") else c))
                       for s, p, o, c in quads)

    assert content(fast) == content(reference)


def test_nt_export_is_sorted_and_deterministic(mini_root):
    _, fast = _engines(mini_root)
    data = fast.serialize("nt").decode()
    lines = data.splitlines()
    assert lines == sorted(set(lines)) and data.endswith("\n")
    assert get_engine("oxigraph").from_project(Project.find(mini_root)).serialize("nt").decode() == data


def test_syntax_error_names_file_and_line(mini_copy):
    bad = mini_copy / "graph" / "programs.ttl"
    bad.write_text(bad.read_text() + "\nid:x id:y .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"^graph/programs\.ttl line \d+: "):
        get_engine("oxigraph").from_project(Project.find(mini_copy))


def test_update_and_service_refused_by_the_engine(mini_root):
    from ssvkg.errors import QueryError

    _, fast = _engines(mini_root)
    with pytest.raises(QueryError, match="Update is not allowed"):
        fast.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        fast.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_from_clause_reads_only_the_store(mini_root):
    _, fast = _engines(mini_root)
    assert fast.query("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }").rows == []
    g = "https://w3id.org/ssvkg/graph/programs"
    rows = fast.query(f"SELECT ?s WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows
    assert rows
