"""Shared fixtures.

mini_root / mini_copy: the small fixture project in tests/fixtures/mini (its own
ontology/, graph/, shapes/, queries/), so API and CLI tests do not depend on the
real graph. real_root: the repository's own data, for golden tests
(tests/test_golden_queries.py); it skips while the repo has no graph yet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


# -- under CI nothing may be skipped --------------------------------------------------
# CI installs every optional dependency and tool (.ci/run), and shared/ lies beside its
# clone: a skip there means something is missing, and a suite that silently lost a folder
# must not pass. Locally a skip stays a skip, with its reason.

def _under_ci() -> bool:
    import os

    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if _under_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped under CI, where everything must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if _under_ci() and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"a module was skipped at collection under CI: {report.longrepr}"


# The whole suite collects at least this many tests (2,927 on 2026-12-05, late evening): a folder that
# stops being collected (an import error, a renamed conftest) fails the run instead of
# shrinking it. Raise it when you add tests; lower it only with a reason in the commit.
MIN_TESTS = 2925


def _check_collected(config, count: int) -> None:
    whole = not config.args or [str(a).rstrip("/") for a in config.args] == ["tests"]
    if _under_ci() and whole and count < MIN_TESTS:
        raise pytest.UsageError(f"collected {count} tests, fewer than the {MIN_TESTS} the suite "
                                "has: a test folder is no longer collected.")


# -- parallel workers (pytest-xdist) ----------------------------------------------------
# pyproject.toml's addopts run the suite on parallel workers with --dist loadgroup. Tests that
# share something costly to start run as one xdist group, on one worker: it starts once, not
# once per worker, and tests that change what a shared server holds never run on two workers
# at once. Groups by fixture are here; others are marked where their fixture is made (one
# per `ssvkg serve` in tests/sandbox, one per engine of tests/web's web_url).
class _XdistHooks:
    """pytest-xdist's hooks, registered when it is loaded (without it, they are unknown hooks)."""

    @staticmethod
    def pytest_xdist_auto_num_workers(config):
        """`-n auto`: a worker per CPU and one more. Many tests wait (for a server to start, a
        deadline to pass, a subprocess or a browser), and the extra worker uses the CPU
        meanwhile. PYTEST_XDIST_AUTO_NUM_WORKERS still decides when set."""
        import os

        if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
            return None  # xdist's own hook reads it
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return cpus + 1

    @staticmethod
    def pytest_xdist_node_collection_finished(node, ids):
        """In the controller: each worker's collection is checked as the whole suite's."""
        _check_collected(node.config, len(ids))


def pytest_addhooks(pluginmanager):
    if pluginmanager.has_plugin("xdist"):
        pluginmanager.register(_XdistHooks(), "ssvkg-xdist-hooks")


XDIST_GROUPS = {
    # the real triple stores of tests/remote (session-scoped; tests load into them)
    "oxigraph": "stores", "virtuoso": "stores", "virtuoso_login": "stores", "mini_on": "stores",
    "real_on": "stores",
    # headless Chromium, and the repository's graph served for it and for two HTTP tests
    "browser": "browser", "real_web_url": "browser",
    # the release of the repository's graph (built once: its tests and the static site's browser tests)
    "real_release": "browser",
}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups (its own hook appends them to node ids)
def pytest_collection_modifyitems(session, config, items):
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            groups = {XDIST_GROUPS[f] for f in getattr(item, "fixturenames", ()) if f in XDIST_GROUPS}
            if groups:
                item.add_marker(pytest.mark.xdist_group("_".join(sorted(groups))))
    # Under pytest-xdist every worker collects the whole suite and the controller collects
    # nothing: the controller checks what each worker collected (_XdistHooks), the workers do
    # not (an error raised in a worker's collection is an INTERNALERROR, not a clear message).
    if not hasattr(config, "workerinput"):
        _check_collected(config, len(items))


class _GroupCheck:
    @staticmethod
    @pytest.hookimpl(trylast=True)  # after pytest-xdist's own hook, which appends "@group" to node ids
    def pytest_collection_modifyitems(config, items):
        """In an xdist worker with --dist loadgroup: fail if the groups did not reach the node ids.
        pytest-xdist 3.8 sets item._nodeid, which pytest 9.2 no longer reads (nodeid comes from
        item._id): every test would then go to any worker and each worker would start its own
        stores, browsers and grlc (three Virtuosos instead of one, minutes more). pyproject.toml
        pins pytest below 9.1 for this; this check notices a pin that no longer holds."""
        if not getattr(config, "workerinput", None) or not config.getvalue("loadgroup"):
            return
        grouped = [i for i in items if i.get_closest_marker("xdist_group") is not None]
        if grouped and not any("@" in i.nodeid for i in grouped):
            raise pytest.UsageError(
                "pytest-xdist's --dist loadgroup does not work with this pytest (node ids carry no @group): "
                "install the pytest version pyproject.toml's test extra asks for.")


