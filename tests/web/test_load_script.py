"""benchmarks/load.py (the load test of issue 11) keeps working: a tiny run on the fixture,
its counting of 503s and Retry-After on a stub server, and its refusal of other hosts."""

from __future__ import annotations

import itertools
import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import FIXTURE, REPO

SCRIPT = REPO / "benchmarks" / "load.py"


def load(*args, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          timeout=timeout)


def test_tiny_run_on_the_fixture_starts_and_stops_its_server():
    p = load("--root", str(FIXTURE), "--requests", "20", "--clients", "2", "--entities", "4",
             "--query", "/queries/programs.json", "--json")
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout)
    assert set(report["targets"]) == {"entities", "query", "mix"}
    assert report["paths"]["query"] == ["/queries/programs.json"]
    entities = report["paths"]["entities"]
    assert len(entities) == 4 and all(e.startswith("/id/") for e in entities)
    for phases in report["targets"].values():
        (r,) = phases
        assert r["clients"] == 2 and r["requests"] == 20 and r["counts"]["200"] == 20
        assert r["error_rate"] == 0 and 0 < r["p50_ms"] <= r["p95_ms"] <= r["max_ms"]
        assert r["all_503_with_retry_after"] is None
    m = report["machine"]
    assert m["nproc"] >= 1 and m["date"] and m["memory"]
    port = int(report["url"].rsplit(":", 1)[1].strip("/"))
    with pytest.raises(ConnectionRefusedError):  # the server it started is gone
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


class Stub(BaseHTTPRequestHandler):
    """Answers like ssvkg serve, but every second entity page is a 503, only some with Retry-After."""
    protocol_version = "HTTP/1.1"  # keep-alive, as the load test expects
    counter = itertools.count()

    def do_GET(self):
        headers = {}
        if self.path.startswith("/sparql"):
            status, body = 200, json.dumps({"results": {"bindings": [
                {"s": {"value": f"https://w3id.org/ssvkg/id/e{i}"}} for i in range(3)]}}).encode()
        else:
            n = next(self.counter)
            status, body = (200, b"ok") if n % 2 == 0 or not self.path.startswith("/id/") else (503, b"busy")
            if status == 503 and n % 4 == 1:
                headers["Retry-After"] = "1"
        self.send_response(status)
        for k, v in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_counts_503s_and_missing_retry_after(stub_url):
    p = load("--url", stub_url, "--requests", "40", "--clients", "3", "--targets", "entities", "--json")
    assert p.returncode == 0, p.stderr
    (r,) = json.loads(p.stdout)["targets"]["entities"]
    c = r["counts"]
    assert r["requests"] == 40 and c["200"] + c["503"] == 40 and c["200"] >= 15 and c["503"] >= 15
    assert 0 < r["503_with_retry_after"] < c["503"]
    assert r["all_503_with_retry_after"] is False
    assert r["error_rate"] == c["503"] / 40


def test_a_phase_stops_at_its_time_cap(stub_url):
    # Ten million requests would take hours: the phase ends only because of its 1 s cap
    # (the subprocess timeout of 60 s catches one that does not stop).
    p = load("--url", stub_url, "--requests", "10000000", "--clients", "4", "--targets", "entities",
             "--phase-seconds", "1", "--json")
    assert p.returncode == 0, p.stderr
    (r,) = json.loads(p.stdout)["targets"]["entities"]
    assert r["stopped_at_cap"] and 0 < r["requests"] < 10_000_000


@pytest.mark.parametrize("url", ["http://example.com/", "http://localhost:8000/", "https://127.0.0.1:8000/",
                                 "http://10.0.0.1:8000/"])
def test_contacts_no_other_host(url):
    p = load("--url", url, timeout=30)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.strip() == ("Error: --url must look like http://127.0.0.1:8000/ "
                                "(this load test only contacts 127.0.0.1).")
