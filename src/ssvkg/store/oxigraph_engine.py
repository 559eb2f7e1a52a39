"""The Oxigraph engine: pyoxigraph's Rust store and SPARQL evaluator, the default.

Loading goes through ssvkg.store.cache: the first run parses the Turtle files into an
on-disk Oxigraph store keyed by their content; later runs (any process) open that
store read-only instead of parsing again. Without a cache folder (cache_dir None,
or load() called directly) the store lives in memory.

Results are engine-neutral QueryResults with rdflib terms (see oxterms).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ssvkg.store.dataset import graph_iri
from ssvkg.results import QueryResult
from ssvkg.gate.sparql import checked
from ssvkg.store.base import Engine
from ssvkg.store.oxigraph_load import declared_prefixes, load_file, namespaces_like_rdflib
from ssvkg.store.terms import from_ox

EXPORT_FORMATS = {  # our name -> (Oxigraph format, whole dataset?)
    "ttl": (ox.RdfFormat.TURTLE, False),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
}
# The union of the named graphs, each triple once: what ttl and nt exports hold.
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


class OxigraphEngine(Engine):
    name = "oxigraph"

    def __init__(self, project, store: ox.Store | None = None,
                 namespaces: dict[str, str] | None = None):
        super().__init__(project)
        self.store = store if store is not None else ox.Store()
        self._namespaces = dict(namespaces) if namespaces is not None else namespaces_like_rdflib([])
        self._entry = None  # the cache entry the store was opened from, if any
        self._cache_dir: Path | None = None

    @classmethod
    def from_project(cls, project, cache_dir: Path | None = None) -> Engine:
        if cache_dir is None:  # no cache: parse into memory
            return super().from_project(project)
        from ssvkg.store.cache import open_store  # the on-disk store keyed by file content

        opened = open_store(project, cache_dir)
        engine = cls(project, opened.store, opened.namespaces)
        engine._entry, engine._cache_dir = opened.entry, cache_dir
        return engine

    def _run(self, text: str, **options):
        """store.query; a read error on a cached store (corruption) rebuilds it once and retries."""
        try:
            return self.store.query(text, **options)
        except (OSError, RuntimeError) as e:
            from ssvkg.store.cache import discard, is_damage, open_store

            if self._entry is None or not is_damage(e):
                raise

            discard(self._entry)
            opened = open_store(self.project, self._cache_dir)
            self.store, self._namespaces, self._entry = opened.store, opened.namespaces, opened.entry
            return self.store.query(text, **options)

    def load(self, files: Sequence[Path]) -> None:
        declared: list[tuple[str, str]] = []
        for path in files:
            data = load_file(self.store, path, str(graph_iri(self.project, path)),
                             self.project.relative(path))
            declared += declared_prefixes(data)
        self._namespaces = namespaces_like_rdflib(declared)

    def query(self, text: str) -> QueryResult:
        gate = checked(text)  # read-only, no SERVICE: same gate as the rdflib engine
        kind = gate.kind
        # FROM / FROM NAMED pick graphs of the store (never fetched); else the union.
        union = not gate.has_dataset
        try:
            res = self._run(text, use_default_graph_as_union=union)
        except SyntaxError as e:  # rdflib accepted it, Oxigraph did not
            from ssvkg.errors import QueryError

            raise QueryError(f"Oxigraph cannot run this query: {str(e).splitlines()[0]}.") from None
        ns = self.namespaces()
        if kind == "ASK":
            return QueryResult("ask", boolean=bool(res), namespaces=ns)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            g = Graph(bind_namespaces="core")
            for t in res:
                g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
            return QueryResult("graph", graph=g, namespaces=ns)
        names = [v.value for v in res.variables]
        # Each distinct term is converted once: rows repeat labels, types and pillars, and
        # building rdflib Literals is slow (quotations at 1M: 80k terms, 22k distinct; 0.25 s -> 0.14 s).
        seen: dict = {}
        rows = []
        for sol in res:
            row = {}
            for n, t in zip(names, sol):
                if t is not None:
                    term = seen.get(t)
                    if term is None:
                        term = seen[t] = from_ox(t)
                    row[n] = term
            rows.append(row)
        return QueryResult("select", vars=names, rows=rows, namespaces=ns)

    def triples_per_graph(self) -> dict[str, int]:
        counts = self._run(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        out = {s["g"].value: int(s["n"].value) for s in counts}
        for g in self.store.named_graphs():  # empty files are empty graphs
            out.setdefault(g.value, 0)
        return out

    def namespaces(self) -> dict[str, str]:
        return dict(self._namespaces)

    def serialize(self, format: str) -> bytes:
        """The whole store in format, with language tags as the files write them (langtags)."""
        from ssvkg.store.langtags import restore, written_forms

        forms = written_forms(self.project.data_files())
        if forms is None:  # a tag spelled two ways: only rdflib's parse of the files keeps both
            from ssvkg.store.rdflib_engine import RdflibEngine

            return RdflibEngine.from_project(self.project).serialize(format)
        data = restore(self._serialize(format), format, forms)
        if format in ("nt", "nq"):  # line formats: sort so exports diff cleanly
            lines = sorted(set(data.decode("utf-8").splitlines()))
            data = ("\n".join(l for l in lines if l) + "\n").encode("utf-8")
        return data

    def _serialize(self, format: str) -> bytes:
        """Oxigraph's serialization (language tags lower-cased)."""
        rdf_format, whole = EXPORT_FORMATS[format]
        if whole:
            return self.store.dump(format=rdf_format, prefixes=self._namespaces)
        triples = self._run(_UNION, use_default_graph_as_union=True)
        return triples.serialize(format=rdf_format) if format == "nt" else \
            ox.serialize(triples, format=rdf_format, prefixes=self._namespaces)
