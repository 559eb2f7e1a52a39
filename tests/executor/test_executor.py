"""The executor's guarantees, tested with the attacks themselves: a deadline that kills,
a memory ceiling, a contained engine panic, no network, a row cap, and a pool that
replaces what it lost. Worker processes are real; nothing is mocked.

No wall-clock budgets: how soon a deadline or the memory ceiling stops a query is a figure of
benchmarks/budgets.py (deadline, runaway-ask, memory-ceiling). What is asserted here is that
they do: with the error they raise, the worker gone and the others answering meanwhile."""

from __future__ import annotations

import os
import re
import socket
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef

from ssvkg.executor import EngineFailed, LimitError, Limits, SandboxedEngine
from ssvkg.executor import wire
from ssvkg.project import Project

from attacks import CROSS_JOIN, MEMORY_HOG, panic_query

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"
SRC = REPO / "src" / "ssvkg"
PANIC = panic_query()
ENGINES = ["oxigraph", "rdflib"]


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids(engine: SandboxedEngine) -> set[int]:
    return {w.pid for w in engine.pool._all if w.alive()}


@pytest.fixture(params=ENGINES)
def mini(request):
    with SandboxedEngine(Project(MINI), request.param, Limits(timeout=2, memory_mb=1024),
                         workers=2, patience=30) as engine:
        engine.pool.ready()
        yield engine


def test_a_query_runs_and_terms_survive_the_wire(mini):
    result = mini.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5")
    assert result.kind == "select" and len(result.rows) == 5
    assert mini.query("ASK { ?s ?p ?o }").boolean is True
    graph = mini.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3")
    assert graph.kind == "graph" and len(graph.graph) == 3


def test_the_deadline_kills_the_worker_and_frees_the_cpu(mini):
    before = worker_pids(mini)
    with pytest.raises(LimitError, match=r"longer than the limit of 2 seconds") as e:
        mini.query(CROSS_JOIN)  # hours of work: only the deadline ends it
    assert e.value.status == 503 and e.value.exit_code == 2
    gone = before - worker_pids(mini)
    assert len(gone) == 1  # the worker that ran it, and only that one
    pid = gone.pop()
    assert cpu_seconds(pid) is None or not Path(f"/proc/{pid}").exists()
    # the pool replaced it: the next query answers at once, on a full pool
    assert mini.query("ASK { ?s ?p ?o }").boolean is True
    deadline = time.monotonic() + 20
    while len(worker_pids(mini)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(worker_pids(mini)) == 2


def test_a_runaway_query_holds_one_worker_while_others_answer(mini):
    errors = []

    def runaway():
        try:
            mini.query(CROSS_JOIN)
        except LimitError as e:
            errors.append(e)

    t = threading.Thread(target=runaway)
    t.start()
    time.sleep(0.3)
    meanwhile = 0
    for _ in range(20):
        assert mini.query("ASK { ?s ?p ?o }").boolean is True
        meanwhile += not errors  # answered before the runaway's LimitError
    # A pool that made them wait for the runaway's worker would answer none of them before its
    # 2 s deadline; the other worker answers them in milliseconds.
    assert meanwhile >= 5, f"{meanwhile} of 20 answered while the runaway query ran"
    t.join(10)
    assert len(errors) == 1


def test_the_row_cap_refuses_a_larger_result():
    with SandboxedEngine(Project(MINI), "oxigraph", Limits(timeout=10, max_rows=3)) as engine:
        with pytest.raises(LimitError, match="more than the server's limit of 3 rows") as e:
            engine.query("SELECT * WHERE { ?s ?p ?o }")
        assert e.value.status == 400
        assert len(engine.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3").rows) == 3
        assert len(engine.query("SELECT * WHERE { ?s ?p ?o }", max_rows=10_000).rows) > 3


def test_an_engine_panic_is_one_sentence_and_the_pool_lives_on():
    with SandboxedEngine(Project(MINI), "oxigraph", Limits(timeout=30), workers=1) as engine:
        with pytest.raises(EngineFailed, match=r"^the query engine crashed while running the query "
                                               r"\(.*total order\); the query was stopped") as e:
            engine.query(PANIC)
        assert e.value.exit_code == 5 and e.value.status == 500
        assert engine.query("ASK { ?s ?p ?o }").boolean is True


def test_the_memory_ceiling_stops_a_query_that_would_take_gigabytes():
    with SandboxedEngine(Project(REPO), "oxigraph", Limits(timeout=60, memory_mb=700)) as engine:
        with pytest.raises(LimitError, match=r"more memory than the limit of 700 MB"):
            engine.query(MEMORY_HOG)
        assert engine.query("ASK { ?s ?p ?o }").boolean is True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="network namespaces are Linux's")
@pytest.mark.parametrize("engine_name", ENGINES)
def test_workers_have_no_network(engine_name):
    """The second wall: even code that bypassed the text gate finds no network."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        with SandboxedEngine(Project(MINI), engine_name, Limits(timeout=10)) as engine:
            assert engine.network_isolated is True
            # Straight to the worker, past the parent's gate: what a gate bypass would reach.
            job = {"op": "query", "text": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/x> "
                                          "{ ?s ?p ?o } }", "union": True}
            with pytest.raises(Exception):
                engine.pool.call(job, 10)
        with pytest.raises(socket.timeout):
            listener.accept()


def test_the_gate_runs_before_any_worker_sees_the_text(mini):
    from ssvkg.errors import QueryError

    with pytest.raises(QueryError, match=r"the escape \\u0022 stands for ASCII punctuation"):
        mini.query('SELECT * WHERE { VALUES ?x { "\\u0022" } SERVICE <http://127.0.0.1:9/x> '
                   '{ ?s ?p ?o } VALUES ?y { "\\u0022" } }')


@pytest.mark.parametrize("term", [
    URIRef("http://example.org/a"), BNode("b1"), Literal("plain"), Literal("chat", lang="fr"),
    Literal("12", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
    Literal("lone \ud800 surrogate"),
])
def test_wire_terms_round_trip(term):
    assert wire.to_rdflib(wire.loads(wire.dumps({"t": wire.from_rdflib(term)}))["t"]) == term


def test_the_wire_is_json_never_pickle():
    text = (SRC / "executor" / "wire.py").read_text() + (SRC / "executor" / "process.py").read_text() \
        + (SRC / "executor" / "worker.py").read_text()
    assert "pickle" not in re.sub(r'""".*?"""|#[^\n]*', "", text, flags=re.S)


def test_no_thread_killing_signal_timers_or_store_lock_left_in_src():
    offenders = []
    for path in SRC.rglob("*.py"):
        code = path.read_text()
        for pattern in ("PyThreadState_SetAsyncExc", "SIGALRM", "setitimer", "signal.alarm",
                        "LimitedStore", "within_query_time_limit"):
            if pattern in code:
                offenders.append(f"{path.relative_to(SRC)}: {pattern}")
    assert offenders == []
