"""What each of ssvkg's caches saves a user's command, measured side by side (cache on / off).

    python3 benchmarks/caches.py                  # real graph, 1M, 100k: 45 min on 2 busy cores
    python3 benchmarks/caches.py --quick          # fewer rounds and variants: ~15 min
    python3 benchmarks/caches.py --graphs real --json /tmp/caches.json
    python3 benchmarks/caches.py --graphs real --validate-1m   # adds `validate` on 1M (long)

Each row is one command as a user runs it (a fresh `ssvkg` process, its sandboxed worker
included) on one graph, with one cache turned off (benchmarks/cache_switches.py, loaded
through sitecustomize in the CLI process and its workers; see that file for how each cache
is switched off) against all caches on. In every round each variant gets a fresh, empty
cache folder (SSVKG_CACHE_DIR) and runs the command twice: "cold" is the first run (what a
fresh CI machine or a changed graph sees), "warm" the second (what it left behind is used).
The variants of a row run in alternation, in an order rotated every round, so the shared
machine's load falls on all alike; the ratio is off/on of the same round (median over the
rounds), and "saves" is 1 - on/off: the share of the command's time without the cache that
the cache takes away. The rule (issue: caches that pay): keep a cache only if it saves at
least 20 % in a realistic case (cold or warm, real graph or 1M).

Which caches each command meets: `query run` the store, the memo's query entries (check,
decorators) and the gate's in-process caches; `validate` all of them and the memo's
validation entries. On the large graphs only what grows with the data is measured (see
plan()); `validate` on 1M is opt-in (--validate-1m), 100k standing in by default.

The OS page cache is not dropped between runs (that needs root and would slow every other
job on the machine), so "cold" means ssvkg's cache folder is empty, not the disk cache.
The 100k and 1M graphs are benchmarks/generate.py's (--seed 42), made once under --workdir.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import cache_counts  # noqa: E402
from cache_switches import CACHES, MEMO_KINDS, sitecustomize  # noqa: E402
from run import machine, ssvkg_command, versions  # noqa: E402

COMMANDS = {
    "query-simple": ["query", "run", "metrics"],
    "query-params": ["query", "run", "programs-by-pillar", "--param", "pillar=S"],
    "query-rdflib": ["--engine", "rdflib", "query", "run", "programs-by-pillar", "--param", "pillar=S"],
    "validate": ["validate", "--timeout", "3000"],
}
SHOWN = {
    "query-simple": "`ssvkg query run metrics`",
    "query-params": "`ssvkg query run programs-by-pillar --param pillar=S`",
    "query-rdflib": "`ssvkg --engine rdflib query run programs-by-pillar --param pillar=S`",
    "validate": "`ssvkg validate`",
}
# The in-process caches together (a variant "off" turns several off at once with '+').
IN_PROCESS = "lru-check+passed+lru-prepare+salt+memo-count"
QUERY_CACHES = ["store", "memo:check", "memo:decorators", "lru-check", "passed", "lru-prepare"]
# file-lines is read only to give SHACL results a line: the real graph conforms (none).
GATE_IN_PROCESS = "lru-check+passed+lru-prepare"  # measured one by one on the query rows
VALIDATE_CACHES = ["store", "memo:check", "memo:decorators", "memo:file-checks", "memo:shapes-check",
                   "salt", "memo-count", GATE_IN_PROCESS]


def plan(quick: bool, graphs: list[str], validate_1m: bool = False) -> list[dict]:
    """(graph, command, variants, rounds) rows, in the order they run."""
    q_rounds, v_rounds, big_rounds = (3, 2, 1) if quick else (5, 3, 2)
    rows = []
    if "real" in graphs:
        rows += [
            {"graph": "real", "command": "query-simple", "off": QUERY_CACHES, "rounds": q_rounds},
            {"graph": "real", "command": "query-params", "off": QUERY_CACHES, "rounds": q_rounds},
            # --quick leaves out what the counts show is never met in validate (the gate's
            # in-process caches) or met only on writes (memo-count).
            {"graph": "real", "command": "validate", "rounds": v_rounds,
             "off": [c for c in VALIDATE_CACHES if not quick or c not in ("memo-count", GATE_IN_PROCESS)]},
            # The rdflib engine evaluates rdflib's parse of the text (CheckedQuery.parsed): the
            # one place _prepare's cache can be hit.
            {"graph": "real", "command": "query-rdflib", "off": ["lru-prepare", "lru-check", "passed",
                                                                 "memo:check"], "rounds": q_rounds},
        ]
    # On the large graphs only what grows with the data: the memo's query entries, the
    # shapes' entry and the in-process caches depend on the query and shape texts alone.
    if "1M" in graphs:
        rows.append({"graph": "1M", "command": "query-params", "off": ["store"], "rounds": big_rounds})
    if "100k" in graphs:
        # validate on 1M takes 4-10 min per run here (and hits its default 600 s --timeout under
        # load): 100k stands in, with 9,431 SHACL results to locate (the file-lines memo).
        # --quick: one shared cold run (see measure_shared).
        rows.append({"graph": "100k", "command": "validate", "shared_cold": quick, "cold_off": ["store"],
                     "off": ["store", "memo:file-checks", "memo:file-lines"], "rounds": big_rounds})
    if validate_1m:
        # No counting run (it would be two more runs of 5-10 min): the 100k row's counts show the pattern.
        rows.append({"graph": "1M", "command": "validate", "shared_cold": True, "cold_off": ["store"],
                     "no_counts": True,
                     "off": ["store", "memo:file-checks", "memo:file-lines"], "rounds": 1})
    return rows


def graph_root(name: str, workdir: Path) -> Path:
    if name == "real":
        return REPO
    root = workdir / name
    mark = root / ".generated"
    if not mark.is_file():
        from generate import generate

        info = generate({"100k": 100_000, "1M": 1_000_000}[name], 42, root)
        mark.write_text(json.dumps(info))
        print(f"{name}: generated {info['triples']:,} triples in {root}", flush=True)
    return root


def switch_folder(workdir: Path, off: str) -> Path:
    """A folder whose sitecustomize.py turns off the caches named in off ('' for none)."""
    folder = workdir / "switches" / (off.replace(":", "_").replace("+", "-") or "none")
    folder.mkdir(parents=True, exist_ok=True)
    sitecustomize(folder, off.replace("+", ","))
    return folder


def timed(args: list[str], env: dict, timeout: float) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one command: the CPU time (user + system, of the CLI
    process and the workers it waited for) moves far less with the machine's load."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    p = subprocess.run([ssvkg_command(), *args], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, timeout=timeout)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):  # validate exits 1 when the data does not conform
        raise SystemExit(f"ssvkg {' '.join(args)} failed ({p.returncode}): {p.stderr.strip()[-500:]}")
    return took, (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)


def check_switch(off: str, cache: Path) -> None:
    """What an on-disk cache turned off must not have left in the cache folder."""
    names = off.split("+")
    if "store" in names and any(cache.glob("*/entries/*")):
        raise SystemExit(f"{off}: the store was built although it was turned off")
    kinds = set(MEMO_KINDS) if "memo" in names else {n[5:] for n in names if n.startswith("memo:")}
    for kind in kinds:
        if any((cache / "memo").glob(f"{kind}-*.json")):
            raise SystemExit(f"{off}: memo entries of kind {kind} were written although it was turned off")


def measure(row: dict, root: Path, workdir: Path, timeout: float) -> dict:
    variants = [""] + row["off"]
    args = ["--root", str(root), *COMMANDS[row["command"]]]
    times = {v: {"cold": [], "warm": [], "cold_cpu": [], "warm_cpu": []} for v in variants}
    switches = {v: switch_folder(workdir, v) for v in variants}
    for r in range(row["rounds"]):
        order = variants[r % len(variants):] + variants[:r % len(variants)]
        for v in order:
            cache = workdir / "cache" / f"{row['graph']}-{row['command']}-{switches[v].name}"
            shutil.rmtree(cache, ignore_errors=True)
            env = {**os.environ, "SSVKG_CACHE_DIR": str(cache),
                   "PYTHONPATH": os.pathsep.join([str(switches[v]), str(REPO / "src")])}
            for phase in ("cold", "warm"):
                wall, cpu = timed(args, env, timeout)
                times[v][phase].append(wall)
                times[v][phase + "_cpu"].append(cpu)
            if v:
                check_switch(v, cache)
            shutil.rmtree(cache, ignore_errors=True)
            print(f"  {row['graph']} {row['command']} round {r + 1} {v or 'all on'}: "
                  f"cold {times[v]['cold'][-1]:.3f} s (CPU {times[v]['cold_cpu'][-1]:.3f} s), "
                  f"warm {times[v]['warm'][-1]:.3f} s (CPU {times[v]['warm_cpu'][-1]:.3f} s)", flush=True)
    return {**row, "times": times}


def measure_shared(row: dict, root: Path, workdir: Path, timeout: float) -> dict:
    """measure() for commands too long to run cold once per variant (validate on 1M).

    Per round: one cold run with all on into a fresh folder, then one warm run per variant
    on what it left (a cache turned off ignores its entries there and writes none, so this
    is the warm run of measure()), in rotated order; then a cold run of each variant in
    row["cold_off"] (the store: without it a cold run takes another path) from empty."""
    variants = [""] + row["off"]
    args = ["--root", str(root), *COMMANDS[row["command"]]]
    times = {v: {"cold": [], "warm": [], "cold_cpu": [], "warm_cpu": []} for v in variants}
    switches = {v: switch_folder(workdir, v) for v in variants}

    def run(v: str, cache: Path, phase: str) -> None:
        env = {**os.environ, "SSVKG_CACHE_DIR": str(cache),
               "PYTHONPATH": os.pathsep.join([str(switches[v]), str(REPO / "src")])}
        wall, cpu = timed(args, env, timeout)
        times[v][phase].append(wall)
        times[v][phase + "_cpu"].append(cpu)
        print(f"  {row['graph']} {row['command']} {phase} {v or 'all on'}: {wall:.3f} s (CPU {cpu:.3f} s)",
              flush=True)

    for r in range(row["rounds"]):
        cache = workdir / "cache" / f"{row['graph']}-{row['command']}-shared"
        shutil.rmtree(cache, ignore_errors=True)
        run("", cache, "cold")
        for v in variants[r % len(variants):] + variants[:r % len(variants)]:
            run(v, cache, "warm")
        shutil.rmtree(cache, ignore_errors=True)
        for v in row["cold_off"]:
            cache = workdir / "cache" / f"{row['graph']}-{row['command']}-{switches[v].name}"
            shutil.rmtree(cache, ignore_errors=True)
            run(v, cache, "cold")
            check_switch(v, cache)
            shutil.rmtree(cache, ignore_errors=True)
    return {**row, "times": times}


def count_row(row: dict, root: Path, workdir: Path, timeout: float) -> dict:
    """Hits and misses of every cache in one cold and one warm run, all caches on."""
    name = f"{row['graph']}-{row['command']}"
    site, cache = workdir / "counts" / name / "site", workdir / "counts" / name / "cache"
    out: dict = {"graph": row["graph"], "command": row["command"]}
    shutil.rmtree(workdir / "counts" / name, ignore_errors=True)
    for phase in ("cold", "warm"):
        folder = workdir / "counts" / name / phase
        cache_counts.sitecustomize(site, str(folder))
        env = {**os.environ, "SSVKG_CACHE_DIR": str(cache),
               "PYTHONPATH": os.pathsep.join([str(site), str(REPO / "src")])}
        timed(["--root", str(root), *COMMANDS[row["command"]]], env, timeout)
        out[phase] = cache_counts.total(folder)
    shutil.rmtree(workdir / "counts" / name, ignore_errors=True)
    return out


def counts_table(counts: list[dict]) -> list[str]:
    lines = ["| graph | command | cache | cold: hits / misses | cold: time in lookups and writes "
             "| warm: hits / misses | warm: time in lookups and writes |",
             "|---|---|---|---|---|---|---|"]
    order = ["store", *(f"memo:{k}" for k in MEMO_KINDS), "lru-check", "passed", "lru-prepare", "salt",
             "memo-count"]
    for c in counts:
        for cache in order:
            cold, warm = c["cold"].get(cache, {}), c["warm"].get(cache, {})
            if not cold and not warm:
                continue
            spent = [d.get("open_s", 0) + d.get("get_s", 0) + d.get("put_s", 0) for d in (cold, warm)]
            lines.append(f"| {c['graph']} | {SHOWN[c['command']]} | {cache} "
                         f"| {cold.get('hits', 0):g} / {cold.get('misses', 0):g} "
                         f"| {fmt_s(spent[0]) if spent[0] else '—'} "
                         f"| {warm.get('hits', 0):g} / {warm.get('misses', 0):g} "
                         f"| {fmt_s(spent[1]) if spent[1] else '—'} |")
    return lines


# ------------------------------------------------------------------ per call, in process

# What one call costs with each in-process cache hit and with it missed, on the repository's
# 25 named queries (a served named query took ~4 ms of CPU at 225 requests/s on 2 cores,
# BENCHMARKS.md "Web load test"): under `ssvkg serve` these caches are met at every request.
PER_CALL = r"""
import json, os, statistics, sys, tempfile, time
from pathlib import Path
root = Path(sys.argv[1])
os.environ["SSVKG_CACHE_DIR"] = tempfile.mkdtemp(prefix="ssvkg-percall-")
texts = [p.read_text(encoding="utf-8") for p in sorted((root / "queries").glob("*.rq"))]
from ssvkg.gate import sparql
from ssvkg.validation import inputs

