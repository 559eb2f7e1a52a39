"""Count how often each of ssvkg's caches is met in a command, hit or missed (benchmarks only).

Loaded like cache_switches.py (a generated sitecustomize.py, in the CLI process and in its
workers), with every cache left on: each process writes <folder>/<pid>.json with, per
cache, its hits and misses, and the seconds spent in the on-disk caches' lookups. Wall
times on a shared machine move by ±20 %; hits × what one hit saves (caches.py's per-call
table) is an estimate the machine's load does not move.
"""

from __future__ import annotations

import importlib.abc
import json
import os
import sys
import time
from pathlib import Path

_counts: dict = {}
_out: Path | None = None


def _bump(cache: str, what: str, n: float = 1) -> None:
    c = _counts.setdefault(cache, {})
    c[what] = c.get(what, 0) + n
    _dump()


def _dump() -> None:
    if _out is None:
        return
    tmp = _out / f".{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"argv": sys.argv[:2], "counts": _counts}))
    os.replace(tmp, _out / f"{os.getpid()}.json")


def _lru(name: str, fn):
    """fn (an lru_cache) counting its hits and misses."""
    def counted(*args, **kwargs):
        before = fn.cache_info().hits
        try:
            return fn(*args, **kwargs)
        finally:
            _bump(name, "hits" if fn.cache_info().hits > before else "misses")
    counted.__wrapped__ = fn.__wrapped__
    counted.cache_info, counted.cache_clear = fn.cache_info, fn.cache_clear
    return counted


class _CountedPassed:
    def __init__(self, inner):
        self.inner = inner

    def get(self, text):
        found = self.inner.get(text)
        _bump("passed", "hits" if found is not None else "misses")
        return found

    def __setitem__(self, text, result):
        self.inner[text] = result

    def __len__(self):
        return len(self.inner)

    def clear(self):
        self.inner.clear()


def _memo(m) -> None:
    get, put, prune = m.get, m.put, m._prune

    def counted_get(kind, text, salt=""):
        started = time.perf_counter()
        value = get(kind, text, salt)
        _bump(f"memo:{kind}", "hits" if value is not None else "misses")
        _bump(f"memo:{kind}", "get_s", time.perf_counter() - started)
        return value

    def counted_put(kind, text, value, salt=""):
        started = time.perf_counter()
        put(kind, text, value, salt)
        _bump(f"memo:{kind}", "puts")
        _bump(f"memo:{kind}", "put_s", time.perf_counter() - started)

    def counted_prune(root, keep, added=True):
        _bump("memo-count", "misses" if root not in m._counted else "hits")
        return prune(root, keep, added)

    m.get, m.put, m._prune = counted_get, counted_put, counted_prune


def _store(m) -> None:
    open_store = m.open_store

    def counted(project, root=None):
        started = time.perf_counter()
        opened = open_store(project, root)
        if opened is not None:
            _bump("store", "misses" if opened.built else "hits")
            _bump("store", "open_s", time.perf_counter() - started)
        return opened

    m.open_store = counted


def _gate(m) -> None:
    m.check = _lru("lru-check", m.check)
    m._prepare = _lru("lru-prepare", m._prepare)
    m._PASSED = _CountedPassed(m._PASSED)


PATCHES = {
    "ssvkg.memo": _memo,
    "ssvkg.store.cache": _store,
    "ssvkg.gate.sparql": _gate,
    "ssvkg.validation.inputs": lambda m: setattr(m, "salt", _lru("salt", m.salt)),
}


class _Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name not in PATCHES:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            PATCHES[name](module)

        spec.loader.exec_module = exec_module
        return spec


def install(folder: str) -> None:
    global _out
    _out = Path(folder)
    _out.mkdir(parents=True, exist_ok=True)
    sys.meta_path.insert(0, _Hook())


def sitecustomize(folder, out: str) -> None:
    """Write folder/sitecustomize.py making every process count into out."""
    here = str(Path(__file__).resolve().parent)
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / "sitecustomize.py").write_text(
        "import importlib.util as _u\n"
        f"_s = _u.spec_from_file_location('cache_counts', {here + '/cache_counts.py'!r})\n"
        "_m = _u.module_from_spec(_s)\n_s.loader.exec_module(_m)\n"
        f"_m.install({str(out)!r})\n")


def total(out: str | Path) -> dict:
    """The counts of every process that wrote into out, added up."""
    sums: dict = {}
    for f in Path(out).glob("*.json"):
        for cache, c in json.loads(f.read_text())["counts"].items():
            for k, v in c.items():
                sums.setdefault(cache, {})[k] = sums.setdefault(cache, {}).get(k, 0) + v
    return sums
