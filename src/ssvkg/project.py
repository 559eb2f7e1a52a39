"""Finding the data root: the folder holding ontology/, graph/, shapes/ and queries/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ssvkg.errors import InputError

DATA_DIRS = ("ontology", "graph")
PACKAGE_DIR = Path(__file__).resolve().parent


def _is_data_root(path: Path) -> bool:
    return all((path / d).is_dir() for d in DATA_DIRS)


def _checkout_root() -> Path | None:
    """The repository of an editable install or a checkout (src/ssvkg -> repo)."""
    repo = PACKAGE_DIR.parent.parent
    if (repo / "pyproject.toml").is_file() and _is_data_root(repo):
        return repo
    return None


def find_root(root: str | os.PathLike | None = None) -> Path:
    """Resolve the data root: explicit root, $SSVKG_ROOT, cwd, the checkout, packaged data."""
    for given, label in ((root, "--root"), (os.environ.get("SSVKG_ROOT") or None, "SSVKG_ROOT")):
        if given is not None:
            path = Path(given).expanduser()
            if not path.is_dir():
                raise InputError(f"{label} {given}: no such directory.")
            return path.resolve()
    cwd = Path.cwd()
    if _is_data_root(cwd):
        return cwd
    checkout = _checkout_root()
    if checkout is not None:
        return checkout
    packaged = PACKAGE_DIR / "data"
    if packaged.is_dir():
        return packaged
    raise InputError(
        "no data found: run inside the ssvkg repository, pass --root DIR or set SSVKG_ROOT."
    )


def _ttl_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.ttl") if p.is_file()) if folder.is_dir() else []


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, root: str | os.PathLike | Project | None = None) -> Project:
        if isinstance(root, Project):
            return root
        return cls(find_root(root))

    def data_files(self) -> list[Path]:
        """All Turtle files under ontology/ then graph/, recursive, sorted."""
        return [f for d in DATA_DIRS for f in _ttl_files(self.root / d)]

    def ontology_files(self) -> list[Path]:
        return _ttl_files(self.root / "ontology")

    def shapes_files(self) -> list[Path]:
        return _ttl_files(self.root / "shapes")

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def relative(self, path: Path) -> str:
        """A path as shown in messages: relative to the root when inside it."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)
