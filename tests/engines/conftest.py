"""Fixtures for the engine tests: a private on-disk cache, both engines side by side."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Every test gets its own cache folder, never the developer's ~/.cache/ssvkg: the CLI's
    (SSVKG_CACHE_DIR) and the API's default (ssvkg.settings.default_cache_dir, under XDG_CACHE_HOME)."""
    cache = tmp_path / "xdg" / "ssvkg"
    monkeypatch.setenv("SSVKG_CACHE_DIR", str(cache))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("SSVKG_ENGINE", raising=False)
    return cache
