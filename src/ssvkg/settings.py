"""Where ssvkg keeps what it derives: the on-disk cache folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "SSVKG_CACHE_DIR"
OFF = ("off", "none", "0", "false")


def cache_root() -> Path | None:
    """$SSVKG_CACHE_DIR, else $XDG_CACHE_HOME/ssvkg, else ~/.cache/ssvkg; None when turned off."""
    given = os.environ.get(ENV, "").strip()
    if given.lower() in OFF:
        return None
    if given:
        return Path(given).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ssvkg"