def _compile_ssvkg() -> None:
    """Byte-compile the ssvkg under test into its __pycache__ (git-ignored), as its first import
    would, were writing bytecode not switched off (PYTHONDONTWRITEBYTECODE; the executor starts
    its workers with it, ssvkg.executor.process). The suite starts the CLI and the executor's
    workers as fresh processes about a thousand times: without this, on a machine where
    bytecode is off, each of them compiles ssvkg's modules from source again. Only a checkout
    of this repository is written to (never an installed ssvkg); stale files are recompiled,
    and a file Python cannot write is only slower."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("ssvkg")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if Path(folder).resolve().is_relative_to(REPO):
            compileall.compile_dir(folder, quiet=2)


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the main process: before any worker or test starts
        _compile_ssvkg()
    else:
        config.pluginmanager.register(_GroupCheck(), "ssvkg-xdist-group-check")


@pytest.fixture(autouse=True)
def _no_env_root(monkeypatch):
    # A developer's SSVKG_ROOT must not leak into tests.
    monkeypatch.delenv("SSVKG_ROOT", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _own_cache_dir(tmp_path_factory):
    # The Oxigraph engine's on-disk store: one per test session, never the user's ~/.cache/ssvkg;
    # the CLI reads SSVKG_CACHE_DIR, the API's default folder is under XDG_CACHE_HOME.
    import os

    if "SSVKG_CACHE_DIR" not in os.environ:
        xdg = tmp_path_factory.mktemp("xdg")
        os.environ["XDG_CACHE_HOME"] = str(xdg)
        os.environ["SSVKG_CACHE_DIR"] = str(xdg / "ssvkg")


@pytest.fixture(scope="session")
def real_release(tmp_path_factory) -> Path:
    """`ssvkg publish` of the repository's graph (tests/publish/conftest.py's options), built once
    per run: under pytest-xdist the first worker to need it builds it in the run's shared
    temporary folder while the others wait (20 s of CPU each, otherwise), read-only for all."""
    import fcntl
    import os

    from publish.conftest import REPO, build

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the run's folder
    out = shared / "real-release"
    with open(shared / "real-release.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not out.is_dir():  # publish renames a finished folder into place
            result = build(REPO, out)
            assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def mini_root() -> Path:
    return MINI


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the fixture project, for tests that break it."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    return dest


@pytest.fixture
def real_root() -> Path:
    """The repository's data."""
    return REPO


@pytest.fixture
def cli():
    """Run the ssvkg CLI in-process: cli("--root", d, "query", "list") -> click Result."""
    from ssvkg.cli import main

    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, prog_name="ssvkg",
                             catch_exceptions=False)

    return invoke


def rows_of(result, var: str) -> list[str]:
    """The values of one variable in a QueryResult, as strings."""
    return [str(r[var]) for r in result.rows if var in r]


@pytest.fixture(scope="session")
def real_engine():
    """The repository's graph loaded once per test session on the default engine (Oxigraph, in
    this process), for golden tests. rdflib gives the same rows for every golden run:
    tests/queries/test_binding.py compares the two engines on each of them."""
    from ssvkg.project import Project
    from ssvkg.store.registry import DEFAULT_ENGINE, get_engine

    return get_engine(DEFAULT_ENGINE).from_project(Project(REPO))


def _parse_all(files):
    from rdflib import Graph

    g = Graph()
    for path in files:
        g.parse(path, format="turtle")
    return g


@pytest.fixture(scope="session")
def shapes_graph():
    """The repository's shapes/ as one rdflib Graph (read-only: shared by the session)."""
    import shacl_reference

    return shacl_reference.read_only(_parse_all(sorted((Path(__file__).resolve().parent.parent / "shapes").glob("*.ttl"))))


@pytest.fixture(scope="session")
def ontology_graph():
    """The repository's ontology/ as one rdflib Graph (read-only: shared by the session)."""
    return _parse_all(sorted((Path(__file__).resolve().parent.parent / "ontology").glob("*.ttl")))