def per_call(fn, reps=1):
    out = []
    for t in texts:
        started = time.perf_counter()
        for _ in range(reps):
            fn(t)
        out.append((time.perf_counter() - started) / reps)
    return statistics.median(out)

started = time.perf_counter()
sparql.check(texts[0])
first = time.perf_counter() - started  # imports rdflib's SPARQL grammar, parses, writes the memo
sparql.check.cache_clear(); sparql._prepare.cache_clear(); sparql._PASSED.clear()
out = {"first check in a process (imports the parser)": first}
def parse(t):
    sparql.check.cache_clear(); sparql._prepare.cache_clear()
    sparql._parse_and_check(t, "")
out["parse (no cache)"] = per_call(parse)
for t in texts:
    sparql.check(t)  # the memo now holds every verdict
def from_memo(t):
    sparql.check.cache_clear()
    sparql.check(t)
out["memo hit (lru missed)"] = per_call(from_memo, 5)
out["lru_cache hit (check)"] = per_call(sparql.check, 1000)
out["_PASSED hit (checked)"] = per_call(sparql.checked, 1000)
out["_prepare: rdflib parse (miss)"] = per_call(lambda t: sparql._prepare.__wrapped__(t))
out["_prepare: lru_cache hit"] = per_call(sparql._prepare, 1000)
from ssvkg.queries import catalogue
started = time.perf_counter()
catalogue._parse_decorators(texts[0], "")
out["decorators: first parse in a process (imports PyYAML)"] = time.perf_counter() - started
out["decorators: PyYAML parse"] = per_call(lambda t: catalogue._parse_decorators(t, ""))
out["decorators: memo hit"] = per_call(lambda t: catalogue.parse_decorators(t, ""), 5)
memo_dir = Path(os.environ["SSVKG_CACHE_DIR"]) / "memo"
for i in range(5000 - len(list(memo_dir.iterdir()))):
    (memo_dir / f"filler-{i}.json").write_text("{}")
