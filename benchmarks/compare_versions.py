"""Two versions of ssvkg side by side: the same cold CLI commands, interleaved, in one run.

    python3 benchmarks/compare_versions.py --before 443d755            # HEAD against a commit
    python3 benchmarks/compare_versions.py --before 443d755 --sizes real,100k,1M --runs 5

Each version is a git worktree (made under --work, default /tmp/ssvkg-compare) run with
PYTHONPATH=<its src>, each with its own cache folder, so neither sees the other's store or
memo. The commands, on the repository's graph and on generated ones (benchmarks/generate.py,
seed 42): `query run programs-by-pillar` and `query run quotations` with the store warm,
`validate` with an empty cache (a fresh CI machine) and again (store and memo kept). Runs
alternate before/after so the machine's load falls on both alike; the table gives medians
and the ratio after/before (below 1: faster now). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZES = {"100k": 100_000, "1M": 1_000_000}
COMMANDS = [  # (label, CLI arguments, empty the cache before each run)
    ("query run programs-by-pillar (store warm)", ["query", "run", "programs-by-pillar"], False),
    ("query run quotations (store warm)", ["query", "run", "quotations"], False),
    ("validate, empty cache", ["validate", "--skip", "isomorphism"], True),
    ("validate again (store and memo kept)", ["validate", "--skip", "isomorphism"], False),
]


def worktree(work: Path, rev: str) -> Path:
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", rev], check=True,
                            capture_output=True, text=True).stdout.strip()
    path = work / f"src-{commit}"  # by commit: HEAD moves
    if not path.exists():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(path), rev],
                       check=True, capture_output=True)
    return path


def timed(src: Path, root: Path, cache: Path, args: list[str], timeout: float) -> float | None:
    env = {**os.environ, "PYTHONPATH": str(src / "src"), "SSVKG_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", "from ssvkg.cli import main; main()", "--root", str(root), *args],
                       env=env,
                       capture_output=True, timeout=timeout)
    elapsed = time.perf_counter() - started
    if p.returncode not in (0, 1):  # validate exits 1 when it finds violations
        sys.stderr.write(f"{src.name} {args}: exit {p.returncode}: {p.stderr.decode()[-300:]}\n")
        return None
    return elapsed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="git revision to compare with")
    ap.add_argument("--after", default="HEAD")
    ap.add_argument("--sizes", default="real,100k,1M")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path("/tmp/ssvkg-compare"))
    ap.add_argument("--timeout", type=float, default=900)
    a = ap.parse_args(argv)
    a.work.mkdir(parents=True, exist_ok=True)
    versions = {"before": worktree(a.work, a.before), "after": worktree(a.work, a.after)}
    print(f"# {a.before} (before) vs {a.after} (after); {os.cpu_count()} cores, {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, load {os.getloadavg()[0]:.1f}\n")
    print("| graph | command | before | after | after/before |\n|---|---|---|---|---|")
    for size in a.sizes.split(","):
        if size == "real":
            root = REPO
        else:
            root = a.work / f"data-{size}"
            if not root.exists():
                subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples", str(SIZES[size]),
                                "--seed", "42", "--out", str(root)], check=True, capture_output=True)
        runs = a.runs if size != "1M" else max(1, a.runs // 2)
        for label, args, empty in COMMANDS:
            if size == "1M" and empty:
                continue  # minutes per run: the 1M table in BENCHMARKS.md has the cold figure
            times: dict[str, list[float]] = {"before": [], "after": []}
            for i in range(runs + (0 if empty else 1)):  # one unrecorded run warms the store
                for name, src in (versions.items() if i % 2 == 0 else reversed(versions.items())):
                    cache = a.work / f"cache-{name}-{size}"
                    if empty:
                        shutil.rmtree(cache, ignore_errors=True)
                    t = timed(src, root, cache, args, a.timeout)
                    if t is not None and (empty or i > 0):
                        times[name].append(t)
            if times["before"] and times["after"]:
                b, f = statistics.median(times["before"]), statistics.median(times["after"])
                print(f"| {size} | `ssvkg {' '.join(args)}` — {label} | {b:.3f} s | {f:.3f} s | {f / b:.2f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
