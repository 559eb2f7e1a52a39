"""On-disk memo of what is derived from a query's text alone (the SPARQL gate's verdict,
the grlc decorators), so a cold `ssvkg query run` need not load rdflib's pyparsing SPARQL
grammar or PyYAML to learn again what an unchanged query file already showed; and of the
validation meta-checks' results per input file content (ssvkg.validation.inputs), so a cold
`ssvkg validate` re-checks only the files that changed.

A Memo is made for a cache folder and handed to whoever may use it (Memo(None): nothing
is kept). Layout, under the cache folder: memo/<kind>-<sha256(MEMO_FORMAT, versions, text)>.json.
Only successes are recorded: a query that fails its check is parsed (and fails) again
each time, with the same message. The key holds the rdflib and PyYAML versions whose
parsers made the verdict, so an upgrade re-checks. With the cache off nothing is kept.
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
        self._count: int | None = None  # entries in the folder, counted once then kept up to date

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
            _write(self, path, text, value)


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


def _write(memo: Memo, path: Path, text: str, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"text": text, "value": value}, f)
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
        _prune(memo, path.parent, keep=path, added=new)
    except (OSError, TypeError, ValueError):  # unwritable cache, or a value JSON cannot hold
        try:
            os.unlink(tmp)  # noqa: F821  (only bound when mkstemp succeeded)
        except (OSError, NameError):
            pass


def _prune(memo: Memo, root: Path, keep: Path, added: bool = True) -> None:
    """Past MAX_ENTRIES, drop the older half but keep (runs only when an entry is added).

    The entries are counted once per process (a validate run adds one per input file, and
    listing thousands of entries each time would cost more than the memo saves)."""
    if memo._count is None:
        with os.scandir(root) as it:
            memo._count = sum(1 for e in it if e.name.endswith(".json"))
    elif added:
        memo._count += 1
    if memo._count <= MAX_ENTRIES:
        return
    entries = [p for p in root.glob("*.json") if p != keep]
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) + 1 - MAX_ENTRIES // 2]:
        try:
            old.unlink()
        except OSError:
            pass
    memo._count = None
