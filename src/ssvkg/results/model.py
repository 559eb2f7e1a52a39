"""Engine-neutral query results."""

from __future__ import annotations

from dataclasses import dataclass, field
from rdflib import Graph
from rdflib.term import Node


@dataclass
class QueryResult:
    kind: str  # "select", "ask" or "graph" (CONSTRUCT/DESCRIBE)
    vars: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)  # unbound vars are absent
    boolean: bool | None = None
    graph: Graph | None = None
    # prefix -> namespace IRI, used to compact IRIs in tables
    namespaces: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.graph) if self.graph is not None else 0
        return 1
