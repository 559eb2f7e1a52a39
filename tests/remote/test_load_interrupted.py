"""An interrupted `ssvkg load` says exactly which graphs it replaced, which it did not touch,
and which one may or may not be replaced (it was being moved), and the store agrees.

Every graph on the store starts with one marker triple, so a graph not touched is seen to
keep its old content, and a replaced one to hold exactly the new triples.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import faults, servers
from ssvkg.store.dataset import load_files
from ssvkg.project import Project
from ssvkg.remote import Endpoint
from ssvkg.remote.auth import Credentials
from ssvkg.remote.loader import select_graphs

# One worker runs them all under pytest-xdist: they share this module's store and empty it.
pytestmark = pytest.mark.xdist_group("load-interrupted")

MARK = b'<urn:ssvkg-test:old> <urn:ssvkg-test:mark> "before the load" .\n'
EXTRA = 2  # graphs added to the fixture project's 4, so that some come after the stop


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of this module's own: what is on it is only what these tests put there."""
    if not servers.oxigraph_binary():
        servers.missing(servers.OXIGRAPH_HINT)
    server = servers.start_oxigraph(tmp_path_factory.mktemp("ox-interrupted"))
    yield server
    server.stop()


@pytest.fixture
def project(mini_root, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(mini_root, root)
    for i in range(EXTRA):
        (root / "graph" / f"extra-{i}.ttl").write_text(
            "".join(f"<https://example.org/x{i}/{j}> <https://example.org/p> {j} .\n" for j in range(i + 2)))
    return root


def graphs_of(root) -> list[tuple[str, str, int]]:
    """(file, graph IRI, triples) in the order the load goes through them."""
    project = Project(root)
    pairs = select_graphs(project)
    ds = load_files(project, [f for _, f in pairs])
    return [(project.relative(f), iri, len(ds.graph(iri))) for iri, f in pairs]


def fill_with_markers(url: str, graphs) -> Endpoint:
    ep = Endpoint.connect(url, profile="oxigraph", credentials=Credentials())
    ep.update("DROP ALL")
    for _, iri, _ in graphs:
        ep.put_graph(iri, MARK)
    return ep


def on_store(ep: Endpoint, graphs) -> dict[str, str]:
    """Per file: "new" (exactly its triples, no marker), "old" (the marker alone) or what else is there."""
    counts = ep.count_graphs([iri for _, iri, _ in graphs])
    out = {}
    for file, iri, local in graphs:
        marked = ep.select(f"SELECT * WHERE {{ GRAPH <{iri}> {{ <urn:ssvkg-test:old> ?p ?o }} }}")
        n = counts[iri]
        out[file] = "new" if n == local and not marked else "old" if n == 1 and marked else f"{n} triples"
    return out


def table(stdout: str, graphs) -> dict[str, str]:
    """Per file, the status column of the report."""
    files = {g[0] for g in graphs}
    rows = [line.split(maxsplit=3) for line in stdout.splitlines()]
    return {r[0]: r[3] for r in rows if len(r) == 4 and r[0] in files}


def the_error(stderr: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and stderr.rstrip("\n").endswith(errors[0]), stderr
    return errors[0]


def check(stdout: str, stderr: str, graphs, n: int, state: dict[str, str], unknown: str | None,
          interrupted: bool):
    """The report and the one-sentence error say what the store holds, graph by graph."""
    files = [g[0] for g in graphs]
    after = "the interruption" if interrupted else "the failure"
    status = table(stdout, graphs)
    assert list(status) == files, stdout
    for f in files[:n]:
        assert status[f] == ("replaced" if interrupted else "loaded") or status[f].startswith(
            "replaced, not verified: "), status
        assert state[f] == "new", (f, state)
    for f in files[n + 1:]:
        assert status[f] == f"not touched: not attempted after {after}", status
        assert state[f] == "old", (f, state)
    stopped = files[n]
    if unknown:
        assert status[stopped].startswith(f"unknown: {unknown}") and status[stopped].endswith(
            "; it may or may not be replaced"), status
        assert state[stopped] in ("new", "old")  # all or nothing, never half
    else:
        assert status[stopped].startswith("not touched: "), status
        assert state[stopped] == "old"
    # "exactly": what the report calls replaced is what the store holds new, and nothing else.
    replaced = {f for f, s in status.items() if s == "loaded" or s.startswith("replaced")}
    assert replaced == {f for f in files if state[f] == "new"} - {stopped}

    error = the_error(stderr)
    t, untouched = len(files), len(files) - n - (1 if unknown else 0)
    where = r"Error: the load into http://127\.0\.0\.1:\d+/store"
    if n == 0 and not unknown:  # nothing replaced, nothing being replaced
        pattern = (where + r" was interrupted before any graph was replaced; run the same command again to load them\."
                   if interrupted else r"Error: .*; nothing was loaded\.")
    else:
        parts = [rf"{n} of {t} graphs were replaced( \(.*\))?"]
        if unknown:
            parts.append(re.escape(f"{stopped} may or may not be ({unknown}") + r".*\)")
        if untouched:
            parts.append(rf"{untouched} {'was' if untouched == 1 else 'were'} not touched( \(.*\))?")
        pattern = (where + (" was interrupted: " if interrupted else " is incomplete: ") + ", ".join(parts)
                   + r"; run the same command again to complete it\.")
    assert re.fullmatch(pattern, error), (pattern, error)


def load_again_completes(cli, project, store, graphs):
    again = cli("--root", project, "load", "--endpoint", store.url, "--profile", "oxigraph")
    assert again.exit_code == 0, again.output
    assert set(on_store(Endpoint.connect(store.url, profile="oxigraph"), graphs).values()) == {"new"}


@pytest.mark.parametrize("n", [0, 2, 4 + EXTRA - 1])
def test_store_fails_the_next_move(cli, project, store, n):
    """The (n+1)th MOVE gets HTTP 500 (never reaching the store): n replaced, one unknown, the rest untouched."""
    graphs = graphs_of(project)
    ep = fill_with_markers(store.url, graphs)
    proxy = faults.start(upstream=store.url)
    try:
        # Per graph: PUT to the staging graph, count there, MOVE.
        proxy.queue(*[faults.PROXY] * (3 * n + 2), faults.status(500, b"disk full"))
        r = cli("--root", project, "load", "--endpoint", proxy.url, "--profile", "oxigraph")
    finally:
        proxy.shutdown()
    assert r.exit_code == 4, r.output
    state = on_store(ep, graphs)
    check(r.stdout, r.stderr, graphs, n, state, "its move failed: the update to ", interrupted=False)
    assert state[graphs[n][0]] == "old"
    load_again_completes(cli, project, store, graphs)


def test_store_goes_away_after_doing_a_move(cli, project, store):
    """The 4th MOVE reaches the store but its answer does not, and then the store is gone: the
    three before are still reported replaced (not "nothing was loaded"), the 4th as unknown."""
    graphs, n = graphs_of(project), 3
    ep = fill_with_markers(store.url, graphs)
    proxy = faults.start(upstream=store.url)
    try:
        proxy.queue(*[faults.PROXY] * (3 * n + 2), faults.PROXY_THEN_HANG_UP)
        proxy.default = faults.status(502, b"bad gateway")
        r = cli("--root", project, "load", "--endpoint", proxy.url, "--profile", "oxigraph")
    finally:
        proxy.shutdown()
    assert r.exit_code == 4, r.output
    state = on_store(ep, graphs)
    assert state[graphs[n][0]] == "new"  # it was moved: "may or may not" is the truth we can tell
    status = table(r.stdout, graphs)
    for f, _, _ in graphs[:n]:
        assert status[f].startswith("replaced, not verified: could not count the triples on the store: "), status
    assert f"{n} of {len(graphs)} graphs were replaced ({n} not verified: could not count" in the_error(r.stderr)
    check(r.stdout, r.stderr, graphs, n, state, "its move failed: the update to ", interrupted=False)


@pytest.mark.parametrize("n, during", [(0, "put"), (3, "put"), (0, "move"), (3, "move")])
def test_ctrl_c(cli, project, store, monkeypatch, n, during):
    """Ctrl-C (KeyboardInterrupt) at the (n+1)th graph: during its upload, or after its MOVE was
    sent and done but before the answer was read. Exit 130, and the report says which is which."""
    graphs = graphs_of(project)
    ep = fill_with_markers(store.url, graphs)
    real_update, real_put = Endpoint.update, Endpoint.put_graph
    seen = {"MOVE": 0, "PUT": 0}

    def update(self, text):
        real_update(self, text)
        if text.startswith("MOVE"):
            seen["MOVE"] += 1
            if during == "move" and seen["MOVE"] == n + 1:
                raise KeyboardInterrupt

    def put_graph(self, graph, *args, **kwargs):
        seen["PUT"] += 1
        if during == "put" and seen["PUT"] == n + 1:
            raise KeyboardInterrupt
        return real_put(self, graph, *args, **kwargs)

    monkeypatch.setattr(Endpoint, "update", update)
    monkeypatch.setattr(Endpoint, "put_graph", put_graph)
    r = cli("--root", project, "load", "--endpoint", store.url, "--profile", "oxigraph")
    monkeypatch.undo()
    assert r.exit_code == 130, r.output
    state = on_store(ep, graphs)
    if during == "move":
        assert state[graphs[n][0]] == "new"
    check(r.stdout, r.stderr, graphs, n, state, "interrupted during its move" if during == "move" else None,
          interrupted=True)
    if during == "put":
        assert table(r.stdout, graphs)[graphs[n][0]] == "not touched: interrupted before its move"
    load_again_completes(cli, project, store, graphs)


# Runs a command with SIGINT at its default, as a shell at a terminal starts it. A shell without
# job control starts background commands (`pytest &`, some CI runners) with SIGINT and SIGQUIT
# ignored, their children inherit that, and Python then leaves SIGINT ignored: Ctrl-C would not
# reach `ssvkg load` at all, as POSIX means it to for background jobs.
def with_sigint(disposition: str) -> list[str]:
    """A command prefix that sets SIGINT to signal.<disposition>, then execs the rest of the line."""
    return [sys.executable, "-c", f"import os, signal, sys; signal.signal(signal.SIGINT, signal.{disposition}); "
                                  "os.execv(sys.argv[1], sys.argv[1:])"]


AS_AT_A_TERMINAL = with_sigint("SIG_DFL")


def catches_sigint(pid: int) -> bool:
    """Whether the process has a handler for SIGINT (Linux /proc; elsewhere assumed)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    caught = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
    return bool(caught & (1 << (signal.SIGINT - 1)))


def test_real_ctrl_c_reaches_a_command_started_in_the_background():
    """The wrapper above undoes what a shell without job control does to a background command."""
    ignoring = with_sigint("SIG_IGN")  # as a shell without job control starts `cmd &`
    probe = [sys.executable, "-c", "import signal; print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)"]
    assert subprocess.run([*ignoring, *probe], capture_output=True, text=True).stdout.strip() == "True"
    assert subprocess.run([*ignoring, *AS_AT_A_TERMINAL, *probe], capture_output=True, text=True).stdout.strip() == "False"


@pytest.mark.skipif(shutil.which("ssvkg") is None, reason="the ssvkg command is not installed (pip install -e .)")
def test_real_ctrl_c_while_a_move_hangs(project, store):
    """SIGINT to a real `ssvkg load` while the store sits on the 3rd MOVE (never done)."""
    graphs, n = graphs_of(project), 2
    ep = fill_with_markers(store.url, graphs)
    proxy = faults.start(upstream=store.url)
    try:
        proxy.queue(*[faults.PROXY] * (3 * n + 2), faults.stall(30))
        env = {k: v for k, v in os.environ.items() if k != "SSVKG_ROOT"}
        p = subprocess.Popen([*AS_AT_A_TERMINAL, shutil.which("ssvkg"), "--root", str(project), "load",
                              "--endpoint", proxy.url, "--profile", "oxigraph"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            deadline = time.monotonic() + 60
            while sum(1 for m, path, _ in proxy.requests if path.startswith("/update")) < n + 1:
                assert p.poll() is None and time.monotonic() < deadline, p.communicate()
                time.sleep(0.05)
            time.sleep(0.2)  # the request is sent; the answer never comes
            assert catches_sigint(p.pid), "ssvkg load does not handle SIGINT"
            p.send_signal(signal.SIGINT)
            out, err = p.communicate(timeout=20)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
    finally:
        proxy.shutdown()
    assert p.returncode == 130, (out, err)
    assert "Traceback" not in err
    state = on_store(ep, graphs)
    assert state[graphs[n][0]] == "old"
    check(out, err, graphs, n, state, "interrupted during its move", interrupted=True)


def test_the_deadline_timer_leaves_ctrl_c_to_the_main_thread():
    """The HTTP deadline's timer thread blocks SIGINT and SIGTERM, so the kernel delivers them to
    the main thread, whose socket read they interrupt."""
    import threading

    from ssvkg.timers import SignalDeafTimer

    seen = {}
    done = threading.Event()

    def record():
        seen["mask"] = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        done.set()

    SignalDeafTimer(0.01, record).start()
    assert done.wait(5)
    assert {signal.SIGINT, signal.SIGTERM} <= seen["mask"]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # this thread is untouched
