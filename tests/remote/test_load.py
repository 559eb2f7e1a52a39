"""`ssvkg load` into real stores: verified, idempotent, resumable, never emptying a graph."""

from __future__ import annotations

import urllib.parse

import pytest

from . import faults
from ssvkg.project import Project
from ssvkg.remote import Endpoint, EndpointError
from ssvkg.remote.auth import Credentials

MINI_GRAPHS = 4


def counts(url: str, profile: str, project_root) -> dict[str, int]:
    from ssvkg.remote.loader import select_graphs

    iris = [i for i, _ in select_graphs(Project(project_root))]
    return Endpoint.connect(url, profile=profile, credentials=Credentials()).count_graphs(iris)


def test_load_verifies_and_reload_is_idempotent(cli, mini_root, oxigraph):
    first = cli("--root", mini_root, "load", "--endpoint", oxigraph.url)
    assert first.exit_code == 0, first.output
    assert f"{MINI_GRAPHS} of {MINI_GRAPHS} graphs on the store and verified, 76 triples." in first.output
    before = counts(oxigraph.url, "oxigraph", mini_root)
    again = cli("--root", mini_root, "load", "--endpoint", oxigraph.url + "/query", "--profile", "oxigraph")
    assert again.exit_code == 0, again.output
    assert counts(oxigraph.url, "oxigraph", mini_root) == before
    assert sum(before.values()) == 76
    # No staging graph is left behind.
    rows = Endpoint.connect(oxigraph.url, profile="oxigraph").select(
        'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "urn:ssvkg:staging:")) }')
    assert int(rows[0]["n"]) == 0


def test_dry_run_and_one_graph(cli, mini_root, oxigraph):
    proxy = faults.start(upstream=oxigraph.url)
    try:
        dry = cli("--root", mini_root, "load", "--endpoint", proxy.url, "--profile", "oxigraph", "--dry-run")
        assert dry.exit_code == 0, dry.output
        assert "Dry run, nothing changed" in dry.output
        assert all(m in ("GET", "POST") and "/query" in p for m, p, _ in proxy.requests)
        proxy.reset()
        one = cli("--root", mini_root, "load", "--endpoint", proxy.url, "--profile", "oxigraph",
                  "--graph", "graph/programs.ttl")
        assert one.exit_code == 0, one.output
        puts = [urllib.parse.unquote(p) for m, p, _ in proxy.requests if m == "PUT"]
        assert len(puts) == 1 and puts[0].endswith("ssvkg/graph/programs")
    finally:
        proxy.shutdown()


def test_append_adds(cli, mini_root, oxigraph):
    assert cli("--root", mini_root, "load", "--endpoint", oxigraph.url).exit_code == 0
    result = cli("--root", mini_root, "load", "--endpoint", oxigraph.url, "--append")
    assert result.exit_code == 0, result.output
    assert "append" in result.output


def test_failed_load_reports_and_a_second_run_completes(cli, mini_root, tmp_path, oxigraph):
    # A store of its own, so that "not on the server" is really so.
    from . import servers

    store = servers.start_oxigraph(tmp_path / "ox")
    proxy = faults.start(upstream=store.url)
    try:
        # Per graph: PUT (staging), count, MOVE. The third graph's PUT fails.
        proxy.queue(*[faults.PROXY] * 6, faults.status(500, b"disk full"))
        failed = cli("--root", mini_root, "load", "--endpoint", proxy.url, "--profile", "oxigraph")
        assert failed.exit_code == 4
        assert "the load into" in failed.output and "2 of 4 graphs were replaced, 2 were not touched" in failed.output
        assert "HTTP 500" in failed.output and "run the same command again" in failed.output
        lines = {l.split()[0]: l for l in failed.output.splitlines() if l.startswith(("graph/", "ontology/"))}
        assert lines["ontology/core.ttl"].endswith("loaded")
        assert "not touched: the upload of" in lines["graph/observations.ttl"]
        assert "not touched: not attempted after the failure" in lines["graph/programs.ttl"]
        on_store = counts(store.url, "oxigraph", mini_root)
        assert sorted(on_store.values()) == [0, 0, 1, 24]
        second = cli("--root", mini_root, "load", "--endpoint", proxy.url, "--profile", "oxigraph")
        assert second.exit_code == 0, second.output
        assert sum(counts(store.url, "oxigraph", mini_root).values()) == 76
    finally:
        proxy.shutdown()
        store.stop()


