"""The release's built-in steps after the dumps: the ontology documentation and CHANGES.md.

ontology_docs: ontology/index.html (English) and ontology/zh.html (Chinese), made by ssvkg.docs
(pyLODE, the docs extra). When they cannot be made (pyLODE is not installed, or it refuses the
ontology, e.g. one without an owl:Ontology header) the release has no ontology/ folder, and the
build's notes say why in one sentence (the CLI prints them); the static site then links ontology
terms to their IRIs.
changelog: with --previous, CHANGES.md (ssvkg.changes, in words) and CHANGES.rdfp (the RDF Patch
from the previous release's ssvkg.nq.gz to this one); nothing without --previous.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ssvkg.changes.compare import compare
from ssvkg.changes.patch import rdf_patch
from ssvkg.changes.read import read_version
from ssvkg.changes.words import changes_markdown
from ssvkg.docs import PAGE_FILES, write_ontology_docs
from ssvkg.docs.page import ontpub_class
from ssvkg.errors import InputError
from ssvkg.publish.build import PREVIOUS_DUMP, Build, previous_version

DOCS_DIR = "ontology"


def ontology_docs(build: Build) -> dict[str, bytes]:
    try:
        ontpub_class()  # pyLODE can be imported
        with tempfile.TemporaryDirectory(prefix="ssvkg-docs-") as tmp:
            written = write_ontology_docs(build.project, tmp)
            return {f"{DOCS_DIR}/{PAGE_FILES[lang]}": Path(path).read_bytes()
                    for lang, path in sorted(written.items())}
    except InputError as e:
        build.notes.append(f"No ontology documentation in the release: {str(e).rstrip('.')}.")
        return {}


def changelog(build: Build) -> dict[str, bytes]:
    if build.previous is None:
        return {}
    changes = compare(read_version(build.previous / PREVIOUS_DUMP), build.dataset)
    old = f"release {previous_version(build.previous)}"
    return {"CHANGES.md": changes_markdown(changes, old, f"release {build.info.version}").encode("utf-8"),
            "CHANGES.rdfp": rdf_patch(changes).encode("utf-8")}