from ssvkg import memo
started = time.perf_counter()
for _ in range(20):
    memo._counted.clear()
    memo._prune(memo_dir, keep=None, added=False)
out["memo._prune counting a full memo folder (5,000 entries)"] = (time.perf_counter() - started) / 20
started = time.perf_counter(); [inputs.salt.__wrapped__() for _ in range(20)]
out["salt() computed"] = (time.perf_counter() - started) / 20
started = time.perf_counter(); [inputs.salt() for _ in range(1000)]
out["salt() lru_cache hit"] = (time.perf_counter() - started) / 1000
# The web pages' cache (ssvkg.web.browse.Browser._cache: all labels, the home page's counts),
# on the repository's graph in memory, against one entity page built with it warm.
from ssvkg.project import Project
from ssvkg.store.oxigraph_engine import OxigraphEngine
from ssvkg.web.browse import Browser
engine = OxigraphEngine(Project(root))
engine.load(Project(root).data_files())
class Pages:  # what the server's sandboxed engine offers Browser, evaluated here in process
    def query(self, text, bindings=None, max_rows=None):
        return engine.query(text, bindings)
    def __getattr__(self, name):
        return getattr(engine, name)
browser = Browser(Pages())
def timed_min(fn, reps=5):
    best = None
    for _ in range(reps):
        started = time.perf_counter(); fn(); took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return best
