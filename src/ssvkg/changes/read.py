"""Reading one side of a diff: a project folder, a dump file, or a git revision of a repository."""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from rdflib import Dataset

from ssvkg.errors import InputError
from ssvkg.project import DATA_DIRS, Project
from ssvkg.store.dataset import load, new_dataset

# suffix -> rdflib format; ".gz" on top of any of them is read through gzip
DUMP_SUFFIXES = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}


def read_version(spec: str | os.PathLike, repo: str | os.PathLike | None = None) -> Dataset:
    """The graph of one version: a folder holding ontology/ and graph/, a dump (.nq, .trig, .ttl,
    .nt, .jsonld, each optionally .gz), or else a git revision of `repo` (its ontology/ and graph/
    at that commit)."""
    path = Path(spec)
    if path.is_dir():
        if not any((path / d).is_dir() for d in DATA_DIRS):
            raise InputError(f"{spec}: a folder without ontology/ or graph/, so not a version of the graph.")
        return load(Project(path.resolve()))
    if path.is_file():
        return _read_dump(path)
    return _read_revision(str(spec), Path(repo) if repo is not None else Path.cwd())


def _read_dump(path: Path) -> Dataset:
    suffixes = path.suffixes
    zipped = bool(suffixes) and suffixes[-1] == ".gz"
    kind = suffixes[-2] if zipped and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    if kind not in DUMP_SUFFIXES:
        raise InputError(f"{path}: not a dump ssvkg can read (give {', '.join(DUMP_SUFFIXES)}, optionally .gz).")
    try:
        data = gzip.decompress(path.read_bytes()) if zipped else path.read_bytes()
    except (OSError, EOFError) as e:
        raise InputError(f"{path}: cannot read ({e}).") from None
    ds = new_dataset()
    try:
        ds.parse(data=data, format=DUMP_SUFFIXES[kind])
    except Exception as e:  # rdflib's parsers raise assorted errors
        raise InputError(f"{path}: not valid {DUMP_SUFFIXES[kind]} ({str(e).splitlines()[0] if str(e) else type(e).__name__}).") from None
    return ds


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as e:
        raise InputError(f"cannot run git ({e.strerror or e}).") from None
    if done.returncode != 0:
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout


def _read_revision(rev: str, repo: Path) -> Dataset:
    try:
        commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except subprocess.CalledProcessError:
        raise InputError(f"{rev}: neither a folder, a dump file nor a git revision of the repository {repo.resolve()}.") from None
    try:
        archive = _git(repo, "archive", "--format=tar", commit, "--", *DATA_DIRS)
    except subprocess.CalledProcessError as e:
        reason = e.stderr.decode(errors="replace").strip().splitlines()
        raise InputError(f"{rev}: git archive failed ({reason[0] if reason else 'no reason given'}).") from None
    with tempfile.TemporaryDirectory(prefix="ssvkg-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        return load(Project(Path(tmp)))
