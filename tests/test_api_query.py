import pytest
from rdflib import Literal, URIRef

import ssvkg
from ssvkg.store.registry import ENGINES, get_engine
from ssvkg.store.base import Engine
from ssvkg.errors import InputError, QueryError
from ssvkg.project import Project

from conftest import rows_of

ID = "https://w3id.org/ssvkg/id/"


def test_select_returns_vars_and_rows(mini_root):
    r = ssvkg.run_query("programs-by-pillar", root=mini_root)
    assert r.kind == "select"
    assert r.vars == ["program", "name", "pillar"]
    assert rows_of(r, "name") == ["Rural Teachers", "Smart Farming", "Village Clinics"]
    assert r.rows[0]["program"] == URIRef(ID + "p1")


def test_optional_iri_param_filters(mini_root):
    r = ssvkg.run_query("programs-by-pillar", {"pillar": ID + "health"}, root=mini_root)
    assert rows_of(r, "name") == ["Village Clinics"]


def test_iri_param_accepts_declared_prefix(mini_root):
    r = ssvkg.run_query("programs-by-pillar", {"pillar": "id:rural"}, root=mini_root)
    assert rows_of(r, "name") == ["Rural Teachers", "Smart Farming"]


def test_default_applies_and_can_be_overridden(mini_root):
    r = ssvkg.run_query("observations-in-year", root=mini_root)
    assert rows_of(r, "obs") == [ID + "o1"]
    r = ssvkg.run_query("observations-in-year", {"year": "2023"}, root=mini_root)
    assert rows_of(r, "obs") == [ID + "o2"]  # o3's period is an IRI, not a gYear


def test_optional_integer_param(mini_root):
    r = ssvkg.run_query("observations-in-year", {"year": "2023", "min": "2000"}, root=mini_root)
    assert r.rows == []


def test_language_param(mini_root):
    assert ssvkg.run_query("has-label", {"label": "Health"}, root=mini_root).boolean is True
    # the zh label exists, but the parameter is bound with @en
    assert ssvkg.run_query("has-label", {"label": "乡村振兴"}, root=mini_root).boolean is False


def test_construct_returns_a_graph(mini_root):
    r = ssvkg.run_query("program-names", root=mini_root)
    assert r.kind == "graph"
    assert (URIRef(ID + "p2"), URIRef("https://w3id.org/ssvkg/ontology#name"),
            Literal("Village Clinics")) in r.graph


def test_aggregate_with_enumerated_default(mini_root):
    r = ssvkg.run_query("pillar-programs", root=mini_root)
    assert [(str(x["program"]), int(x["observations"])) for x in r.rows] == [
        (ID + "p1", 2), (ID + "p3", 2)]


def test_string_injection_is_just_a_value(mini_root):
    evil = 'x" } ; DROP ALL ; #'
    assert ssvkg.run_query("program-by-name", {"name": evil}, root=mini_root).rows == []
    # the same parameter still matches what it should: the value was bound, not pasted
    assert [str(r["program"]) for r in ssvkg.run_query("program-by-name", {"name": "Village Clinics"},
                                                       root=mini_root).rows] == [ID + "p2"]


def test_injection_through_an_engine_changes_nothing(mini_root):
    engine = get_engine("rdflib").from_project(Project.find(mini_root))
    before = engine.triples_per_graph()
    r = ssvkg.run_query("program-by-name", {"name": 'x" } ; DROP ALL ; #'}, engine=engine)
    assert r.rows == []
    assert engine.triples_per_graph() == before
    assert rows_of(ssvkg.run_query("program-by-name", {"name": "Smart Farming"}, engine=engine),
                   "program") == [ID + "p3"]


def test_iri_injection_is_refused(mini_root):
    with pytest.raises(QueryError, match="must be an IRI"):
        ssvkg.run_query("programs-by-pillar", {"pillar": "http://x/> } ; DROP ALL ; #"},
                        root=mini_root)


def test_unknown_query(mini_root):
    with pytest.raises(QueryError, match=r"no query named 'nope'; known queries: has-label, "):
        ssvkg.run_query("nope", root=mini_root)