def test_short_upload_answered_2xx_is_caught_before_the_move(cli, mini_root, oxigraph):
    assert cli("--root", mini_root, "load", "--endpoint", oxigraph.url).exit_code == 0
    before = counts(oxigraph.url, "oxigraph", mini_root)
    proxy = faults.start(upstream=oxigraph.url)
    try:
        proxy.queue((faults.PROXY, lambda body: body.split(b"\n", 1)[1]))  # the store gets one triple less
        result = cli("--root", mini_root, "load", "--endpoint", proxy.url, "--profile", "oxigraph")
    finally:
        proxy.shutdown()
    assert result.exit_code == 4
    assert "the store holds 23 of the 24 triples of ontology/core.ttl after the upload" in result.output
    assert counts(oxigraph.url, "oxigraph", mini_root) == before


def test_profile_detected_from_the_server(oxigraph, virtuoso):
    assert Endpoint.connect(oxigraph.url).profile.name == "oxigraph"
    assert Endpoint.connect(virtuoso.url, credentials=Credentials()).profile.name == "virtuoso"


# -- Virtuoso -----------------------------------------------------------------------------

def test_virtuoso_load_and_query(cli, mini_root, virtuoso_login):
    url = virtuoso_login.url
    result = cli("--root", mini_root, "load", "--endpoint", url)
    assert result.exit_code == 0, result.output
    assert "profile virtuoso" in result.output
    out = cli("--root", mini_root, "query", "run", "program-names", "--endpoint", url, "-F", "csv")
    local = cli("--root", mini_root, "query", "run", "program-names", "-F", "csv")
    assert sorted(out.output.splitlines()) == sorted(local.output.splitlines())


