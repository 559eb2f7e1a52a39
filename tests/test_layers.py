"""The package's shape: the layers contract of pyproject.toml holds, and no ssvkg module
imports itself round a cycle (imports made inside functions count too).

Both look at the repository's own src/ (PYTHONPATH=src in a child process), whatever
ssvkg this Python has installed. import-linter and grimp come with ssvkg[test].
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [env.get("PYTHONPATH")])])
    return env


def test_lint_imports_keeps_the_layers():
    # --no-cache: nothing is written into the checkout (.import_linter_cache).
    code = "import sys\nfrom importlinter.cli import lint_imports_command\nsys.exit(lint_imports_command())"
    p = subprocess.run([sys.executable, "-c", code, "--no-cache", "--config", str(REPO / "pyproject.toml")],
                       cwd=REPO, env=_env(), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-6000:] + p.stderr[-3000:]
    assert "Contracts: 1 kept, 0 broken." in p.stdout, p.stdout[-3000:]


# -- import cycles -------------------------------------------------------------------------

GRAPH = """\
import json, sys
import grimp
graph = grimp.build_graph("ssvkg", cache_dir=None)
import ssvkg
edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
json.dump({"file": ssvkg.__file__, "edges": edges}, sys.stdout)
"""


def import_graph() -> dict[str, list[str]]:
    """module -> the ssvkg modules it imports (anywhere in its code), as grimp sees src/."""
    p = subprocess.run([sys.executable, "-c", GRAPH], cwd=REPO, env=_env(), capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    out = json.loads(p.stdout)
    assert Path(out["file"]).resolve() == SRC / "ssvkg" / "__init__.py", out["file"]
    return out["edges"]


def cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """One cycle (a, b, ..., a) for every strongly connected group of modules that has one
    (Tarjan), each starting at its alphabetically first module; deterministic."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(v: str) -> None:  # iterative: no recursion limit on a deep chain
        work = [(v, iter(edges.get(v, ())))]
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        while work:
            node, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(edges.get(w, ()))))
                    break
                if w in on_stack:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.add(w)
                        if w == node:
                            break
                    if len(group) > 1 or node in edges.get(node, ()):
                        groups.append(group)

    for v in sorted(edges):
        if v not in index:
            connect(v)

    found = []
    for group in groups:
        start = min(group)
        # The shortest way from start back to itself, inside the group (breadth first).
        came_from: dict[str, str] = {}
        frontier = [start]
        while frontier and start not in came_from:
            nxt = []
            for u in frontier:
                for w in sorted(edges.get(u, ())):
                    if w in group and w not in came_from:
                        came_from[w] = u
                        nxt.append(w)
            frontier = nxt
        path = [start]
        while True:
            path.append(came_from[path[-1]])
            if path[-1] == start:
                break
        found.append(path[::-1])
    return sorted(found)


def test_no_import_cycles():
    edges = import_graph()
    assert len(edges) > 50 and "ssvkg.cli" in edges  # the whole package, not an empty graph
    found = cycles(edges)
    assert not found, "import cycles between ssvkg modules:\n" + "\n".join(" -> ".join(c) for c in found)


@pytest.mark.parametrize("edges, expected", [
    ({"a": ["b"], "b": ["c"], "c": []}, []),
    ({"a": ["b"], "b": ["a"]}, [["a", "b", "a"]]),
    ({"a": ["a"]}, [["a", "a"]]),
    ({"x.cli": ["x.api"], "x.api": ["x.store"], "x.store": ["x.errors", "x.api"], "x.errors": []},
     [["x.api", "x.store", "x.api"]]),
    ({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["e"], "e": ["d"], "f": ["a"]},
     [["a", "b", "c", "a"], ["d", "e", "d"]]),
], ids=["none", "two", "self", "layers", "two-groups"])
def test_the_cycle_finder_finds_cycles(edges, expected):
    # The check above can fail: the finder names cycles it is shown.
    assert cycles(edges) == expected
