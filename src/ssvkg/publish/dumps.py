"""The release's dumps: the project's named graphs written the same, byte for byte, at every build.

Reproducible bytes need three things: the same blank-node labels (rdflib.compare's canonical
labels, per graph, prefixed with the graph's own tag so that two files' blank nodes stay two),
the same order (line formats sorted, graphs and triples added in sorted order, JSON-LD
re-sorted), and gzip without a time or file name in its header. rdflib writes the formats: it
keeps language tags as the files write them (@zh-Hant), where Oxigraph lowercases them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.compare import to_canonical_graph

from ssvkg.store.dataset import graphs_of


@dataclass(frozen=True)
class Dump:
    """One dump file: its name in the release, the bytes, the media type and the format's name."""

    name: str
    data: bytes
    media_type: str
    format_name: str
    compression: str | None = None  # the media type of the packaging (application/gzip), if any

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _graph_tag(iri: str) -> str:
    return "g" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:10]


def canonical_dataset(ds: Dataset) -> Dataset:
    """A copy of ds with canonical blank-node labels, graphs and triples added in sorted order."""
    out = Dataset(default_union=True)
    for prefix, ns in sorted(ds.namespaces()):
        out.bind(prefix, ns, override=True, replace=True)
    named = sorted((g for g in graphs_of(ds) if isinstance(g.identifier, URIRef)
                    and g.identifier != DATASET_DEFAULT_GRAPH_ID), key=lambda g: str(g.identifier))
    for g in named:
        source = to_canonical_graph(g) if any(isinstance(t, BNode) for tr in g for t in tr) else g
        tag = _graph_tag(str(g.identifier))
        relabel = lambda t: BNode(tag + str(t)) if isinstance(t, BNode) else t  # noqa: E731
        target = out.graph(g.identifier)
        for triple in sorted(tuple(relabel(t) for t in tr) for tr in source):
            target.add(triple)
    return out


def union_graph(ds: Dataset) -> Graph:
    """All named graphs as one Graph (each triple once), with ds's prefixes."""
    g = Graph(bind_namespaces="core")
    for prefix, ns in sorted(ds.namespaces()):
        g.bind(prefix, ns, override=True, replace=True)
    for triple in sorted({tr for ctx in graphs_of(ds) for tr in ctx}):
        g.add(triple)
    return g


def sorted_lines(data: bytes) -> bytes:
    lines = sorted({line for line in data.decode("utf-8").splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8")


def gzipped(data: bytes) -> bytes:
    """gzip with mtime 0 and no file name in the header: the same bytes at every build."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def sorted_jsonld(data: bytes) -> bytes:
    """JSON-LD with nodes sorted by @id, values sorted and keys sorted: one text per content."""
    doc = json.loads(data)

    def norm(node, ordered: bool = False):
        if isinstance(node, dict):  # an @list keeps its order: it is an RDF collection
            return {k: norm(v, ordered=k == "@list") for k, v in sorted(node.items())}
        if isinstance(node, list):
            items = [norm(v) for v in node]
            return items if ordered else sorted(
                items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        return node

    return (json.dumps(norm(doc), indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def graph_text(graph: Graph | Dataset, fmt: str) -> bytes:
    """One graph (or dataset) in turtle, nt, nquads, trig or json-ld, in its reproducible form."""
    data = graph.serialize(format=fmt, encoding="utf-8")
    if fmt in ("nt", "nquads"):
        return sorted_lines(data)
    if fmt == "json-ld":
        return sorted_jsonld(data)
    return data


def trig_text(ds: Dataset) -> bytes:
    """TriG written graph by graph, in IRI order, each graph's body as rdflib writes it in Turtle
    (rdflib's own TriG writer orders subjects differently from one run to the next)."""
    prefixes: set[str] = set()
    blocks = []
    for ctx in sorted(graphs_of(ds), key=lambda c: str(c.identifier)):
        if not isinstance(ctx.identifier, URIRef) or not len(ctx):
            continue
        g = Graph(bind_namespaces="core")
        for prefix, ns in sorted(ds.namespaces()):
            g.bind(prefix, ns, override=True, replace=True)
        for triple in sorted(ctx):
            g.add(triple)
        body = []
        for line in g.serialize(format="turtle").splitlines():
            if line.startswith("@prefix "):
                prefixes.add(line)
            elif line.strip() or body:
                body.append(line)  # not indented: a multi-line literal must stay as it is
        while body and not body[-1]:
            body.pop()
        blocks.append(f"{ctx.identifier.n3()} {{\n" + "\n".join(body) + "\n}\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(blocks)).encode("utf-8")


def build_dumps(ds: Dataset, stem: str = "ssvkg") -> list[Dump]:
    """The five dumps of a canonical dataset (see canonical_dataset)."""
    union = union_graph(ds)
    return [
        Dump(f"{stem}.ttl", graph_text(union, "turtle"), "text/turtle", "Turtle"),
        Dump(f"{stem}.nt.gz", gzipped(graph_text(union, "nt")), "application/n-triples", "N-Triples",
             "application/gzip"),
        Dump(f"{stem}.nq.gz", gzipped(graph_text(ds, "nquads")), "application/n-quads", "N-Quads",
             "application/gzip"),
        Dump(f"{stem}.trig", trig_text(ds), "application/trig", "TriG"),
        Dump(f"{stem}.jsonld", graph_text(ds, "json-ld"), "application/ld+json", "JSON-LD"),
    ]
