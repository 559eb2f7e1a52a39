"""The engine interface: what the API needs from a triple store."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

from ssvkg.project import Project
from ssvkg.results import QueryResult


class Engine(ABC):
    """A store holding one named graph per Turtle file of a Project.

    Queries reach an engine already checked by ssvkg.gate.sparql (read-only, no
    SERVICE), so an engine only evaluates. An engine receives final query text:
    parameters are already in it, as VALUES blocks written by
    ssvkg.queries.binding, so that they mean the same on every engine.
    """

    name: str = ""

    def __init__(self, project: Project):
        self.project = project

    @classmethod
    def from_project(cls, project: Project, cache_dir: Path | None = None) -> Engine:
        """An engine holding the project's data files; cache_dir is the on-disk cache folder
        for engines that keep one (None: parse into memory)."""
        engine = cls(project)
        engine.load(project.data_files())
        return engine

    @abstractmethod
    def load(self, files: Sequence[Path]) -> None:
        """Add each file as its own named graph (see ssvkg.store.dataset.graph_iri)."""

    @abstractmethod
    def query(self, text: str) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query over the union of the graphs."""

    @abstractmethod
    def triples_per_graph(self) -> dict[str, int]:
        """Graph IRI -> number of triples, for every named graph."""

    @abstractmethod
    def serialize(self, format: str) -> bytes:
        """The whole store in an RDF format: ttl, nt, nq, trig or jsonld."""

    @abstractmethod
    def namespaces(self) -> dict[str, str]:
        """Prefix -> namespace IRI as declared in the loaded files."""

    def close(self) -> None:
        """Release what the engine holds (worker processes, connections); idempotent."""
