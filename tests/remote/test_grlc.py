"""grlc serving queries/ gives the same answers as ssvkg's embedded engine.

grlc 1.3.11 (its own virtualenv, see grlc_server.py) serves the repository's queries/ in its
local-folder mode against the Oxigraph server that test_named_queries_on_stores.py loads with the
repository's graph (real_on, once per session). That server keeps each file in its named graph and
is started without --union-default-graph; grlc sends the bare query text, so its endpoint is the
store's query URL with Oxigraph's `union-default-graph` parameter: the queries are written against
the union of the named graphs.

Every named query runs with every parameter set of tests/golden/params.py (optional parameters
given and left out), and grlc's rows must equal ssvkg's. grlc does not apply `#+ defaults:`, so a
parameter that has a default is sent explicitly with that default (the descriptions say so, see
tests/queries/test_grlc_conventions.py).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from io import BytesIO

import pytest
from rdflib import Graph
from rdflib.query import Result

from . import grlc_server
from .compare import group_concat_columns, same
from .servers import missing as _missing
from .test_named_queries_on_stores import REPO, _runs

ACCEPT = {"select": "application/sparql-results+json", "graph": "application/n-triples"}


@pytest.fixture(scope="session")
def grlc(real_on, tmp_path_factory):
    if not grlc_server.installed():
        _missing(grlc_server.HINT)
    loaded = real_on("oxigraph")
    server = grlc_server.start(tmp_path_factory.mktemp("grlc"), REPO / "queries",
                               f"{loaded.server.url}/query?union-default-graph")
    yield server, loaded
    server.stop()


def _grlc_result(base: str, name: str, args: dict, kind: str):
    """grlc's answer as a QueryResult (parsed by rdflib, not by ssvkg's own result reader)."""
    from ssvkg.results.model import QueryResult

    url = f"{base}/api-local/{name}?{urllib.parse.urlencode(args)}"
    request = urllib.request.Request(url, headers={"Accept": ACCEPT[kind]})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body, ctype = response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        pytest.fail(f"grlc answered {name} with HTTP {e.code}: {e.read()[:500]!r}")
    # grlc passes the store's answer on with status 200 whatever it is (a syntax error is text/plain)
    assert ctype.startswith(ACCEPT[kind]), f"grlc answered {name} with {ctype}: {body[:500]!r}"
    if kind == "graph":
        return QueryResult("graph", graph=Graph().parse(data=body, format="nt"))
    parsed = Result.parse(BytesIO(body), format="json")
    rows = [{str(v): t for v, t in row.items() if t is not None} for row in parsed.bindings]
    return QueryResult("select", vars=[str(v) for v in parsed.vars], rows=rows)


def _kind(query) -> str:
    return "select" if query.kind == "SELECT" else "graph"


@pytest.mark.golden
@pytest.mark.parametrize("name,params", _runs(REPO), ids=str)
def test_grlc_gives_the_same_rows(grlc, name, params):
    from ssvkg import api

    server, loaded = grlc
    query = api.get_query(name, REPO)
    assert query.kind in ("SELECT", "CONSTRUCT"), f"grlc substitutes parameters in SELECT and CONSTRUCT only, not {query.kind}"
    missing = [p.name for p in query.params.values() if p.required and p.default is None and p.name not in params]
    if missing:
        pytest.fail(f"{name} needs {', '.join(missing)}: give it a row in tests/golden/params.py")
    # what ssvkg fills in from #+ defaults, grlc must be given
    args = {p.name: p.default for p in query.params.values() if p.default is not None} | params
    expected = api.run_query(name, params, root=REPO, engine=loaded.local)
    got = _grlc_result(server.url, name, args, _kind(query))
    ok, why = same(got, expected, group_concat_columns(query.text))
    assert ok, f"{name} {params} through grlc differs from ssvkg: {why}"


def test_grlc_infers_the_same_parameters(grlc):
    """grlc's API description (its swagger spec) has ssvkg's parameters: names, required, enums."""
    import json

    from ssvkg import api

    server, _ = grlc
    with urllib.request.urlopen(f"{server.url}/api-local/swagger", timeout=120) as response:
        spec = json.load(response)
    seen = {}
    for path, methods in spec["paths"].items():
        op = methods["get"]
        seen[path.strip("/")] = {p["name"]: (p.get("required", False), tuple(sorted(p.get("enum", []))))
                                 for p in op.get("parameters", []) if p.get("in") == "query"
                                 and p["name"] != "endpoint"}
    for query in api.list_queries(REPO):
        want = {p.name: (p.required, tuple(sorted(p.enum))) for p in query.params.values()}
        assert seen.get(query.name) == want, f"{query.name}: grlc {seen.get(query.name)} vs ssvkg {want}"


def test_grlc_refuses_a_missing_required_parameter(grlc):
    """What the descriptions warn about: grlc does not fill in #+ defaults (HTTP 500)."""
    server, _ = grlc
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{server.url}/api-local/figures-by-year", timeout=120)
    assert e.value.code == 500
