"""Turn off one of ssvkg's caches in a process and in the workers it starts (benchmarks only).

Written for commit c074fd5: several of the caches it names were deleted after it measured
them (BENCHMARKS.md, "Caches"); run it on that commit to reproduce the figures.

benchmarks/caches.py runs the real `ssvkg` command with PYTHONPATH starting with a folder
that holds a generated sitecustomize.py: `import cache_switches; cache_switches.install(...)`.
Python imports sitecustomize at start-up in the CLI process and in every sandboxed worker
(ssvkg.executor passes PYTHONPATH on), so the switch reaches the code wherever it runs.
install() imports nothing from ssvkg: it adds an import hook that patches a module right
after it has executed, before anything can bind its names (`from ssvkg.gate.sparql import
check` then gets the patched function). With no names given it does nothing, so the
"cache on" runs go through the same start-up.

Switches (see CACHES for what each one turns off):
    store                    the on-disk Oxigraph store (ssvkg.store.cache.open_store -> None,
                             what SSVKG_CACHE_DIR=off does to the store, the memo left on)
    memo:<kind>              one kind of ssvkg.memo entry (check, decorators, file-checks,
                             file-lines, shapes-check): get misses, put keeps nothing
    memo                     every kind
    lru-check                functools.lru_cache on ssvkg.gate.sparql.check
    passed                   ssvkg.gate.sparql._PASSED (the texts that passed, for checked())
    lru-prepare              functools.lru_cache on ssvkg.gate.sparql._prepare (rdflib's parse)
    salt                     functools.lru_cache on ssvkg.validation.inputs.salt
    memo-count               ssvkg.memo._counted (the memo's entries counted once per process)
"""

from __future__ import annotations

import importlib.abc
import sys

MEMO_KINDS = ("check", "decorators", "file-checks", "file-lines", "shapes-check")
CACHES = {
    "store": "on-disk Oxigraph store (store/cache.py)",
    **{f"memo:{k}": f"ssvkg.memo, kind {k!r}" for k in MEMO_KINDS},
    "memo": "ssvkg.memo, every kind",
    "lru-check": "lru_cache on gate.sparql.check",
    "passed": "gate.sparql._PASSED",
    "lru-prepare": "lru_cache on gate.sparql._prepare",
    "salt": "lru_cache on validation.inputs.salt",
    "memo-count": "memo._counted",
}


class _Never:
    """A cache that keeps nothing (stands in for _PASSED and memo._counted)."""

    def get(self, key, default=None):
        return default

    def __setitem__(self, key, value) -> None:
        pass

    def __contains__(self, key) -> bool:
        return False

    def __getitem__(self, key):
        raise KeyError(key)

    def pop(self, key, default=None):
        return default

    def __len__(self) -> int:
        return 0

    def clear(self) -> None:
        pass


class _Forgets(dict):
    """A dict that never admits to holding a key: memo._prune counts the folder every time."""

    def __contains__(self, key) -> bool:
        return False


def _unwrap(module, name: str) -> None:
    fn = getattr(module, name)
    setattr(module, name, getattr(fn, "__wrapped__", fn))


def _patches(off: set[str]) -> dict:
    """module name -> function patching it, for the caches in off."""
    out: dict[str, list] = {}

    def at(module: str, fn) -> None:
        out.setdefault(module, []).append(fn)

    if "store" in off:
        at("ssvkg.store.cache", lambda m: setattr(m, "open_store", lambda project, root=None: None))
    kinds = set(MEMO_KINDS) if "memo" in off else {c[5:] for c in off if c.startswith("memo:")}
    if kinds:
        def memo(m):
            get, put = m.get, m.put
            m.get = lambda kind, text, salt="": None if kind in kinds else get(kind, text, salt)
            m.put = lambda kind, text, value, salt="": None if kind in kinds else put(kind, text, value, salt)
        at("ssvkg.memo", memo)
    if "memo-count" in off:
        # _prune then lists the memo folder at every put: "counted once per process" undone.
        at("ssvkg.memo", lambda m: setattr(m, "_counted", _Forgets()))
    if "lru-check" in off:
        at("ssvkg.gate.sparql", lambda m: _unwrap(m, "check"))
    if "passed" in off:
        at("ssvkg.gate.sparql", lambda m: setattr(m, "_PASSED", _Never()))
    if "lru-prepare" in off:
        at("ssvkg.gate.sparql", lambda m: _unwrap(m, "_prepare"))
    if "salt" in off:
        at("ssvkg.validation.inputs", lambda m: _unwrap(m, "salt"))
    return out


class _Hook(importlib.abc.MetaPathFinder):
    def __init__(self, patches: dict):
        self.patches = patches

    def find_spec(self, name, path=None, target=None):
        if name not in self.patches:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader, patches = spec.loader, self.patches[name]
        run = loader.exec_module

        def exec_module(module):
            run(module)
            for patch in patches:
                patch(module)

        loader.exec_module = exec_module  # this module's loader instance only
        return spec


def install(names: str | list[str]) -> None:
    off = {n.strip() for n in (names.split(",") if isinstance(names, str) else names) if n.strip()}
    unknown = off - set(CACHES)
    if unknown:
        raise SystemExit(f"cache_switches: unknown cache {sorted(unknown)}; one of {', '.join(CACHES)}")
    if off:
        sys.meta_path.insert(0, _Hook(_patches(off)))


def sitecustomize(folder, names: str) -> None:
    """Write folder/sitecustomize.py turning off names (comma-separated; '' for none)."""
    from pathlib import Path

    here = str(Path(__file__).resolve().parent)
    (Path(folder) / "sitecustomize.py").write_text(
        "import importlib.util as _u\n"
        f"_s = _u.spec_from_file_location('cache_switches', {here + '/cache_switches.py'!r})\n"
        "_m = _u.module_from_spec(_s)\n_s.loader.exec_module(_m)\n"
        f"_m.install({names!r})\n")
