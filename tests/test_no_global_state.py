"""No process-wide state in src/: settings are passed down, not put in os.environ or in
module globals, and no code walks the call stack (tests fail on any of these)."""

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "ssvkg"
FILES = sorted(SRC.rglob("*.py"))


def _where(path: Path, node: ast.AST) -> str:
    shown = path.relative_to(SRC.parent) if path.is_relative_to(SRC.parent) else path.name
    return f"{shown}:{node.lineno}"


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def test_the_source_is_there():
    assert len(FILES) > 50


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"{_where(path, node)}: `global {', '.join(node.names)}`")
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for t in targets:
            if isinstance(t, ast.Subscript) and _is_environ(t.value):
                found.append(f"{_where(path, node)}: writes os.environ[...]")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            f = node.func
            if _is_environ(f.value) and f.attr in ("setdefault", "update", "pop", "clear", "__setitem__"):
                found.append(f"{_where(path, node)}: os.environ.{f.attr}(...)")
            if f.attr in ("putenv", "unsetenv", "_getframe", "currentframe"):
                found.append(f"{_where(path, node)}: {f.attr}(...)")
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_environment_writes_globals_or_frame_walking(path):
    found = offences(path)
    assert not found, "; ".join(found)


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The test above is not blind: each kind of offence in a sample is found."""
    sample = ("import os, sys\nx = 0\ndef f():\n    global x\n    x = 1\n"
              "os.environ['A'] = '1'\nos.environ.setdefault('B', '2')\nsys._getframe(1)\n")
    bad = tmp_path / "bad.py"
    bad.write_text(sample)
    found = " ; ".join(offences(bad))
    for needle in ("global x", "os.environ[...]", "os.environ.setdefault", "_getframe"):
        assert needle in found, needle


# rdflib's documented switch (rdflib.plugins.sparql, "SPARQL_LOAD_GRAPHS"), set to its safe
# value: FROM <x> must never make rdflib fetch x. rdflib offers no per-query way to say so.
ALLOWED = {"rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False"}


def test_no_process_wide_patch_of_other_libraries():
    """No class or module of another library is given a new value (as pySHACL's DataGraph.__bool__
    was), but for the one documented safety switch above."""
    pattern = re.compile(r"^\s*((?:pyshacl|rdflib|ga|pyoxigraph|ox|starlette)\.[\w.]*\s*=.*)$", re.M)
    hits = [f"{p.relative_to(SRC.parent)}: {m.group(1).strip()}" for p in FILES
            for m in pattern.finditer(p.read_text(encoding="utf-8")) if m.group(1).strip() not in ALLOWED]
    assert not hits
