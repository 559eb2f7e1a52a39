"""What the steps of a release build see (Build), and the previous release they may compare with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from ssvkg.errors import InputError
from ssvkg.project import Project
from ssvkg.publish import describe
from ssvkg.queries.catalogue import NamedQuery

PREVIOUS_DUMP = "ssvkg.nq.gz"  # what CHANGES.md compares this release with


@dataclass
class Build:
    """What a build step sees: the project, the canonical dataset, the release facts, the files so far."""

    project: Project
    dataset: Dataset
    info: describe.ReleaseInfo
    # The named queries, read (and checked by the gate: a parse each) once for the whole build.
    queries: list[NamedQuery]
    files: dict[str, bytes] = field(default_factory=dict)  # release path -> bytes
    previous: Path | None = None
    notes: list[str] = field(default_factory=list)  # one sentence each, for the person building


SiteStep = Callable[[Build], dict[str, bytes]]


def previous_version(previous: Path) -> str:
    """The dcat:version of the release in folder previous (its void.ttl)."""
    void = previous / "void.ttl"
    if not previous.is_dir():
        raise InputError(f"--previous {previous}: no such folder.")
    if not void.is_file():
        raise InputError(f"--previous {previous}: not a release folder (it has no void.ttl).")
    if not (previous / PREVIOUS_DUMP).is_file():
        raise InputError(f"--previous {previous}: its dump {PREVIOUS_DUMP} is missing, so CHANGES.md cannot be written.")
    try:
        g = Graph().parse(void, format="turtle")
    except Exception:
        raise InputError(f"--previous {previous}: its void.ttl is not valid Turtle.") from None
    version = g.value(describe.DATASET, describe.DCAT_VERSION)
    if version is None:
        raise InputError(f"--previous {previous}: its void.ttl states no dcat:version.")
    return str(version)
