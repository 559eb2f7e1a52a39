"""`ssvkg publish`: a release folder built from the project's files and nothing else.

The folder holds the dumps (ssvkg.publish.dumps), their description (void.ttl, void.jsonld,
dataset.jsonld), SHA256SUMS, one file per entity, concept, named graph and the ontology in
Turtle, N-Triples and JSON-LD (ssvkg.publish.resources) and w3id/.htaccess. It is written
into a temporary folder beside OUT_DIR and renamed into place at the end: a failed build
leaves nothing half-written. Built twice from the same commit, every file is the same bytes:
the issued date is the data's last commit date (or --date), never the clock.

Then the steps, each a SiteStep (it gets the Build, whose files hold what the steps before it
wrote, and returns more files): the ontology documentation (ssvkg.publish.extras: pyLODE, the
docs extra; without it, a note and no ontology/ folder), CHANGES.md against --previous, then the
steps the caller passes (the CLI passes the static site, ssvkg.web.release_site, which lives in
the web layer above this one).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Dataset, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ssvkg.errors import InputError
from ssvkg.project import Project
from ssvkg.publish import describe, dumps, extras, resources, w3id
from ssvkg.publish.build import Build, SiteStep, previous_version
from ssvkg.queries import catalogue
from ssvkg.store.dataset import load_files
from ssvkg.version import __version__

_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$")
DATA_DIRS = ("ontology", "graph", "shapes", "queries")
SOURCE_DOCUMENT = URIRef("https://w3id.org/ssvkg/ontology#SourceDocument")




def data_commit_date(root: Path) -> str | None:
    """The date (YYYY-MM-DD) of the newest git commit touching the data folders, if root is in git."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cs", "--", *DATA_DIRS],
                             capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = out.stdout.strip()
    return value if out.returncode == 0 and re.fullmatch(r"\d{4}-\d\d-\d\d", value) else None


def _checked_url(url: str | None, option: str, slash: bool) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in url for c in ' <>"{}|\\^`'):
        raise InputError(f"{option} {url!r}: give an http(s) URL.")
    return url if not slash or url.endswith("/") else url + "/"


def _checked_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"--date {value!r}: give a date as YYYY-MM-DD.") from None


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder; give a new folder for the release.")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise InputError(f"{out_dir}: the folder is not empty; give a new or empty folder for the release.")
    parent = out_dir.parent
    if not parent.is_dir():
        raise InputError(f"{parent}: no such folder to create the release in.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{parent}: cannot write there (permission denied).")


def _sources(ds: Dataset) -> list[tuple[URIRef, str]]:
    """(IRI, title) of each ssv:SourceDocument; ds reads as the union of its graphs (default_union)."""
    out = []
    for s in sorted(set(ds.subjects(RDF.type, SOURCE_DOCUMENT))):
        out.append((s, str(ds.value(s, DCTERMS.title) or ds.value(s, RDFS.label) or s)))
    return out


def build_files(project: Project, info: describe.ReleaseInfo, previous: Path | None = None,
                steps: Sequence[SiteStep] = (), notes: list[str] | None = None) -> dict[str, bytes]:
    """Release path -> bytes, for the whole release; steps add files at the end (the static site).
    notes, if given, receives the steps' notes (a part left out, and why)."""
    files_in = project.data_files()
    if not files_in:
        raise InputError(f"no Turtle files under ontology/ or graph/ in {project.root}.")
    ds = dumps.canonical_dataset(load_files(project, files_in))
    dump_files = dumps.build_dumps(ds)
    counts = describe.count(ds)
    sources = _sources(ds)
    queries = catalogue.list_queries(project)
    void = describe.void_graph(counts, dump_files, queries, info, sources)
    if previous is not None:
        void.add((describe.DATASET, DCTERMS.replaces,
                  URIRef(f"{describe.DATASET}/{previous_version(previous)}")))
    void.add((describe.DATASET, DCTERMS.hasVersion, URIRef(f"{describe.DATASET}/{info.version}")))
    files = {d.name: d.data for d in dump_files}
    files["void.ttl"] = dumps.graph_text(void, "turtle")
    files["void.jsonld"] = dumps.graph_text(void, "json-ld")
    files["dataset.jsonld"] = (json.dumps(describe.schema_org(counts, dump_files, info, sources),
                                          indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n"
                                  for n in sorted(files)).encode("utf-8")
    files.update(resources.resource_files(ds))
    files["w3id/.htaccess"] = w3id.htaccess(info.base_url).encode("utf-8")
    build = Build(project, ds, info, queries, files, previous)
    for step in (extras.ontology_docs, extras.changelog, *steps):
        files.update(step(build))
    if notes is not None:
        notes.extend(build.notes)
    return files


def publish(project: Project, out_dir: str | os.PathLike, *, version: str | None = None,
            base_url: str | None = None, sparql_url: str | None = None,
            previous: str | os.PathLike | None = None, issued: str | None = None,
            steps: Sequence[SiteStep] = (), notes: list[str] | None = None) -> dict[str, bytes]:
    """Build the release of project into out_dir (new or empty); returns what was written.
    steps: more SiteSteps after the built-in ones (the CLI passes the static site); notes, if
    given, receives one sentence for each part left out (the ontology docs without pyLODE)."""
    out = Path(out_dir).expanduser().absolute()
    version = version or __version__
    if not _VERSION.match(version):
        raise InputError(f"--version {version!r}: use letters, digits and . + _ - only.")
    base_url = _checked_url(base_url, "--base-url", slash=True)
    sparql_url = _checked_url(sparql_url, "--sparql-url", slash=False)
    prev = Path(previous).expanduser() if previous is not None else None
    if prev is not None:
        previous_version(prev)  # a missing or wrong --previous fails before any work
    _check_out_dir(out)
    issued = _checked_date(issued) or data_commit_date(project.root)
    if issued is None:
        raise InputError(f"{project.root}: not a git checkout, so the issued date is unknown; give --date YYYY-MM-DD.")
    info = describe.ReleaseInfo(version=version, issued=issued, base_url=base_url, sparql_url=sparql_url)
    files = build_files(project, info, prev, steps, notes)
    _write_folder(out, files)
    return files


def _write_folder(out: Path, files: dict[str, bytes]) -> None:
    """Write every file into a temporary folder beside out, then rename it to out."""
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as e:
        raise InputError(f"{out.parent}: cannot write there ({e.strerror or e}).") from None
    try:
        for name, data in files.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        tmp.chmod(0o755)
        if out.is_dir():
            out.rmdir()  # empty, checked before the build
        os.replace(tmp, out)
    except OSError as e:
        raise InputError(f"{out}: cannot write the release ({e.strerror or e}).") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
