"""A deliberately broken fact in a copy of the repository's own ontology/, graph/ and shapes/.

The fact is inserted in the middle of graph/programs.ttl; every result about it must
name that file and line, in every format. Skips while the repository's data cannot be
read (other people are writing it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

import ssvkg
from ssvkg.report import render

from report_parsing import FORMATS, locations

# One xdist worker runs them all: the copy is validated once (seconds), not once per worker.
pytestmark = pytest.mark.xdist_group("real-repo-copy")

REPO = Path(__file__).resolve().parents[2]
BROKEN = "https://w3id.org/ssvkg/id/program-broken-by-a-test"


def insert_mid_file(path: Path, statement: str) -> int:
    """Insert statement on its own line at a blank line between statements near the middle."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text_before = lambda i: "".join(lines[:i])
    candidates = [i for i in range(1, len(lines)) if not lines[i].strip()
                  and lines[i - 1].rstrip().endswith(".") and text_before(i).count('"""') % 2 == 0
                  and not lines[i - 1].lstrip().startswith(("@prefix", "PREFIX", "#"))]
    assert candidates, f"no statement boundary in {path.name}"
    at = min(candidates, key=lambda i: abs(i - len(lines) // 2))
    lines.insert(at + 1, statement + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return at + 2


@pytest.fixture(scope="module")
def broken_repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    for d in ("ontology", "graph", "shapes"):
        shutil.copytree(REPO / d, root / d)
    line = insert_mid_file(root / "graph" / "programs.ttl",
                           f"<{BROKEN}> a <https://w3id.org/ssvkg/ontology#Program> .")
    return root, line, ssvkg.validate(root, skip=["isomorphism"])


def test_every_result_about_the_broken_fact_points_at_its_line(broken_repo):
    root, line, result = broken_repo
    about = [i for i in result.issues if URIRef(BROKEN) in (i.focus, i.value)]
    assert about, "the shapes found nothing wrong with a programme that has no name, label or source"
    assert {(i.file, i.line) for i in about} == {("graph/programs.ttl", line)}
    assert result.exit_code() == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_in_every_format(broken_repo, fmt):
    root, line, result = broken_repo
    assert ("graph/programs.ttl", line) in locations(fmt, render(result, fmt))


def test_every_result_has_a_file_and_line(broken_repo):
    # Not only the broken fact: everything the shapes say about the real data is located.
    root, line, result = broken_repo
    assert [i for i in result.issues if not (i.file and i.line)] == []
