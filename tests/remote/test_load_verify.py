"""`ssvkg load --verify VOID_FILE`: a store checked against a release's description (real Oxigraph)."""

from __future__ import annotations

import urllib.parse
import urllib.request

from .test_load import counts


def _release(root, out):
    """The release's void.ttl, built by the API's publish() without the static site (which the CLI
    adds as a step after the description is made; tests/publish checks the CLI's whole release)."""
    from pathlib import Path

    from ssvkg.project import Project
    from ssvkg.publish.release import publish

    publish(Project(Path(root)), out, issued="2026-12-01")
    return out / "void.ttl"


def _update(url: str, text: str) -> None:
    body = urllib.parse.urlencode({"update": text}).encode()
    with urllib.request.urlopen(urllib.request.Request(url + "/update", data=body), timeout=30) as r:
        assert r.status in (200, 204)


def test_verify_equal_then_different(cli, mini_root, oxigraph, tmp_path):
    void = _release(mini_root, tmp_path / "release")
    assert cli("--root", mini_root, "load", "--endpoint", oxigraph.url).exit_code == 0
    on_store = counts(oxigraph.url, "oxigraph", mini_root)

    ok = cli("--root", mini_root, "load", "--endpoint", oxigraph.url, "--verify", void)
    assert ok.exit_code == 0, ok.output
    for graph, n in on_store.items():  # expected (from the description) and found, per graph
        line = next(l for l in ok.output.splitlines() if l.startswith(graph + " "))
        assert line.split()[1:] == [str(n), str(n), "ok"], line
    assert f"{len(on_store)} of {len(on_store)} graphs as described." in ok.output

    graph = sorted(on_store)[0]
    try:
        _update(oxigraph.url, f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ "
                              f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT 1 }}")
        bad = cli("--root", mini_root, "load", "--endpoint", oxigraph.url, "--verify", void)
        assert bad.exit_code == 1, bad.output
        line = next(l for l in bad.output.splitlines() if l.startswith(graph + " "))
        assert line.split()[1:] == [str(on_store[graph]), str(on_store[graph] - 1), "DIFFERENT"], line
        assert "; 1 differ." in bad.output
    finally:
        assert cli("--root", mini_root, "load", "--endpoint", oxigraph.url).exit_code == 0
    assert counts(oxigraph.url, "oxigraph", mini_root) == on_store


def test_verify_bad_description_fails_before_the_store(cli, mini_root, tmp_path):
    # the endpoint is never asked (nothing listens on port 9): the file's problem comes first
    for content, words in (("not turtle at all {", "not a readable Turtle file"),
                           ("<urn:x> <urn:y> <urn:z> .", "describes no named graph")):
        f = tmp_path / "void.ttl"
        f.write_text(content)
        res = cli("--root", mini_root, "load", "--endpoint", "http://127.0.0.1:9", "--profile", "oxigraph",
                  "--verify", f)
        assert res.exit_code == 2 and words in res.output and "Traceback" not in res.output, res.output
    res = cli("--root", mini_root, "load", "--endpoint", "http://127.0.0.1:9", "--profile", "oxigraph",
              "--verify", tmp_path / "missing.ttl")
    assert res.exit_code == 2 and "no such file" in res.output


def test_verify_refuses_load_options(cli, mini_root, tmp_path):
    void = _release(mini_root, tmp_path / "release")
    res = cli("--root", mini_root, "load", "--endpoint", "http://127.0.0.1:9", "--verify", void, "--dry-run")
    assert res.exit_code == 2 and "--verify loads nothing" in res.output


def test_verify_the_real_graph_on_oxigraph(cli, real_on, real_release):
    # The repository's graph loaded by `ssvkg load` matches its release description, graph by graph.
    loaded = real_on("oxigraph")
    void = real_release / "void.ttl"
    res = cli("--root", loaded.root, "load", "--endpoint", loaded.server.url, "--verify", void)
    assert res.exit_code == 0, res.output
    graphs = [l for l in res.output.splitlines() if l.startswith("https://w3id.org/ssvkg/graph/")]
    assert len(graphs) == len(loaded.report.graphs) and all(l.endswith(" ok") for l in graphs)
