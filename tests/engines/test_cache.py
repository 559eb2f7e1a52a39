"""The on-disk store: reused while the files are unchanged, rebuilt on any change or damage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ssvkg
from ssvkg.store import cache
from ssvkg.store.registry import get_engine
from ssvkg.project import Project
from ssvkg.settings import cache_dir_from, default_cache_dir

from conftest import rows_of


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*/entries/*"))


def _open(root):
    return cache.open_store(Project.find(root), default_cache_dir())


def _names(root):
    return rows_of(ssvkg.run_query("programs-by-pillar", root=root), "name")


def _age(root: Path, seconds: float = 10) -> None:
    """Make every file look older than the racy window, as files normally are."""
    past = time.time() - seconds
    for f in root.rglob("*.ttl"):
        os.utime(f, (past, past))


def test_first_open_builds_then_reuses(mini_copy, _private_cache):
    _age(mini_copy)
    first = _open(mini_copy)
    assert first.built
    second = _open(mini_copy)
    assert not second.built and second.entry == first.entry
    manifest = json.loads((first.entry / "manifest.json").read_text())
    assert {f["path"] for f in manifest["files"]} == {Project(mini_copy).relative(p)
                                                      for p in Project(mini_copy).data_files()}
    assert len(_entries(_private_cache)) == 1
    assert not list(_private_cache.glob("*/tmp-*"))  # nothing half-built left behind


def test_a_changed_file_rebuilds(mini_copy):
    _age(mini_copy)
    before = _names(mini_copy)
    f = mini_copy / "graph" / "programs.ttl"
    f.write_text(f.read_text(encoding="utf-8").replace('"Smart Farming"', '"Smart Farms"'),
                 encoding="utf-8")
    after = _names(mini_copy)
    assert "Smart Farming" in before and "Smart Farms" in after and "Smart Farming" not in after


def test_same_size_same_mtime_edit_is_seen_when_racy(mini_copy):
    """A write that keeps size and mtime is caught while the file is younger than the record."""
    f = mini_copy / "graph" / "programs.ttl"
    first = _open(mini_copy)
    st = f.stat()
    f.write_text(f.read_text(encoding="utf-8").replace("Smart Farming", "Smart Farminx"), encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert _open(mini_copy).entry != first.entry


def test_a_new_file_rebuilds(mini_copy):
    _age(mini_copy)
    first = _open(mini_copy)
    (mini_copy / "graph" / "extra.ttl").write_text(
        '<https://w3id.org/ssvkg/id/p9> <https://w3id.org/ssvkg/ontology#name> "New" .\n')
    second = _open(mini_copy)
    assert second.built and second.entry != first.entry
    counts = get_engine("oxigraph").from_project(Project(mini_copy), default_cache_dir()).triples_per_graph()
    assert counts["https://w3id.org/ssvkg/graph/extra"] == 1


def test_going_back_reuses_the_older_entry(mini_copy):
    f = mini_copy / "graph" / "programs.ttl"
    original = f.read_text(encoding="utf-8")
    first = _open(mini_copy)
    f.write_text(original + "\n# a comment\n", encoding="utf-8")
    assert _open(mini_copy).entry != first.entry
    f.write_text(original, encoding="utf-8")
    again = _open(mini_copy)
    assert again.entry == first.entry and not again.built


@pytest.mark.parametrize("damage", ["manifest-garbage", "no-marker", "marker-wrong", "store-file-truncated",
                                    "store-file-removed"])
def test_damaged_entry_is_rebuilt_never_trusted(mini_copy, damage):
    _age(mini_copy)
    entry = _open(mini_copy).entry
    store_files = sorted(p for p in (entry / "store").iterdir() if p.suffix == ".sst")
    if damage == "manifest-garbage":
        (entry / "manifest.json").write_text("{not json")
    elif damage == "no-marker":
        (entry / "COMPLETE").unlink()
    elif damage == "marker-wrong":
        (entry / "COMPLETE").write_text("0" * 64)
    elif damage == "store-file-truncated":
        with open(store_files[0], "r+b") as fh:
            fh.truncate(10)
    else:
        store_files[0].unlink()
    again = _open(mini_copy)
    assert again.built, "a damaged entry must be rebuilt"
    assert _names(mini_copy) == ["Rural Teachers", "Smart Farming", "Village Clinics"]


def test_bytes_damaged_in_place_are_caught_on_read(mini_copy):
    """Same size, mtime put back: RocksDB's block checksums fail, the engine rebuilds and answers."""
    _age(mini_copy)
    entry = _open(mini_copy).entry
    for sst in (entry / "store").glob("*.sst"):
        st = sst.stat()
        data = bytearray(sst.read_bytes())
        for i in range(0, len(data) - 64, 97):  # scribble over data blocks, keep the footer
            data[i] ^= 0xFF
        sst.write_bytes(bytes(data))
        os.utime(sst, ns=(st.st_atime_ns, st.st_mtime_ns))
    engine = get_engine("oxigraph").from_project(Project(mini_copy), default_cache_dir())
    r = ssvkg.run_query("programs-by-pillar", engine=engine)
    assert rows_of(r, "name") == ["Rural Teachers", "Smart Farming", "Village Clinics"]


