"""Fixtures for the engine tests: a private on-disk cache, both engines side by side."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Every test gets its own cache folder, never the developer's ~/.cache/ssvkg."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("SSVKG_CACHE_DIR", str(cache))
    monkeypatch.delenv("SSVKG_ENGINE", raising=False)
    return cache
