"""On-disk memo of what is derived from a query's text alone (the SPARQL gate's verdict, the
binding's verdict on a query's shape), so a cold `ssvkg query run` need not load rdflib's
pyparsing SPARQL grammar to learn again what an unchanged query file already showed; and of
the validation meta-checks' results per input file content (ssvkg.validation.inputs), so a
cold `ssvkg validate` re-checks only the files that changed. Each of these saves a fifth or
more of a command's time (BENCHMARKS.md, "Caches"); the grlc decorators' memo did not, and went.

A Memo is made for a cache folder and handed to whoever may use it (Memo(None): nothing
is kept). Layout, under the cache folder: memo/<kind>-<sha256(MEMO_FORMAT, versions, text)>.json.
Only successes are recorded: a query that fails its check is parsed (and fails) again
each time, with the same message. The key holds the versions of the parsers that made
the verdict, so an upgrade re-checks. With the cache off nothing is kept.
Any unreadable or malformed entry is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

MEMO_FORMAT = 1
MAX_ENTRIES = 5000  # ad hoc `ssvkg sparql` texts add entries too: keep the newest ones


class Memo:
    """The memo under cache_dir/memo; with cache_dir None, get() misses and put() keeps nothing."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.folder = None if cache_dir is None else Path(cache_dir) / "memo"

    def __repr__(self) -> str:
        return f"Memo({self.folder})"

    def _path(self, kind: str, text: str, salt: str) -> Path | None:
        if self.folder is None:
            return None
        doc = json.dumps([MEMO_FORMAT, kind, salt, text])
        return self.folder / f"{kind}-{hashlib.sha256(doc.encode('utf-8')).hexdigest()[:40]}.json"

    def get(self, kind: str, text: str, salt: str = ""):
        """The value recorded for (kind, text, salt), or None."""
        return _read(self._path(kind, text, salt), text)

    def put(self, kind: str, text: str, value, salt: str = "") -> None:
        """Record value (JSON-able) for (kind, text, salt); best effort, never raises."""
        path = self._path(kind, text, salt)
        if path is not None:
            _write(path, text, value)


NO_MEMO = Memo(None)


def _read(path: Path | None, text: str):
    if path is None:
        return None
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    # The text itself is stored and compared, so a hash collision or a stray file is a miss.
    if not isinstance(doc, dict) or doc.get("text") != text:
        return None
    return doc.get("value")


def _write(path: Path, text: str, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"text": text, "value": value}, f)
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
        _prune(path.parent, keep=path)
    except (OSError, TypeError, ValueError):  # unwritable cache, or a value JSON cannot hold
        try:
            os.unlink(tmp)  # noqa: F821  (only bound when mkstemp succeeded)
        except (OSError, NameError):
            pass


def _prune(root: Path, keep: Path) -> None:
    """Past MAX_ENTRIES, drop the older half but keep (runs when an entry is written; counting
    the folder costs a few ms, measured in BENCHMARKS.md "Caches")."""
    with os.scandir(root) as it:
        if sum(1 for e in it if e.name.endswith(".json")) <= MAX_ENTRIES:
            return
    entries = [p for p in root.glob("*.json") if p != keep]
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) + 1 - MAX_ENTRIES // 2]:
        try:
            old.unlink()
        except OSError:
            pass
