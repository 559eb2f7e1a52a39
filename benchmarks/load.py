"""Load test of `ssvkg serve` (issue 11): many clients at once on entity pages and named queries.

    PYTHONPATH=$PWD/src python3 benchmarks/load.py             # starts `ssvkg serve --port 0` on the repository
    python3 benchmarks/load.py --url http://127.0.0.1:8000/     # a server that is already running
    python3 benchmarks/load.py --requests 500 --clients 20 --targets entities --json
    python3 benchmarks/load.py --save benchmarks/load-results.json   # the table, and the JSON in a file

For each target (entities: ~50 real /id/... pages as HTML; query: named queries as JSON;
mix: four entity pages to one query) and each number of clients, it sends --requests GET
requests from that many threads, each with its own keep-alive connection (http.client), and
reports requests/s, p50/p95 latency of the 200 answers, counts by status, and whether every
503 carried Retry-After. Standard library only; only 127.0.0.1 is contacted. Bounded: every
request has a client timeout (--timeout), every phase stops taking new requests after
--phase-seconds, and the server is stopped at the end (Ctrl+C included).
Not part of the test suite (tests/web/test_load_script.py runs a tiny mode of it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import math
import os
import platform
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ENTITY_PREFIX = "https://w3id.org/ssvkg/id/"
ENTITY_QUERY = ('SELECT DISTINCT ?s WHERE { ?s a ?t FILTER(STRSTARTS(STR(?s), "%s")) }' % ENTITY_PREFIX)
DEFAULT_QUERIES = ["/queries/programs-by-pillar.json",
                   "/queries/program-figures.json?program=https://w3id.org/ssvkg/id/program-99-giving-day"]
MIX_EVERY = 5  # in the mix, one request in five is a named query
TARGETS = {  # issue 11, per (target kind, clients)
    20: "≥ 200 entity pages/s with p95 ≤ 200 ms",
    200: "≤ 1 % errors (anything but 200, 503 included), every 503 with Retry-After",
}


class Failure(Exception):
    """A one-sentence reason the load test cannot run."""


# ------------------------------------------------------------------ the server

class SpawnedServer:
    """`ssvkg serve --port 0` in a child process; .url once it has printed where it serves."""

    def __init__(self, root: Path, startup: float):
        self.log = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from ssvkg.cli import main; main()", "--root", str(root),
             "serve", "--host", HOST, "--port", "0"],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=startup)
        except queue.Empty:
            line = None
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line or "")
        if not m:
            ended = line is not None  # its stdout closed: it has ended
            self.stop()
            self.log.seek(0)
            said = " ".join(self.log.read().split())[-300:] or "no output"
            self.log.close()
            raise Failure(f"ssvkg serve stopped before serving ({said})." if ended else
                          f"ssvkg serve did not print its URL within {startup:.0f} s ({said}).")
        self.url = m.group(1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # what Ctrl+C does: uvicorn shuts down cleanly
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def check_url(url: str) -> int:
    """The port of url, which must be http://127.0.0.1:PORT/ (nothing else is ever contacted)."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != HOST or not parts.port or parts.path not in ("", "/"):
        raise Failure(f"--url must look like http://{HOST}:8000/ (this load test only contacts {HOST}).")
    return parts.port


def get(port: int, path: str, timeout: float, accept: str = "text/html") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": accept})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def wait_until_up(port: int, seconds: float):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if get(port, "/", 10)[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise Failure(f"the server on port {port} did not answer / with 200 within {seconds:.0f} s.")
        time.sleep(0.2)