out["web: Browser.labels() computed"] = timed_min(lambda: (browser._cache.clear(), browser.labels()))
out["web: Browser.labels() cache hit"] = timed_min(browser.labels)
out["web: Browser.home() computed (labels cached)"] = timed_min(
    lambda: (browser._cache.pop("home", None), browser.home("en")))
out["web: Browser.home() cache hit"] = timed_min(lambda: browser.home("en"))
out["web: an entity page's view (Browser.describe, caches warm)"] = timed_min(
    lambda: browser.describe("https://w3id.org/ssvkg/id/program-tianlai-action", "en"))
# Under `ssvkg serve` every page's queries pass the gate (SandboxedEngine.query -> checked()),
# and an entity page's texts name the entity: per page, its first visit parses them (and
# records the verdicts), a later one finds them in _PASSED, or in the memo once _PASSED has
# let them go, or (SSVKG_CACHE_DIR=off, or both caches gone) parses again.
texts_seen = []
class GatedPages(Pages):
    def query(self, text, bindings=None, max_rows=None):
        texts_seen.append(text)
        sparql.checked(text)
        return engine.query(text, bindings)
gated = Browser(GatedPages())
gated.labels()
iris = [str(r["s"]) for r in engine.query(
    "SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/ssvkg/ontology#Program> } ORDER BY ?s LIMIT 12").rows]
