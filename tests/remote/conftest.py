"""Fixtures: real stores (session-scoped, started once) and the fault-injecting server.

A missing server binary skips its tests with how to install it; under CI (CI=true) it fails
instead, since .ci/run installs both (scripts/install-test-deps.sh)."""

from __future__ import annotations

import pytest

from . import faults, servers
from .servers import missing as _missing


@pytest.fixture(autouse=True)
def _no_endpoint_env(monkeypatch, tmp_path):
    # A developer's endpoint settings and ~/.netrc must not leak into these tests.
    for name in ("SSVKG_ENDPOINT", "SSVKG_ENDPOINT_PROFILE", "SSVKG_ENDPOINT_USER", "SSVKG_ENDPOINT_PASSWORD",
                 "SSVKG_ENDPOINT_TOKEN", "SSVKG_NETRC"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    if not servers.oxigraph_binary():
        _missing(servers.OXIGRAPH_HINT)
    server = servers.start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if not servers.virtuoso_binary():
        _missing(servers.VIRTUOSO_HINT)
    server = servers.start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def real_on(tmp_path_factory):
    """store kind -> Loaded (test_named_queries_on_stores.py) for the repository's own graph."""
    from .test_named_queries_on_stores import REPO, Loaded, _start

    cache, started = {}, []

    def get(kind):
        if kind not in cache:
            server = _start(kind, tmp_path_factory, f"real-{kind}")
            started.append(server)
            try:
                cache[kind] = Loaded(server, REPO)
            except Exception as e:
                cache[kind] = e
        if isinstance(cache[kind], Exception):
            pytest.fail(f"loading the repository's graph into {kind} failed: {cache[kind]}")
        return cache[kind]

    yield get
    for s in started:
        s.stop()


@pytest.fixture
def virtuoso_login(virtuoso, monkeypatch):
    """The fresh database's dba/dba, given the way a user gives credentials: the environment."""
    monkeypatch.setenv("SSVKG_ENDPOINT_USER", virtuoso.user)
    monkeypatch.setenv("SSVKG_ENDPOINT_PASSWORD", virtuoso.password)
    return virtuoso


@pytest.fixture
def fault_server():
    server = faults.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_retry():
    from ssvkg.remote.http import RetryPolicy

    return RetryPolicy(retries=2, backoff=0.01, max_wait=2.0)
