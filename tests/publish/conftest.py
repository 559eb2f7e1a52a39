"""A release of the repository's graph, built once per session (about 20 s) by the CLI in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent.parent
BASE_URL = "https://example.org/ssvkg/"
DATE = "2026-12-01"
RELEASE_ARGS = ["--version", "9.9.9", "--base-url", BASE_URL, "--date", DATE]


def build(root: Path, out: Path, *extra: str):
    from ssvkg.cli import main

    return CliRunner().invoke(main, ["--root", str(root), "publish", str(out), *RELEASE_ARGS, *extra],
                              prog_name="ssvkg", catch_exceptions=False)


@pytest.fixture(scope="session")
def real_release(tmp_path_factory) -> Path:
    if not any((REPO / "graph").glob("*.ttl")):
        pytest.skip("the repository has no graph yet")
    out = tmp_path_factory.mktemp("release") / "r1"
    result = build(REPO, out)
    assert result.exit_code == 0, result.output
    return out