def test_path_like_query_name_is_unknown(mini_root):
    with pytest.raises(QueryError, match="no query named"):
        ssvkg.run_query("../queries/has-label", root=mini_root)


def test_unknown_param_names_the_known_ones(mini_root):
    with pytest.raises(QueryError, match=r"has no parameter nme; its parameters: name\."):
        ssvkg.run_query("program-by-name", {"nme": "x"}, root=mini_root)


def test_missing_required_param(mini_root):
    with pytest.raises(QueryError, match="needs parameter name"):
        ssvkg.run_query("program-by-name", root=mini_root)


def test_bad_param_value(mini_root):
    with pytest.raises(QueryError, match=r"^parameter min must be an integer, got 'abc'\.$"):
        ssvkg.run_query("observations-in-year", {"min": "abc"}, root=mini_root)


def test_enumerated_param_rejects_other_values(mini_root):
    with pytest.raises(QueryError, match="must be one of rural, health"):
        ssvkg.run_query("pillar-programs", {"pillar": "space"}, root=mini_root)


def test_adhoc_sparql(mini_root):
    r = ssvkg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?o a <http://purl.org/linked-data/cube#Observation> }",
                     root=mini_root)
    assert int(r.rows[0]["n"]) == 3


def test_from_clause_never_fetches(mini_root):
    # FROM names a graph of the dataset; an unknown one must not be downloaded or read
    q = "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"
    assert ssvkg.sparql(q, root=mini_root).rows == []
    q = "SELECT ?s FROM <https://w3id.org/ssvkg/graph/curated/sdg-alignment> WHERE { ?s ?p ?o }"
    assert rows_of(ssvkg.sparql(q, root=mini_root), "s") == [ID + "p1"]


UPDATES = [
    "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE DATA { <http://x/a> <http://x/b> <http://x/c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "INSERT { ?s a <http://x/T> } WHERE { ?s ?p ?o }",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP ALL",
    "DROP GRAPH <http://x/g>",
    "CREATE GRAPH <http://x/g>",
    "ADD DEFAULT TO <http://x/g>",
    "MOVE <http://x/a> TO <http://x/b>",
    "COPY DEFAULT TO <http://x/g>",
    "PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c } ; DROP ALL",
]


@pytest.fixture
def no_worker(monkeypatch):
    """A worker process started here fails the test: a text refused on its face needs none."""
    from ssvkg.executor import pool

    def refuse(*args, **kwargs):
        raise AssertionError("a worker process was started for a text refused on its face")

    monkeypatch.setattr(pool, "WorkerProcess", refuse)


@pytest.mark.parametrize("update", UPDATES)
def test_every_update_form_is_refused(mini_root, update, no_worker):
    with pytest.raises(QueryError, match=r"^SPARQL Update is not allowed: this command is read-only\.$"):
        ssvkg.sparql(update, root=mini_root)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?q ?r } } }",
    "ASK { { SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }",
])
def test_service_is_refused(mini_root, query, no_worker):
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        ssvkg.sparql(query, root=mini_root)


def test_syntax_error_has_line_and_column(mini_root):
    with pytest.raises(QueryError, match=r"^syntax error at line 2, column \d+ near "):
        ssvkg.sparql("SELECT ?s\nWHERE { ?s ?p }", root=mini_root)


def test_engine_registry():
    assert ENGINES["rdflib"].endswith(":RdflibEngine")
    cls = get_engine("rdflib")
    assert issubclass(cls, Engine) and cls.name == "rdflib"
    with pytest.raises(InputError, match="unknown engine 'nope'; available: "):
        get_engine("nope")


def test_engine_counts_triples_per_graph(mini_root):
    engine = get_engine("rdflib").from_project(Project.find(mini_root))
    counts = engine.triples_per_graph()
    assert counts["https://w3id.org/ssvkg/graph/curated/sdg-alignment"] == 1
    assert sum(counts.values()) == len(ssvkg.load(mini_root))
