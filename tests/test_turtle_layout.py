"""Every hand-edited Turtle file is in one canonical layout: turtlefmt's (the formatter of
Oxigraph's author, which keeps comments). Diffs then show changed facts, not re-spacing.

To fix a failure: `turtlefmt <file>` (installed by `pip install -e ".[test]"`).
Left out: tests/bad_input (broken on purpose) and tests/sandbox/corpus (templates with
%LISTENER% placeholders, not Turtle until a test fills them in).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("graph", "ontology", "shapes", "tests/shapes", "tests/fixtures", "tests/web")


def _turtlefmt() -> str:
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    exe = shutil.which("turtlefmt", path=path)
    if exe is None:
        pytest.skip("turtlefmt is not installed (pip install -e '.[test]')")
    return exe


def _files() -> list[Path]:
    return sorted(f for folder in FOLDERS for f in (REPO / folder).rglob("*.ttl"))


def test_the_layout_covers_the_data_shapes_and_cases():
    names = {f.relative_to(REPO).parts[0] for f in _files()}
    assert {"graph", "ontology", "shapes", "tests"} <= names and len(_files()) > 150


def test_every_turtle_file_is_in_turtlefmt_layout():
    exe = _turtlefmt()
    off = []
    for f in _files():
        proc = subprocess.run([exe, "--check", str(f)], capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            off.append(str(f.relative_to(REPO)))
    assert not off, f"{len(off)} file(s) not in canonical layout; run: turtlefmt " + " ".join(off)


def test_the_check_fails_on_a_file_out_of_layout(tmp_path):
    exe = _turtlefmt()
    f = tmp_path / "x.ttl"
    f.write_text("@prefix ex: <http://example.org/> .\nex:a   ex:b ex:c,ex:d .\n", encoding="utf-8")
    assert subprocess.run([exe, "--check", str(f)], capture_output=True).returncode != 0
    subprocess.run([exe, str(f)], check=True, capture_output=True)
    assert subprocess.run([exe, "--check", str(f)], capture_output=True).returncode == 0