def test_cache_off_parses_into_memory(mini_root, _private_cache):
    with ssvkg.open(mini_root, cache_dir="off") as kg:
        assert kg.cache_dir is None
        assert rows_of(kg.run("programs-by-pillar"), "name") == ["Rural Teachers", "Smart Farming",
                                                                  "Village Clinics"]
        assert len(kg.stats().triples_per_graph) > 1
    assert not _private_cache.exists(), "nothing is written with the cache off"


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "ssvkg"
    assert cache_dir_from(None) == cache_dir_from("") == tmp_path / "xdg" / "ssvkg"
    assert cache_dir_from("OFF") is None and cache_dir_from("~/x") == Path.home() / "x"


def test_concurrent_processes_build_once_and_agree(mini_copy, _private_cache):
    code = ("import sys, ssvkg; r = ssvkg.run_query('programs-by-pillar', root=sys.argv[1]); "
            "print(','.join(str(x['name']) for x in r.rows))")
    env = {**os.environ, "SSVKG_CACHE_DIR": str(_private_cache)}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(mini_copy)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert {o.strip() for o, _ in outs} == {"Rural Teachers,Smart Farming,Village Clinics"}
    assert len(_entries(_private_cache)) == 1
    assert not list(_private_cache.glob("*/tmp-*"))


def test_cli_cache_dir_option(mini_root, tmp_path, cli, monkeypatch, _private_cache):
    monkeypatch.delenv("SSVKG_CACHE_DIR")
    target = tmp_path / "elsewhere"
    before = dict(os.environ)
    r = cli("--root", mini_root, "--cache-dir", target, "query", "run", "programs-by-pillar", "-F", "csv")
    assert r.exit_code == 0 and "Smart Farming" in r.output
    assert _entries(target) and not _private_cache.exists()
    assert dict(os.environ) == before, "the option is passed down, not put in the environment"


def test_input_names_match_project_relative_through_symlinks(mini_copy, tmp_path):
    # cache._inputs resolves each folder once instead of every file; the names it records
    # must still be exactly Project.relative's, for links inside and outside the root.
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.ttl").write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    (mini_copy / "graph" / "linked-file.ttl").symlink_to(outside / "far.ttl")
    (mini_copy / "graph" / "linked-folder").symlink_to(outside, target_is_directory=True)
    (mini_copy / "graph" / "inside").mkdir()
    (mini_copy / "graph" / "inside" / "near.ttl").write_text("", encoding="utf-8")
    (mini_copy / "graph" / "alias").symlink_to(mini_copy / "graph" / "inside", target_is_directory=True)
    project = Project(mini_copy)
    got = [rel for _, rel, _ in cache._inputs(project)]
    assert got == [project.relative(p) for p in project.data_files()]
    assert "graph/inside/near.ttl" in got and str(outside / "far.ttl") not in got  # not resolved away
