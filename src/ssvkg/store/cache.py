"""The on-disk store: the project's Turtle files parsed once into Oxigraph, keyed by content.

Layout, under the cache folder / <sha256 of the project root path>[:16]:

    entries/<key>/store/          a RocksDB store written by Oxigraph, opened read-only
    entries/<key>/manifest.json   input files (path, graph, sha256, size, mtime), prefixes,
                                  and every store file's size and mtime
    entries/<key>/COMPLETE        sha256 of manifest.json, written last
    latest                        the key used last, with the inputs' sizes and mtimes then
    build.lock                    held while building, so two processes do not both build

key = sha256 of (format version, pyoxigraph version, each file's path and content hash).
Any change to a file's content, a new or removed file, or a new pyoxigraph makes a new key.

An entry is built in a temporary folder next to entries/ and renamed into place only
when complete, so a crash leaves no half-written entry under a valid name. On open, an
entry is trusted only if COMPLETE matches the manifest, the manifest names this key, and
every store file still has the size and mtime recorded; otherwise it is rebuilt. RocksDB
checks block checksums on read; an OSError while querying makes the engine discard the
entry and rebuild (see OxigraphEngine).

Content hashes are not recomputed when every file's size, mtime, ctime and inode match
`latest` and no file is younger than that record by less than RACY_SECONDS (git's "racy clean" rule: a
write landing within the same clock tick as the build could otherwise go unseen).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ssvkg.errors import InputError
from ssvkg.project import Project

FORMAT = 2  # 2: graph IRIs without the repeated segment (…/graph/programs, not …/graph/graph/programs)
RACY_SECONDS = 2
KEEP_ENTRIES = 3  # the newest few stay, so switching branches back and forth stays fast
# RocksDB files that change on their own (info log) or carry no data (lock).
_UNCHECKED = ("LOG", "LOCK")


@dataclass
class OpenedStore:
    store: ox.Store
    namespaces: dict[str, str]
    entry: Path  # entries/<key>
    built: bool  # True if this call parsed the files


def project_dir(project: Project, root: Path) -> Path:
    return root / hashlib.sha256(str(project.root.resolve()).encode("utf-8")).hexdigest()[:16]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _inputs(project: Project) -> list[tuple[Path, str, os.stat_result]]:
    out = []
    root = project.root.resolve()
    folders: dict[Path, Path] = {}  # folder -> its resolved path (one realpath per folder)
    for path in project.data_files():
        try:
            st = path.stat()
            out.append((path, _relative(project, root, folders, path), st))
        except OSError as e:
            raise InputError(f"{project.relative(path)}: cannot read ({e.strerror or e}).") from None
    return out


def _relative(project: Project, root: Path, folders: dict[Path, Path], path: Path) -> str:
    """project.relative(path), with each folder resolved once instead of every file (two
    realpath calls per file: 10-30 ms of every cold `query run` on 200 files)."""
    if path.is_symlink():
        return project.relative(path)
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    try:
        return (folder / path.name).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _key(hashes: list[tuple[str, str]]) -> str:
    doc = json.dumps([FORMAT, ox.__version__ if hasattr(ox, "__version__") else "", hashes])
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()[:32]


def _read_manifest(entry: Path) -> dict | None:
    """The entry's manifest if the entry is complete and untouched, else None."""
    try:
        raw = (entry / "manifest.json").read_bytes()
        if (entry / "COMPLETE").read_text().strip() != hashlib.sha256(raw).hexdigest():
            return None
        manifest = json.loads(raw)
        if manifest.get("format") != FORMAT or manifest.get("key") != entry.name:
            return None
        for name, (size, mtime) in manifest["store_files"].items():
            st = (entry / "store" / name).stat()
            if st.st_size != size or st.st_mtime_ns != mtime:
                return None
        return manifest
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _fast_key(pdir: Path, inputs) -> str | None:
    """The key in pdir/latest, if every input still has the size and mtime recorded there
    and none was modified within RACY_SECONDS before that record was written."""
    try:
        latest = json.loads((pdir / "latest").read_bytes())
        recorded = latest["stats"]
        if len(recorded) != len(inputs):
            return None
        racy = latest["written_ns"] - RACY_SECONDS * 1_000_000_000
        for _, rel, st in inputs:
            if recorded.get(rel) != _stat_key(st) or max(st.st_mtime_ns, st.st_ctime_ns) >= racy:
                return None
        return str(latest["key"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _stat_key(st: os.stat_result) -> list[int]:
    # ctime too: any write sets it to now, and unlike mtime it cannot be set back.
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _remember(pdir: Path, key: str, inputs) -> None:
    """Record key with the inputs' sizes and mtimes for the next _fast_key."""
    doc = {"key": key, "written_ns": time.time_ns(),
           "stats": {rel: _stat_key(st) for _, rel, st in inputs}}
    try:
        _atomic_write(pdir / "latest", json.dumps(doc).encode("utf-8"))
    except OSError:
        pass  # only a speed-up


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _lock(pdir: Path):
    """An exclusive lock on pdir/build.lock (released when the process dies)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: builds are still atomic, just not serialized
        yield
        return
    with open(pdir / "build.lock", "a+b") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _build(project: Project, pdir: Path, key: str, inputs, hashes: dict[str, str]):
    """Parse into memory, then write the entry; returns (entry, the in-memory store)."""
    from ssvkg.store.oxigraph_load import declared_prefixes, load_file, namespaces_like_rdflib
    from ssvkg.store.dataset import graph_iri

    memory = ox.Store()
    declared, files = [], []
    for path, rel, st in inputs:
        graph = str(graph_iri(project, path))
        data = load_file(memory, path, graph, rel)
        declared += declared_prefixes(data)
        files.append({"path": rel, "graph": graph, "sha256": hashes[rel],
                      "size": st.st_size, "mtime_ns": st.st_mtime_ns})
    tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=pdir))
    try:
        # One bulk write from memory: many small bulk loads (one per file) or
        # transactional loads straight to disk were 2-3x slower here.
        store = ox.Store(str(tmp / "store"))
        store.bulk_extend(memory)
        for g in memory.named_graphs():  # empty graphs have no quads to carry them
            store.add_graph(g)
        store.flush()
        store.optimize()
        del store  # closes RocksDB before its files are listed and moved
        store_files = {
            p.name: [p.stat().st_size, p.stat().st_mtime_ns]
            for p in (tmp / "store").iterdir() if p.is_file() and p.name not in _UNCHECKED
        }
        manifest = {
            "format": FORMAT, "key": key, "root": str(project.root), "built_ns": time.time_ns(),
            "files": files, "namespaces": namespaces_like_rdflib(declared),
            "store_files": store_files,
        }
        raw = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")
        _write(tmp / "manifest.json", raw)
        _write(tmp / "COMPLETE", hashlib.sha256(raw).hexdigest().encode("ascii"))
        entry = pdir / "entries" / key
        if entry.exists():  # a broken entry under this key (we hold the lock)
            shutil.rmtree(entry, ignore_errors=True)
        os.rename(tmp, entry)
        return entry, memory
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _prune(pdir: Path, keep: str) -> None:
    """Drop all but the newest entries, and temporary folders of dead builds."""
    entries = sorted((p for p in (pdir / "entries").iterdir() if p.is_dir()),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in entries if p.name != keep][KEEP_ENTRIES - 1:]:
        shutil.rmtree(old, ignore_errors=True)
    hour_ago = time.time() - 3600
    for tmp in pdir.glob("tmp-*"):  # we hold the build lock: older ones are abandoned
        if tmp.stat().st_mtime < hour_ago:
            shutil.rmtree(tmp, ignore_errors=True)


def open_store(project: Project, root: Path) -> OpenedStore:
    """The project's data as a read-only Oxigraph store under the cache folder root, built if needed."""
    pdir = project_dir(project, root)
    try:
        (pdir / "entries").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create the cache folder {pdir} ({e.strerror or e}); "
                         "choose another with --cache-dir, or turn the cache off with --cache-dir off."
                         ) from None
    inputs = _inputs(project)
    key = _fast_key(pdir, inputs)
    hashes = None
    if key is None:
        hashes = {rel: _sha256(path) for path, rel, _ in inputs}
        key = _key([(rel, hashes[rel]) for _, rel, _ in inputs])
    entry = pdir / "entries" / key
    memory = None  # the store just parsed, when this call builds the entry
    manifest = _read_manifest(entry)
    if manifest is None:
        with _lock(pdir):
            manifest = _read_manifest(entry)  # another process may have built it meanwhile
            if manifest is None:
                if hashes is None:
                    hashes = {rel: _sha256(path) for path, rel, _ in inputs}
                entry, memory = _build(project, pdir, key, inputs, hashes)
                manifest = _read_manifest(entry)
                if manifest is None:
                    raise InputError(f"the cache entry {entry} could not be verified after building.")
            _remember(pdir, key, inputs)
            _prune(pdir, key)
    elif hashes is not None:  # found by content: remember it for the fast path
        _remember(pdir, key, inputs)
    if memory is not None:  # the builder keeps using what it parsed
        return OpenedStore(memory, manifest["namespaces"], entry, True)
    try:
        store = ox.Store.read_only(str(entry / "store"))
    except (OSError, RuntimeError) as e:
        if not is_damage(e):
            raise
        discard(entry)
        return open_store(project, root)
    return OpenedStore(store, manifest["namespaces"], entry, False)


def is_damage(e: Exception) -> bool:
    """An error from RocksDB meaning the store files are unreadable (not a query error)."""
    return isinstance(e, OSError) or "Corruption" in str(e)


def discard(entry: Path) -> None:
    """Mark an entry as untrustworthy (it will be rebuilt on next use)."""
    try:
        (entry / "COMPLETE").unlink(missing_ok=True)
    except OSError:
        pass
