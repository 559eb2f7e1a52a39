"""Comparing two versions quad by quad, blank nodes by their canonical labels (rdflib.compare)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from ssvkg.store.dataset import graphs_of

Quad = tuple  # (subject, predicate, object, graph IRI or None for the default graph)


@dataclass(frozen=True)
class Changes:
    added: frozenset  # quads in NEW only
    removed: frozenset  # quads in OLD only
    old: Graph  # the union of OLD's graphs, canonical blank nodes: for labels and values
    new: Graph

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def canonical_quads(ds: Dataset) -> set:
    """Every quad of the dataset, each graph's blank nodes relabelled canonically, so that the same
    blank-node structure gets the same labels in both versions."""
    quads = set()
    default = ds.default_graph if hasattr(ds, "default_graph") else ds.default_context  # rdflib 7.2 name
    for g in graphs_of(ds):
        if len(g) == 0:
            continue
        name = g.identifier if isinstance(g.identifier, URIRef) and g.identifier != default.identifier else None
        quads |= {(s, p, o, name) for s, p, o in to_canonical_graph(g)}
    return quads


def union(quads: set, namespaces) -> Graph:
    g = Graph(bind_namespaces="core")
    for prefix, ns in namespaces:
        g.bind(prefix, ns, override=False)
    for s, p, o, _ in quads:
        g.add((s, p, o))
    return g


def compare(old: Dataset, new: Dataset) -> Changes:
    before, after = canonical_quads(old), canonical_quads(new)
    namespaces = list(new.namespaces()) + list(old.namespaces())
    return Changes(frozenset(after - before), frozenset(before - after),
                   union(before, namespaces), union(after, namespaces))
