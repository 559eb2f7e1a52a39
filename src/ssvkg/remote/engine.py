"""An engine over a remote SPARQL 1.1 store: the same named queries, run on the server.

Nothing is loaded locally to answer queries; the project's files give only the prefixes
(for compact IRIs in tables) and the graph IRIs (for stores whose default graph is not
the union of the named graphs). `load` uploads files with ssvkg.remote.loader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from rdflib import URIRef

from ssvkg.store.dataset import GRAPH_BASE, graph_iri, new_dataset
from ssvkg.errors import InputError
from ssvkg.project import Project
from ssvkg.remote.endpoint import Endpoint
from ssvkg.remote.http import DEFAULT_TIMEOUT
from ssvkg.results import QueryResult
from ssvkg.store.base import Engine

_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I | re.M)
_CORE = {"owl": "http://www.w3.org/2002/07/owl#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
         "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
         "xml": "http://www.w3.org/XML/1998/namespace"}


class EndpointEngine(Engine):
    name = "endpoint"

    def __init__(self, project: Project, endpoint: Endpoint):
        super().__init__(project)
        self.endpoint = endpoint
        self._namespaces: dict[str, str] | None = None

    @classmethod
    def connect(cls, project: Project, url: str, profile: str | None = None,
                timeout: float = DEFAULT_TIMEOUT, **kwargs) -> EndpointEngine:
        graphs = [str(graph_iri(project, f)) for f in project.data_files()]
        return cls(project, Endpoint.connect(url, profile=profile, timeout=timeout,
                                             default_graphs=graphs, **kwargs))

    @classmethod
    def from_project(cls, project: Project, cache_dir: Path | None = None) -> EndpointEngine:
        """The registry's way in, which has no URL to give: use connect() (ssvkg.open(endpoint=...))."""
        raise InputError("the endpoint engine needs a store: pass --endpoint URL (or set SSVKG_ENDPOINT), "
                         "or ssvkg.open(endpoint=URL).")

    def load(self, files: Sequence[Path]) -> None:
        from ssvkg.remote.loader import load

        load(self.endpoint, self.project, only=[str(f) for f in files])

    def query(self, text: str) -> QueryResult:
        return self.endpoint.query(text, self.namespaces())

    def triples_per_graph(self) -> dict[str, int]:
        rows = self.endpoint.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }} GROUP BY ?g')
        return {str(r["g"]): int(r["n"]) for r in rows if "g" in r and "n" in r}

    def namespaces(self) -> dict[str, str]:
        """The prefixes the project's Turtle files declare (first declaration wins), plus rdflib's core ones."""
        if self._namespaces is None:
            ns = dict(_CORE)
            for f in self.project.data_files():
                try:
                    text = f.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                for prefix, iri in _PREFIX.findall(text):
                    if prefix and prefix not in ns and iri not in ns.values():
                        ns[prefix] = iri
            self._namespaces = ns
        return self._namespaces

    def serialize(self, format: str) -> bytes:
        """The project's graphs as stored on the server (read back with one SELECT)."""
        from ssvkg.store.rdflib_engine import RdflibEngine

        rows = self.endpoint.select(
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}")) }}')
        ds = new_dataset()
        for prefix, iri in self.namespaces().items():
            ds.bind(prefix, iri, override=False)
        for r in rows:
            ds.graph(URIRef(str(r["g"]))).add((r["s"], r["p"], r["o"]))
        return RdflibEngine(self.project, ds).serialize(format)
