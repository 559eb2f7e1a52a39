"""README.md stays true: its CLI reference is the real --help, its Quick start is what CI runs."""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_lines() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_is_exactly_two_command_lines():
    assert quick_start_lines() == [
        "python3 -m pip install -e . && ssvkg query run programs-by-pillar",
        "bash scripts/install-test-deps.sh && python3 -m pytest",
    ]


def test_ci_runs_the_second_quick_start_line():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in ci
    line = quick_start_lines()[1]
    assert any(l.strip().startswith(line) for l in ci.splitlines()), f"{line!r} not in .ci/run"
    assert (REPO / ".ci" / "run").stat().st_mode & 0o111


def test_cli_reference_matches_help():
    r = subprocess.run([sys.executable, str(REPO / "scripts" / "update_cli_reference.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_cli_reference_covers_every_command():
    from ssvkg.cli import COMMANDS

    for name in COMMANDS:
        assert f"### `ssvkg {name}`" in README


def _doctests(text: str, name: str):
    import doctest

    return doctest.DocTestParser().get_doctest(text, {}, name, str(REPO / "README.md"), 0)


def test_python_section_runs_as_written(monkeypatch):
    """The README's Python example, run as a doctest from the repository root (its figures are
    the R&D spending stated in the 2021 and 2022 reports, source-002 and source-004)."""
    import doctest

    section = README.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```pycon\n(.*?)```", section, re.S)
    assert blocks and ">>> kg = ssvkg.open()" in blocks[0]
    monkeypatch.chdir(REPO)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    test = _doctests(blocks[0], "README.md#python")
    runner.run(test)
    assert len(test.examples) >= 6 and runner.failures == 0, f"{runner.failures} README example(s) failed"


def test_api_docstrings_run_as_written(monkeypatch):
    import doctest

    import ssvkg.api

    monkeypatch.chdir(REPO)
    failures, tried = doctest.testmod(ssvkg.api, optionflags=doctest.ELLIPSIS)
    assert tried >= 2 and failures == 0


def _plain_rdflib_recipe() -> str:
    section = README.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the Python section has one ```python block: the plain rdflib recipe"
    return blocks[0]


def test_plain_rdflib_recipe_gives_ssvkgs_rows(monkeypatch):
    """The README's notebook recipe, exactly as written (plain rdflib, no ssvkg), from the
    repository root: its rows are the embedded engine's, term for term."""
    from collections import Counter

    from rdflib import Literal

    import ssvkg

    code = _plain_rdflib_recipe()
    assert "import ssvkg" not in code and "default_union=True" in code
    monkeypatch.chdir(REPO)
    namespace: dict = {}
    exec(compile(code, "README.md#python-recipe", "exec"), namespace)

    def rows(result, names):
        return Counter(tuple((n, row[n]) for n in names if row[n] is not None) for row in result)

    expected = ssvkg.run_query("programs-by-pillar", root=REPO)
    names = expected.vars
    got = rows(namespace["rows"], names)
    assert sum(got.values()) == len(expected.rows) > 0
    assert got == Counter(tuple((n, r[n]) for n in names if n in r) for r in expected.rows)
    # what the README says of optional parameters: initBindings, as ssvkg's pillar=S
    text = (REPO / "queries" / "programs-by-pillar.rq").read_text()
    one = namespace["ds"].query(text, initBindings={"__pillar": Literal("S")})
    expected = ssvkg.run_query("programs-by-pillar", {"pillar": "S"}, root=REPO)
    assert rows(one, names) == Counter(tuple((n, r[n]) for n in names if n in r) for r in expected.rows)
    assert 0 < len(expected.rows) < len(namespace["rows"])
    # the trap the README warns about: without the union, no rows and no error
    namespace["ds"].default_union = False
    assert len(namespace["ds"].query(text)) == 0

