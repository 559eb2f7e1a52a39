"""Where ssvkg keeps what it derives: the cache folder, as a value passed down, never read from
the environment below the command line (the CLI reads --cache-dir / $SSVKG_CACHE_DIR)."""

from __future__ import annotations

import os
from pathlib import Path

OFF = ("off", "none", "0", "false")


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/ssvkg, else ~/.cache/ssvkg (the XDG base directory convention)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ssvkg"


def cache_dir_from(value: str | os.PathLike | None) -> Path | None:
    """The cache folder a user asked for: None or "" for the default, "off" for none (None)."""
    given = "" if value is None else os.fspath(value).strip()
    if given.lower() in OFF:
        return None
    return Path(given).expanduser() if given else default_cache_dir()