def entity_paths(port: int, count: int, timeout: float) -> list[str]:
    """count entity pages (/id/...) spread evenly over the graph's typed entities, in a stable order."""
    status, body = get(port, "/sparql?query=" + quote(ENTITY_QUERY), timeout,
                       accept="application/sparql-results+json")
    if status != 200:
        raise Failure(f"listing the entities through /sparql answered HTTP {status}.")
    iris = sorted({b["s"]["value"] for b in json.loads(body)["results"]["bindings"]})
    if not iris:
        raise Failure(f"the graph has no typed entity under {ENTITY_PREFIX}.")
    picked = [iris[i * len(iris) // count] for i in range(min(count, len(iris)))]
    return ["/id/" + quote(iri[len(ENTITY_PREFIX):], safe="/-_.~") for iri in picked]


# ------------------------------------------------------------------ the load

def run_phase(port: int, paths: list[str], requests: int, clients: int, timeout: float,
              phase_seconds: float) -> dict:
    """requests GETs of paths (in turn) from clients threads, each with one keep-alive connection."""
    counter = itertools.count()  # next() on it is atomic under the GIL: no lock needed
    results: list[tuple] = []    # (status or "timeout"/"connection", seconds, has Retry-After)
    go = threading.Event()
    deadline = [math.inf]

    def client():
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        go.wait()
        while time.monotonic() < deadline[0]:
            i = next(counter)
            if i >= requests:
                break
            t = time.perf_counter()
            try:
                conn.request("GET", paths[i % len(paths)], headers={"Accept": "text/html"})
                resp = conn.getresponse()
                resp.read()
                results.append((resp.status, time.perf_counter() - t, resp.getheader("Retry-After") is not None))
                if resp.will_close:
                    conn.close()  # http.client opens a new connection on the next request
            except TimeoutError:
                results.append(("timeout", time.perf_counter() - t, False))
                conn.close()
            except (OSError, http.client.HTTPException):
                results.append(("connection", time.perf_counter() - t, False))
                conn.close()
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for th in threads:
        th.start()
    start = time.perf_counter()
    deadline[0] = time.monotonic() + phase_seconds
    go.set()
    last = deadline[0] + timeout + 5  # in-flight requests end within their timeout
    for th in threads:
        th.join(max(0.0, last - time.monotonic()))
    elapsed = time.perf_counter() - start
    done = list(results)
    return summarize(done, requests, clients, elapsed, capped=len(done) < requests)


def percentile(sorted_values: list[float], p: float) -> float | None:
    """Nearest-rank percentile, or None without values."""
    if not sorted_values:
        return None
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def summarize(results: list[tuple], asked: int, clients: int, elapsed: float, capped: bool) -> dict:
    ok = sorted(s for status, s, _ in results if status == 200)
    every = sorted(s for _, s, _ in results)
    unavailable = [r for r in results if r[0] == 503]
    counts = {"200": len(ok), "503": len(unavailable),
              "other_status": sum(1 for r in results if isinstance(r[0], int) and r[0] not in (200, 503)),
              "timeout": sum(1 for r in results if r[0] == "timeout"),
              "connection": sum(1 for r in results if r[0] == "connection")}
    others = sorted({r[0] for r in results if isinstance(r[0], int) and r[0] not in (200, 503)})
    n = len(results)
    ms = lambda v: None if v is None else round(v * 1000, 1)  # noqa: E731
    return {
        "clients": clients, "asked": asked, "requests": n, "seconds": round(elapsed, 3),
        "stopped_at_cap": capped,
        "requests_per_s": round(n / elapsed, 1) if elapsed else None,
        "ok_per_s": round(len(ok) / elapsed, 1) if elapsed else None,
        "p50_ms": ms(percentile(ok, 50)), "p95_ms": ms(percentile(ok, 95)),
        "p95_all_ms": ms(percentile(every, 95)), "max_ms": ms(every[-1] if every else None),
        "counts": counts, "other_statuses": others,
        "error_rate": round((n - len(ok)) / n, 4) if n else None,
        "503_with_retry_after": sum(1 for r in unavailable if r[2]),
        "all_503_with_retry_after": all(r[2] for r in unavailable) if unavailable else None,
    }


def verdict(kind: str, r: dict) -> str | None:
    """met/missed for the issue's targets (20 clients: entity pages; 200 clients: every target)."""
    if r["clients"] == 20 and kind == "entities":
        ok = (r["ok_per_s"] or 0) >= 200 and r["p95_ms"] is not None and r["p95_ms"] <= 200
    elif r["clients"] == 200:
        ok = r["error_rate"] is not None and r["error_rate"] <= 0.01 and r["all_503_with_retry_after"] is not False
    else:
        return None
    return "met" if ok else "missed"


# ------------------------------------------------------------------ the report

def machine() -> dict:
    cpu = mem = None
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), None)
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                                capture_output=True, text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.TimeoutExpired):
        commit = None
    return {"date": dt.datetime.now().isoformat(timespec="minutes"), "nproc": os.cpu_count(),
            "cpu": cpu, "memory": mem, "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "system": platform.system(), "commit": commit}


def render(report: dict) -> str:
    m = report["machine"]
    lines = [f"# ssvkg serve load test, {m['date']}",
             "",
             f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM, Python {m['python']}, "
             f"{m['system']}; load average (1 min) {m['load_average'][0]} at start, "
             f"{report.get('load_average_end', ['?'])[0]} at the end",
             f"- Server: {report['server']}; commit {m['commit']}",
             f"- Client: one thread and one keep-alive connection per client, timeout {report['timeout']} s "
             f"per request; latencies are of the 200 answers; errors are every answer but 200",
             f"- Targets (issue 11): 20 clients, entity pages: {TARGETS[20]}; 200 clients: {TARGETS[200]}",
             "",
             "| target | clients | requests | req/s | 200/s | p50 | p95 | p95 all | 200 | 503 | other status "
             "| timeout | connection | 503 with Retry-After | issue 11 target |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for kind, phases in report["targets"].items():
        for r in phases:
            c = r["counts"]
            ra = f"{r['503_with_retry_after']} of {c['503']}" if c["503"] else "—"
            other = str(c["other_status"])
            if c["other_status"]:
                other += f" ({', '.join(map(str, r['other_statuses']))})"
            asked = f"{r['requests']}" + (f" of {r['asked']} (cap)" if r["stopped_at_cap"] else "")
            fmt = lambda v: "—" if v is None else f"{v:.0f} ms"  # noqa: E731
            lines.append(f"| {kind} | {r['clients']} | {asked} | {r['requests_per_s']} | {r['ok_per_s']} "
                         f"| {fmt(r['p50_ms'])} | {fmt(r['p95_ms'])} | {fmt(r['p95_all_ms'])} | {c['200']} "
                         f"| {c['503']} | {other} | {c['timeout']} | {c['connection']} | {ra} "
                         f"| {verdict(kind, r) or ''} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Load test of ssvkg serve (issue 11); only 127.0.0.1 is contacted.")
    ap.add_argument("--url", help=f"an already running server, http://{HOST}:PORT/ (default: start one)")
    ap.add_argument("--root", type=Path, default=REPO, help="the project the started server serves")
    ap.add_argument("--requests", type=int, default=2000, help="requests per (target, clients)")
    ap.add_argument("--clients", default="20,200", help="comma-separated numbers of concurrent clients")
    ap.add_argument("--targets", default="entities,query,mix", help="any of entities, query, mix")
    ap.add_argument("--entities", type=int, default=50, help="how many entity pages to cycle through")
    ap.add_argument("--query", action="append", metavar="PATH",
                    help=f"a named-query path to request (repeatable; default {' and '.join(DEFAULT_QUERIES)})")
    ap.add_argument("--timeout", type=float, default=30, help="client timeout of one request, seconds")
    ap.add_argument("--phase-seconds", type=float, default=120,
                    help="no new request after this long in one (target, clients)")
    ap.add_argument("--startup", type=float, default=300, help="seconds to wait for the server to answer")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--save", type=Path, help="also write the results as JSON to this file")
    a = ap.parse_args(argv)
    try:
        clients = [int(c) for c in a.clients.split(",")]
        targets = a.targets.split(",")
        if any(c < 1 for c in clients) or a.requests < 1 or not set(targets) <= {"entities", "query", "mix"}:
            raise ValueError
    except ValueError:
        print("Error: --clients and --requests take positive numbers, --targets any of entities, query, mix.",
              file=sys.stderr)
        return 2
    server = None
    try:
        port = check_url(a.url) if a.url else None
        info = machine()  # before the server loads, so the load average is the machine's own
        if port is None:
            server = SpawnedServer(a.root, a.startup)
            port = check_url(server.url)
        wait_until_up(port, a.startup if server else min(a.startup, 10))  # a given server is up already
        entities = entity_paths(port, a.entities, a.timeout)
        queries = a.query or DEFAULT_QUERIES
        mix = []
        for i, e in enumerate(entities):
            mix.append(e)
            if i % (MIX_EVERY - 1) == MIX_EVERY - 2:
                mix.append(queries[i // (MIX_EVERY - 1) % len(queries)])
        plan = {"entities": entities, "query": queries, "mix": mix}
        for path in dict.fromkeys(entities + queries):  # warm-up, and no load test of a 404
            status = get(port, path, a.timeout)[0]
            if status not in (200, 503):
                raise Failure(f"{path} answered HTTP {status}, not 200.")
        report = {"machine": info, "url": f"http://{HOST}:{port}/",
                  "server": a.url or f"ssvkg serve --root {a.root} --port 0 (started here)",
                  "timeout": a.timeout, "paths": {k: plan[k] for k in targets}, "targets": {}}
        for kind in targets:
            for c in clients:
                r = run_phase(port, plan[kind], a.requests, c, a.timeout, a.phase_seconds)
                r["issue_11_target"] = verdict(kind, r)
                report["targets"].setdefault(kind, []).append(r)
                if not a.json:
                    print(f"{kind}, {c} clients: {r['requests_per_s']} req/s, p95 {r['p95_ms']} ms, "
                          f"{r['counts']}", file=sys.stderr, flush=True)
        report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    except Failure as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    finally:
        if server:
            server.stop()
            server.log.close()
    if a.save:
        a.save.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2) if a.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
