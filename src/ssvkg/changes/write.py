"""CHANGES.md (and the patch) from two versions, for `ssvkg diff` and `ssvkg publish --previous`."""

from __future__ import annotations

import os
from pathlib import Path

from ssvkg.changes.compare import compare
from ssvkg.changes.patch import rdf_patch
from ssvkg.changes.read import read_version
from ssvkg.changes.words import changes_markdown


def write_changelog(old: str | os.PathLike, new: str | os.PathLike, markdown_path: str | os.PathLike,
                    patch_path: str | os.PathLike | None = None, repo: str | os.PathLike | None = None) -> bool:
    """Compare two versions (folders, dumps or git revisions of `repo`), write the Markdown (and the
    RDF Patch if asked); True when they differ."""
    changes = compare(read_version(old, repo), read_version(new, repo))
    Path(markdown_path).write_text(changes_markdown(changes, str(old), str(new)), encoding="utf-8")
    if patch_path is not None:
        Path(patch_path).write_text(rdf_patch(changes), encoding="utf-8")
    return bool(changes)