def test_virtuoso_wrong_password(cli, mini_root, virtuoso, monkeypatch):
    monkeypatch.setenv("SSVKG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("SSVKG_ENDPOINT_PASSWORD", "not-the-Password-42")
    result = cli("--root", mini_root, "load", "--endpoint", virtuoso.url)
    assert result.exit_code == 4
    assert "HTTP 401" in result.output and "nothing was loaded" in result.output
    assert "not-the-Password-42" not in result.output


def test_virtuoso_empties_a_graph_on_a_bad_put_but_our_load_does_not(mini_root, virtuoso_login):
    url = virtuoso_login.url
    creds = Credentials(user=virtuoso_login.user, password=virtuoso_login.password)
    ep = Endpoint.connect(url, profile="virtuoso", credentials=creds)
    trap = "https://example.org/ssvkg-test/trap"
    good = b"".join(b"<http://a/%d> <http://b> <http://c> .\n" % i for i in range(3))
    ep.put_graph(trap, good)
    assert ep.count_graphs([trap])[trap] == 3
    # The trap: a PUT whose Turtle breaks off inside a string fails (500, or even 2xx), and the graph
    # it was to replace is left empty or half-replaced.
    broken = b'@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:z ex:b "unterminated .\n'
    try:
        ep.transport.request("PUT", ep.graph_url(trap), broken, {"Content-Type": "text/turtle"})
    except EndpointError:
        pass
    assert ep.count_graphs([trap])[trap] != 3

    from ssvkg.remote import LoadError, load

    project = Project(mini_root)
    load(ep, project)
    before = counts(url, "virtuoso", mini_root)
    proxy = faults.start(upstream=url)
    try:
        corrupt = (faults.PROXY, lambda body: broken,
                   {"Content-Type": "text/turtle"})
        proxy.queue(corrupt, corrupt)  # the Digest handshake sends the PUT twice
        via = Endpoint.connect(proxy.url, profile="virtuoso",
                               credentials=Credentials(user=virtuoso_login.user, password=virtuoso_login.password))
        with pytest.raises(LoadError) as e:
            load(via, project)
        assert e.value.report.graphs[0].status == "not touched"
    finally:
        proxy.shutdown()
    assert counts(url, "virtuoso", mini_root) == before


def test_virtuoso_result_cap_is_reported(cli, mini_root, virtuoso_login):
    assert cli("--root", mini_root, "load", "--endpoint", virtuoso_login.url).exit_code == 0
    big = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 76^3 rows > ResultSetMaxRows 10000
    result = cli("--root", mini_root, "sparql", big, "--endpoint", virtuoso_login.url, "-F", "csv")
    assert result.exit_code == 4
    assert "cut the result at 10000 rows" in result.output


def test_virtuoso_queries_use_the_union_graph_that_load_writes(cli, mini_root, virtuoso_login):
    """Virtuoso's queries name one union graph (urn:ssvkg:union), not each graph: load writes and
    verifies it, stats still count the file graphs only, and a store without it is a clear error."""
    from ssvkg.remote.engine import EndpointEngine
    from ssvkg.remote.profiles import UNION_GRAPH

    url = virtuoso_login.url
    result = cli("--root", mini_root, "load", "--endpoint", url)
    assert result.exit_code == 0, result.output
    assert f"union of the graphs <{UNION_GRAPH}>" in result.output and "verified" in result.output
    creds = Credentials(user=virtuoso_login.user, password=virtuoso_login.password)
    project = Project(mini_root)
    engine = EndpointEngine.connect(project, url, "virtuoso", credentials=creds)
    graphs = list(counts(url, "virtuoso", mini_root))
    union = engine.endpoint.count_graphs([UNION_GRAPH])[UNION_GRAPH]
    assert union == engine.endpoint.count_distinct(graphs) > 0
    # stats: the file graphs with their own counts, never the union graph
    assert engine.triples_per_graph() == counts(url, "virtuoso", mini_root)
    assert engine.endpoint.query_graphs() == [UNION_GRAPH]

    engine.endpoint.update(f"DROP SILENT GRAPH <{UNION_GRAPH}>")
    out = cli("--root", mini_root, "query", "run", "program-names", "--endpoint", url)
    assert out.exit_code == 4
    assert f"has no graph <{UNION_GRAPH}>" in out.output and "run `ssvkg load`" in out.output
    assert "Traceback" not in out.output
    assert cli("--root", mini_root, "load", "--endpoint", url, "--graph", "ontology/core.ttl").exit_code == 0
    # a load of one graph rebuilds the whole union
    assert engine.endpoint.count_graphs([UNION_GRAPH])[UNION_GRAPH] == union
    assert cli("--root", mini_root, "query", "run", "program-names", "--endpoint", url).exit_code == 0


def test_oxigraph_has_no_union_graph(mini_root, oxigraph):
    from ssvkg.remote import load

    report = load(Endpoint.connect(oxigraph.url, profile="oxigraph", credentials=Credentials()), Project(mini_root))
    assert report.complete and report.union is None


def test_virtuoso_union_graph_refused_is_an_incomplete_load(cli, mini_root, virtuoso_login):
    """The file graphs load, the store refuses the union's rebuild: exit 4, and the report says so."""
    proxy = faults.start(upstream=virtuoso_login.url)

    def break_the_union(body: bytes) -> bytes:  # the rebuild's update, form-encoded
        return body.replace(b"MOVE+SILENT", b"MOVE+NONSENSE") if b"urn%3Assvkg%3Aunion" in body else body

    proxy.default = (faults.PROXY, break_the_union)
    try:
        result = cli("--root", mini_root, "load", "--endpoint", proxy.url, "--profile", "virtuoso")
    finally:
        proxy.shutdown()
    assert result.exit_code == 4, result.output
    assert f"{MINI_GRAPHS} of {MINI_GRAPHS} graphs" in result.output
    assert "union graph" in result.output and "rebuilt" in result.output
    assert "Traceback" not in result.output
