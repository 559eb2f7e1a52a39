"""The wall-clock budgets that used to sit inside tests, as printed figures.

The tests assert what happens (the deadline stops the query, the refusal comes before the
expansion, the other worker answers while one is busy); how long it takes depends on the
machine and on what else runs on it (the suite runs in parallel workers, on shared cores),
so it is measured here instead, each figure beside the budget the test used to hold:

  validate-timeout   `ssvkg validate --timeout 10` on a shape that would run for hours,
                     each engine: start to exit (budget 12 s; tests/executor/test_validate_deadline.py)
  deadline           a cross join in a sandboxed worker, Limits(timeout=2): until LimitError
                     (budget 4 s; tests/executor/test_executor.py)
  runaway-ask        the slowest of 20 ASKs answered by the second worker while the first runs
                     a cross join (budget 1 s each; tests/executor/test_executor.py)
  memory-ceiling     the 9 GB sort on the real graph, 700 MB ceiling: until LimitError
                     (budget 30 s; tests/executor/test_executor.py)
  web-runaway        the slowest page of 10 rounds while a runaway query holds a worker of
                     `ssvkg serve` (budget 1 s; tests/web/test_isolation.py)
  xml-entities       refusing 100 references to a 100,000-character XML entity
                     (budget 2 s; tests/validation/test_strict_input.py)
  bad-input          every case of tests/bad_input/cases with max_seconds, as a separate
                     `ssvkg` process (budget: the case's max_seconds; tests/bad_input)
  pyshacl-real       pySHACL on the repository's graph (was a 10 s budget;
                     tests/shapes/test_real_graph.py, which prints it too when run as a script)

    PYTHONPATH=$PWD/src python3 benchmarks/budgets.py                 # all of them
    PYTHONPATH=$PWD/src python3 benchmarks/budgets.py deadline xml-entities

Prints one line per figure: the name, the measured seconds, the budget, and "over" when
the figure exceeds it. Exit status 0 unless a step itself failed (a figure over its budget
is a finding to read with the machine's load, which is printed first, not an error).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TESTS = REPO / "tests"
MINI = TESTS / "fixtures" / "mini"
sys.path[:0] = [str(REPO / "src"), str(TESTS / "web"), str(TESTS)]  # conftest: the web one

rows: list[tuple[str, float, float]] = []


def record(name: str, seconds: float, budget: float) -> None:
    rows.append((name, seconds, budget))
    print(f"{name:<48} {seconds:8.2f} s   budget {budget:g} s{'   over' if seconds > budget else ''}",
          flush=True)


def ssvkg_cmd() -> list[str]:
    return [sys.executable, "-c", "from ssvkg.cli import main; main()"]


def validate_timeout() -> None:
    sys.path.insert(0, str(TESTS / "executor"))
    from test_validate_deadline import DATA, SLOW_SHAPE

    for engine in ("oxigraph", "rdflib"):
        with tempfile.TemporaryDirectory() as d:
            (Path(d) / "data.ttl").write_text(DATA)
            (Path(d) / "shapes.ttl").write_text(SLOW_SHAPE)
            started = time.monotonic()
            p = subprocess.run([*ssvkg_cmd(), "--engine", engine, "validate", "data.ttl", "--shapes", "shapes.ttl",
                                "--timeout", "10"], cwd=d, capture_output=True, text=True, timeout=300)
            assert p.returncode == 2, p.stderr
            record(f"validate-timeout ({engine})", time.monotonic() - started, 12)


def deadline() -> None:
    from attacks import CROSS_JOIN
    from ssvkg.executor import Limits, SandboxedEngine
    from ssvkg.project import Project

    for engine_name in ("oxigraph", "rdflib"):
        with SandboxedEngine(Project(MINI), engine_name, Limits(timeout=2, memory_mb=1024), workers=2,
                             patience=30) as engine:
            engine.pool.ready()
            record(f"deadline, timeout 2 s ({engine_name})", _until_limit(engine, CROSS_JOIN), 4)
            # The slowest ASK on the other worker while one runs the cross join.
            engine.query("ASK { ?s ?p ?o }")
            t = threading.Thread(target=lambda: _swallow(engine.query, CROSS_JOIN))
            t.start()
            time.sleep(0.3)
            slowest = 0.0
            for _ in range(20):
                started = time.monotonic()
                engine.query("ASK { ?s ?p ?o }")
                slowest = max(slowest, time.monotonic() - started)
            t.join(30)
            record(f"runaway-ask, slowest of 20 ({engine_name})", slowest, 1)


def _until_limit(engine, text: str) -> float:
    """Seconds until the sandbox stops the query (or it ends)."""
    from ssvkg.executor import LimitError

    started = time.monotonic()
    try:
        engine.query(text)
    except LimitError:
        pass
    return time.monotonic() - started


def _swallow(fn, *args):
    try:
        fn(*args)
    except Exception:
        pass


def memory_ceiling() -> None:
    from attacks import MEMORY_HOG
    from ssvkg.executor import Limits, SandboxedEngine
    from ssvkg.project import Project

    with SandboxedEngine(Project(REPO), "oxigraph", Limits(timeout=60, memory_mb=700)) as engine:
        engine.pool.ready()
        record("memory-ceiling, 700 MB (oxigraph)", _until_limit(engine, MEMORY_HOG), 30)


def web_runaway() -> None:
    from urllib.parse import urlencode

    from attacks import CROSS_JOIN
    from conftest import FIXTURE, BackgroundServer, open_engine
    from ssvkg.web.limits import Limits
    from webhelpers import fetch

    for engine in ("oxigraph", "rdflib"):
        server = BackgroundServer(open_engine(FIXTURE, engine), Limits(timeout=4))
        url = server.url.rstrip("/")
        try:
            t = threading.Thread(target=lambda: fetch(url + "/sparql?" + urlencode({"query": CROSS_JOIN}),
                                                      "application/sparql-results+json"))
            t.start()
            time.sleep(0.5)
            slowest = 0.0
            for _ in range(10):
                started = time.monotonic()
                fetch(url + "/id/program-clinics", "text/html")
                fetch(url + "/search.json?q=clinic")
                slowest = max(slowest, time.monotonic() - started)
            t.join(30)
            record(f"web-runaway, slowest page ({engine})", slowest, 1)
        finally:
            server.stop()


def xml_entities() -> None:
    sys.path.insert(0, str(TESTS / "validation"))
    from test_strict_input import xml
    from ssvkg.errors import InputError
    from ssvkg.validation.read import read_rdf

    value = "x" * 100_000
    refs = "".join(f'<rdf:Description rdf:about="http://example.org/{i}"><ex:p>&big;</ex:p></rdf:Description>\n'
                   for i in range(100))
    with tempfile.TemporaryDirectory() as d:
        path = xml(Path(d), f' <!ENTITY big "{value}">\n', refs)
        started = time.monotonic()
        try:
            read_rdf(path, "a.rdf")
            raise AssertionError("the entity references were not refused")
        except InputError:
            pass
        record("xml-entities, refused", time.monotonic() - started, 2)


def bad_input() -> None:
    sys.path.insert(0, str(TESTS / "bad_input"))
    from test_bad_input import CASES, prepare

    ssvkg = shutil.which("ssvkg")
    command = [ssvkg] if ssvkg else ssvkg_cmd()
    env = {k: v for k, v in os.environ.items() if k not in ("SSVKG_ROOT", "SSVKG_DEBUG")}
    for case in CASES:
        spec = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))
        if "max_seconds" not in spec:
            continue
        with tempfile.TemporaryDirectory() as d:
            work, spec = prepare(case, Path(d))
            started = time.monotonic()
            p = subprocess.run([*command, *spec["args"]], cwd=work, env={**env, **spec.get("env", {})},
                               capture_output=True, timeout=600)
            seconds = time.monotonic() - started
            assert p.returncode == spec["exit"], (case.name, p.returncode, p.stderr[-2000:])
            record(f"bad-input {case.name}", seconds, spec["max_seconds"])


def pyshacl_real() -> None:
    sys.path.insert(0, str(TESTS / "shapes"))
    from test_real_graph import validate_repository

    conforms, _, seconds, n, _ = validate_repository()
    record(f"pyshacl-real ({n} triples, conforms={conforms})", seconds, 10)


FIGURES = {"validate-timeout": validate_timeout, "deadline": deadline, "memory-ceiling": memory_ceiling,
           "web-runaway": web_runaway, "xml-entities": xml_entities, "bad-input": bad_input,
           "pyshacl-real": pyshacl_real}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("figures", nargs="*", metavar="FIGURE", help=f"some of: {', '.join(FIGURES)} (default: all)")
    args = ap.parse_args(argv)
    unknown = [f for f in args.figures if f not in FIGURES]
    if unknown:
        ap.error(f"unknown figure {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    os.environ.setdefault("SSVKG_CACHE_DIR", tempfile.mkdtemp(prefix="ssvkg-budgets-cache-"))
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    for name in args.figures or FIGURES:
        FIGURES[name]()
    over = [r for r in rows if r[1] > r[2]]
    print(f"# {len(rows)} figures, {len(over)} over budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
