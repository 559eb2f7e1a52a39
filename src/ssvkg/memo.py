"""On-disk memo of what is derived from a query's text alone (the SPARQL gate's verdict,
the grlc decorators), so a cold `ssvkg query run` need not load rdflib's pyparsing SPARQL
grammar or PyYAML to learn again what an unchanged query file already showed; and of the
validation meta-checks' results per input file content (ssvkg.validation.inputs), so a cold
`ssvkg validate` re-checks only the files that changed.

Layout, under ssvkg.settings.cache_root(): memo/<kind>-<sha256(MEMO_FORMAT, versions, text)>.json.
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
_counted: dict = {}  # memo folder -> entries in it, counted once per process then kept up to date


def _root() -> Path | None:
    from ssvkg.settings import cache_root

    root = cache_root()
    return None if root is None else root / "memo"


def _path(kind: str, text: str, salt: str) -> Path | None:
    root = _root()
    if root is None:
        return None
    doc = json.dumps([MEMO_FORMAT, kind, salt, text])
    return root / f"{kind}-{hashlib.sha256(doc.encode('utf-8')).hexdigest()[:40]}.json"


def get(kind: str, text: str, salt: str = ""):
    """The value recorded for (kind, text, salt), or None."""
    path = _path(kind, text, salt)
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


def put(kind: str, text: str, value, salt: str = "") -> None:
    """Record value (JSON-able) for (kind, text, salt); best effort, never raises."""
    path = _path(kind, text, salt)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"text": text, "value": value}, f)
        os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
        _prune(path.parent, keep=path, added=new)
    except (OSError, TypeError, ValueError):  # unwritable cache, or a value JSON cannot hold
        try:
            os.unlink(tmp)  # noqa: F821  (only bound when mkstemp succeeded)
        except (OSError, NameError):
            pass


def _prune(root: Path, keep: Path, added: bool = True) -> None:
    """Past MAX_ENTRIES, drop the older half but keep (runs only when an entry is added).

    The entries are counted once per process (a validate run adds one per input file, and
    listing thousands of entries each time would cost more than the memo saves)."""
    if root not in _counted:
        with os.scandir(root) as it:
            _counted[root] = sum(1 for e in it if e.name.endswith(".json"))
    elif added:
        _counted[root] += 1
    if _counted[root] <= MAX_ENTRIES:
        return
    entries = [p for p in root.glob("*.json") if p != keep]
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for old in entries[: len(entries) + 1 - MAX_ENTRIES // 2]:
        try:
            old.unlink()
        except OSError:
            pass
    _counted.pop(root, None)
