"""What the sandboxed worker costs a cold CLI command (issue 11), measured side by side.

Each round runs, as fresh processes and in alternation (so the shared machine's load
falls on both alike):
  worker      `ssvkg query run NAME`: the query evaluated in a sandboxed worker process
  in-process  the same query on the same on-disk store opened in the calling process
              (what ssvkg did before the executor; kept here only as the yardstick)
and prints the medians and their ratio. Usage: python3 benchmarks/executor_cost.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IN_PROCESS = """
import sys
from ssvkg.api import run_query
from ssvkg.store.oxigraph_engine import OxigraphEngine
from ssvkg.project import Project
from ssvkg.results import render
project = Project.find(None)
sys.stdout.write(render(run_query(sys.argv[1], {}, engine=OxigraphEngine.from_project(project)), None))
"""


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--query", default="programs-by-pillar")
    args = ap.parse_args()
    ssvkg = shutil.which("ssvkg")
    if ssvkg is None:
        sys.exit("Error: the ssvkg command is not installed (pip install -e .).")
    worker_cmd = [ssvkg, "query", "run", args.query]
    inproc_cmd = [sys.executable, "-c", IN_PROCESS, args.query]
    timed(worker_cmd)  # builds the on-disk store once, for both
    worker, inproc = [], []
    for _ in range(args.rounds):
        worker.append(timed(worker_cmd))
        inproc.append(timed(inproc_cmd))
    w, i = statistics.median(worker), statistics.median(inproc)
    load = os.getloadavg()[0]
    print(f"# Executor cost, cold `query run {args.query}`, {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} cores, load average {load:.1f}, {args.rounds} rounds")
    print("| path | median | min |")
    print("|---|---|---|")
    print(f"| worker process (sandboxed) | {w:.3f} s | {min(worker):.3f} s |")
    print(f"| in-process (yardstick) | {i:.3f} s | {min(inproc):.3f} s |")
    print(f"| worker / in-process | {w / i:.2f}× (+{w - i:.3f} s) | |")


if __name__ == "__main__":
    main()
