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
