"""Building a release with the CLI in-process (build), with the options the tests use."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent.parent
BASE_URL = "https://example.org/ssvkg/"
DATE = "2026-12-01"
RELEASE_ARGS = ["--version", "9.9.9", "--base-url", BASE_URL, "--date", DATE]


def build(root: Path, out: Path, *extra: str):
    from ssvkg.cli import main

    return CliRunner().invoke(main, ["--root", str(root), "publish", str(out), *RELEASE_ARGS, *extra],
                              prog_name="ssvkg", catch_exceptions=False)


# real_release (the repository's graph, built once per session) is in tests/conftest.py: the
# browser tests of the static site (tests/web/test_static_site_browser.py) use it too.
