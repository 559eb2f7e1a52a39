"""The plain rdflib engine: an in-memory Dataset."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import rdflib.plugins.sparql
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ssvkg.store.dataset import graph_iri, graphs_of, merged_graph, new_dataset, parse_turtle
from ssvkg.results import QueryResult
from ssvkg.gate.sparql import check
from ssvkg.store.base import Engine

# FROM <x> must never make rdflib fetch x from the web or the disk.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

EXPORT_FORMATS = {  # our name -> (rdflib serializer, whole dataset?)
    "ttl": ("turtle", False),
    "nt": ("nt", False),
    "nq": ("nquads", True),
    "trig": ("trig", True),
    "jsonld": ("json-ld", True),
}


class RdflibEngine(Engine):
    name = "rdflib"

    def __init__(self, project, dataset=None):
        super().__init__(project)
        self.dataset = dataset if dataset is not None else new_dataset()

    def load(self, files: Sequence[Path]) -> None:
        for path in files:
            parse_turtle(self.dataset.graph(graph_iri(self.project, path)), path,
                         self.project.relative(path))

    def query(self, text: str) -> QueryResult:
        checked = check(text)
        res = self.dataset.query(checked.parsed)
        ns = self.namespaces()
        if res.type == "ASK":
            return QueryResult("ask", boolean=bool(res.askAnswer), namespaces=ns)
        if res.type in ("CONSTRUCT", "DESCRIBE"):
            g = Graph(bind_namespaces="core")
            g += res.graph
            return QueryResult("graph", graph=g, namespaces=ns)
        names = [str(v) for v in res.vars]
        rows = [
            {n: t for n, t in zip(names, row) if t is not None}
            for row in res
        ]
        return QueryResult("select", vars=names, rows=rows, namespaces=ns)

    def triples_per_graph(self) -> dict[str, int]:
        return {
            str(g.identifier): len(g)
            for g in graphs_of(self.dataset)
            if g.identifier != DATASET_DEFAULT_GRAPH_ID
        }

    def namespaces(self) -> dict[str, str]:
        return {p: str(ns) for p, ns in self.dataset.namespaces() if p}

    def serialize(self, format: str) -> bytes:
        rdf_format, whole = EXPORT_FORMATS[format]
        source = self.dataset if whole else merged_graph(self.dataset)
        data = source.serialize(format=rdf_format, encoding="utf-8")
        if format in ("nt", "nq"):  # line formats: sort so exports diff cleanly
            lines = sorted(set(data.decode("utf-8").splitlines()))
            data = ("\n".join(l for l in lines if l) + "\n").encode("utf-8")
        return data