def pages(passes=1, reset=lambda: None):
    best = None
    for _ in range(passes):
        reset()
        started = time.perf_counter()
        for iri in iris:
            gated.describe(iri, "en")
        took = (time.perf_counter() - started) / len(iris)
        best = took if best is None else min(best, took)
    return best
def empty():
    sparql.check.cache_clear(); sparql._PASSED.clear()
sparql.check.cache_clear(); sparql._PASSED.clear()
out["serve: entity page, first visit (its texts parsed)"] = pages()
out["serve: entity page, gate texts per page"] = len(set(texts_seen)) / len(iris) * 1e-6  # shown as a count
out["serve: entity page again (_PASSED hits)"] = pages(3)
out["serve: entity page again, in-process caches emptied (memo hits)"] = pages(3, empty)
os.environ["SSVKG_CACHE_DIR"], cache_dir = "off", os.environ["SSVKG_CACHE_DIR"]
sparql.check.cache_clear(); sparql._PASSED.clear()
pages()
out["serve: entity page again, cache folder off, _PASSED kept"] = pages(3)
class NoPassed:
    def get(self, text): return None
    def __setitem__(self, text, result): pass
    def clear(self): pass
kept, sparql._PASSED = sparql._PASSED, NoPassed()
sparql.check = sparql.check.__wrapped__
out["serve: entity page again, cache folder off, no in-process cache"] = pages(3)
os.environ["SSVKG_CACHE_DIR"] = cache_dir
import shutil
shutil.rmtree(os.environ["SSVKG_CACHE_DIR"])
print(json.dumps(out))
"""


def per_call_costs() -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    p = subprocess.run([sys.executable, "-c", PER_CALL, str(REPO)], env=env, capture_output=True,
                       text=True, timeout=600, check=True)
    return json.loads(p.stdout.strip().splitlines()[-1])


def per_call_table(costs: dict) -> list[str]:
    lines = ["| call (gate and memo: median over the 25 named queries; web: best of 5) | time |",
             "|---|---|"]
    for k, v in costs.items():
        shown = f"{v * 1e6:.1f} µs" if v < 1e-4 else f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"
        if "texts per page" in k:
            shown = f"{v * 1e6:.1f}"
        lines.append(f"| {k} | {shown} |")
    return lines


# ------------------------------------------------------------------ report

def fmt_s(x: float) -> str:
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def paired(on: list[float], off: list[float]) -> float:
    """Median over the rounds of off/on, each pair from the same round."""
    return statistics.median(b / a for a, b in zip(on, off))


def saves(ratio: float) -> str:
    return f"{100 * (1 - 1 / ratio):+.0f} %"


def label(off: str) -> str:
    if off == IN_PROCESS:
        return "in-process caches (all five)"
    if off == GATE_IN_PROCESS:
        return "the gate's in-process caches (lru-check, passed, lru-prepare)"
    if off == "memo:file-checks+memo:file-lines+memo:shapes-check":
        return "memo: validation kinds (file-checks, file-lines, shapes-check)"
    return off.replace("memo:", "memo: ")


def table(results: list[dict]) -> list[str]:
    lines = ["| graph | command | cache off | rounds | cold: all on | cold: this off | off/on | saves "
             "| CPU off/on | warm: all on | warm: this off | off/on | saves | CPU off/on |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for res in results:
        t = res["times"]
        on = t[""]
        for off in res["off"]:
            cells = []
            for phase in ("cold", "warm"):
                if not t[off][phase]:  # measure_shared: no cold run of this variant of its own
                    cells += [fmt_s(statistics.median(on[phase])), "(as all on)", "—", "—", "—"]
                    continue
                r = paired(on[phase], t[off][phase])
                cpu = paired(on[phase + "_cpu"], t[off][phase + "_cpu"])
                cells += [fmt_s(statistics.median(on[phase])), fmt_s(statistics.median(t[off][phase])),
                          f"{r:.2f}×", saves(r), f"{cpu:.2f}× ({saves(cpu)})"]
            lines.append(f"| {res['graph']} | {SHOWN[res['command']]} | {label(off)} | {res['rounds']} | "
                         + " | ".join(cells) + " |")
    return lines


def report(results: list[dict], meta: dict) -> str:
    v = meta["versions"]
    lines = [
        f"- Reproduce: `python3 benchmarks/caches.py{' --quick' if meta['quick'] else ''}`"
        f" (graphs: {', '.join(meta['graphs'])})",
        f"- Machine: {meta['machine']}",
        f"- Date: {meta['started']} to {meta['ended']}; load average {meta['load_start']} at start, "
        f"{meta['load_end']} at the end (other jobs shared the cores)",
        f"- Versions: ssvkg {v['ssvkg']}, rdflib {v['rdflib']}, pyshacl {v['pyshacl']}, pyoxigraph {v['pyoxigraph']}",
        "- Times are medians over the rounds; off/on is the median of each round's pair; "
        "\"saves\" is 1 − on/off (negative: the cache costs time); CPU off/on is the same for the "
        "CPU time (user + system) of the command and its worker, which the machine's load moves far less.",
        "",
    ] + table(results)
    if meta.get("per_call"):
        lines += ["", "In process, per call (`per_call_costs()`):", ""] + per_call_table(meta["per_call"])
    if meta.get("counts"):
        lines += ["", "How often each cache is met, in one cold and one warm run with all on "
                  "(benchmarks/cache_counts.py; the CLI process and its worker added up):", ""] \
            + counts_table(meta["counts"])
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds; on 1M the store only")
    ap.add_argument("--graphs", default="real,1M,100k", help="comma-separated: real, 1M, 100k")
    ap.add_argument("--validate-1m", action="store_true",
                    help="also `ssvkg validate` on 1M, one round: one cold run each with all on and "
                    "with the store off, a warm run per variant (adds ~40 min on 2 busy cores)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/ssvkg-cachebench"))
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per command")
    ap.add_argument("--json", type=Path, help="also write the raw times here")
    ap.add_argument("--only", default="", help="comma-separated rows to run, as graph:command "
                    "(e.g. real:query-rdflib); default all of the plan")
    ap.add_argument("--from-json", type=Path, action="append", default=[],
                    help="print the report of saved --json runs (repeat to join several)")
    ap.add_argument("--counts-from", type=Path, action="append", default=[],
                    help="with --from-json: take the counts from these saved runs instead")
    ap.add_argument("--counts-only", action="store_true",
                    help="only count each cache's hits and misses (one cold and one warm run per row)")
    a = ap.parse_args(argv)
    if a.from_json:
        runs = [json.loads(f.read_text()) for f in a.from_json]
        saved = {"meta": runs[0]["meta"], "results": [r for run in runs for r in run["results"]]}
        saved["meta"]["counts"] = [c for run in runs for c in run["meta"].get("counts", [])]
        saved["meta"]["started"] = min(run["meta"]["started"] for run in runs)
        saved["meta"]["ended"] = max(run["meta"]["ended"] for run in runs)
        saved["meta"]["graphs"] = list(dict.fromkeys(g for run in runs for g in run["meta"]["graphs"]))
        saved["meta"]["per_call"] = max((run["meta"].get("per_call") or {} for run in runs), key=len)
        saved["meta"]["load_end"] = " / ".join(run["meta"]["load_end"] for run in runs)
        saved["meta"]["load_start"] = " / ".join(run["meta"]["load_start"] for run in runs)
        if a.counts_from:
            saved["meta"]["counts"] = [c for f in a.counts_from for c in json.loads(f.read_text())["meta"]["counts"]]
        print(report(saved["results"], saved["meta"]))
        return 0
    graphs = [g.strip() for g in a.graphs.split(",") if g.strip()]
    unknown = set(graphs) - {"real", "1M", "100k"}
    if unknown:
        ap.error(f"unknown graph {sorted(unknown)[0]!r}")
    assert all(n in CACHES for row in plan(a.quick, graphs, a.validate_1m) for off in row["off"] for n in off.split("+"))
    a.workdir.mkdir(parents=True, exist_ok=True)
    meta = {"started": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "quick": a.quick, "graphs": graphs,
            "load_start": f"{os.getloadavg()[0]:.1f}", "machine": machine(), "versions": versions()}
    meta["per_call"] = per_call_costs()
    print("\n".join(per_call_table(meta["per_call"])), flush=True)
    results = []
    meta["counts"] = []
    only = {x.strip() for x in a.only.split(",") if x.strip()}
    for row in plan(a.quick, graphs, a.validate_1m):
        if only and f"{row['graph']}:{row['command']}" not in only:
            continue
        root = graph_root(row["graph"], a.workdir)
        if not row.get("no_counts"):
            meta["counts"].append(count_row(row, root, a.workdir, a.timeout))
            print("\n".join(counts_table(meta["counts"][-1:])), flush=True)
        meta.update(ended=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), load_end=f"{os.getloadavg()[0]:.1f}")
        if a.counts_only:
            if a.json:
                a.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
            continue
        print(f"{row['graph']} {row['command']}: all on, then off: {', '.join(row['off'])}", flush=True)
        results.append((measure_shared if row.get("shared_cold") else measure)(row, root, a.workdir, a.timeout))
        meta.update(ended=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), load_end=f"{os.getloadavg()[0]:.1f}")
        if a.json:
            a.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
        print("\n".join(table(results[-1:])), flush=True)
    print()
    print(report(results, meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
