"""One visitor's query cannot take the server down or lock the others out.

Each case is the attack from the sandbox issue, sent to a real server: an engine panic,
a query that wants gigabytes, and a runaway cross join while others browse.

No wall-clock budgets (how slow a page gets meanwhile is a figure of benchmarks/budgets.py,
web-runaway): pages are answered while the runaway query still runs, every one of them."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from ssvkg.web.limits import Limits
from webhelpers import fetch

from attacks import CROSS_JOIN, MEMORY_HOG, panic_query
from conftest import FIXTURE, REPO, BackgroundServer, open_engine

def worker_cpu() -> dict[int, float]:
    """CPU seconds used so far by each ssvkg worker process of this test process."""
    out = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes()
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if b"ssvkg.executor.worker" in cmd and int(stat[1]) == os.getpid():
            out[int(proc.name)] = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
    return out


# One xdist worker runs this module: guarded_url's workers each load the real graph.
pytestmark = pytest.mark.xdist_group("isolation")


@pytest.fixture(scope="module")
def guarded_url():
    """The real graph on Oxigraph, 5 s per query, 800 MB per worker."""
    server = BackgroundServer(open_engine(REPO, "oxigraph"), Limits(timeout=5, memory_mb=800))
    yield server.url.rstrip("/")
    server.stop()


def sparql(url: str, query: str, accept: str = "application/sparql-results+json"):
    return fetch(url + "/sparql?" + urlencode({"query": query}), accept)


def test_an_engine_panic_is_a_500_and_the_server_answers_at_once(guarded_url):
    r = sparql(guarded_url, panic_query())
    assert r.status == 500
    assert r.text.startswith("the query engine crashed while running the query") and r.text.count("\n") == 1
    assert fetch(guarded_url + "/", "text/html").status == 200
    assert sparql(guarded_url, "ASK { ?s ?p ?o }").status == 200


def test_a_query_wanting_gigabytes_is_a_503_and_the_server_answers_at_once(guarded_url):
    r = sparql(guarded_url, MEMORY_HOG)
    assert r.status == 503 and "more memory than the limit of 800 MB" in r.text
    assert r.headers.get("retry-after", "").isdigit()
    assert fetch(guarded_url + "/", "text/html").status == 200
    assert fetch(guarded_url + "/id/program-99-giving-day", "text/html").status == 200


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_pages_answer_during_a_runaway_query_and_its_cpu_is_freed(engine):
    server = BackgroundServer(open_engine(FIXTURE, engine), Limits(timeout=4))
    url = server.url.rstrip("/")
    try:
        answer = {}
        warm = set(worker_cpu())  # the server's workers, before the runaway query

        def runaway():
            answer["r"] = sparql(url, CROSS_JOIN)
            answer["at"] = time.monotonic()

        t = threading.Thread(target=runaway)
        t.start()
        time.sleep(0.5)
        while_it_ran = 0
        for _ in range(10):
            assert fetch(url + "/id/program-clinics", "text/html").status == 200
            assert fetch(url + "/search.json?q=clinic").status == 200
            while_it_ran += "r" not in answer  # this round came back before the runaway's 503
        # Pages that waited for the runaway query would all come after its 503 (its deadline,
        # 3.5 s after the first round started); a few rounds take a fraction of that.
        assert while_it_ran >= 3, f"{while_it_ran} of 10 rounds were answered while the runaway query ran"
        t.join(30)
        r = answer["r"]
        assert r.status == 503 and "longer than the limit of 4 seconds" in r.text
        assert r.headers.get("retry-after", "").isdigit()
        # Within 2 s of the deadline no worker is still burning CPU: the one that ran the query
        # is gone, and those that were there before it sit idle. (Its replacement, starting
        # meanwhile, is not among them: loading the store is not the runaway query.)
        time.sleep(max(0.0, answer["at"] + 1.5 - time.monotonic()))
        first = worker_cpu()
        time.sleep(0.5)
        second = worker_cpu()
        assert warm - set(second), f"no worker ended: {sorted(warm)} are all still there"
        busy = {pid: second[pid] - first[pid] for pid in second if pid in first and pid in warm}
        assert all(used < 0.2 for used in busy.values()), busy
    finally:
        server.stop()
