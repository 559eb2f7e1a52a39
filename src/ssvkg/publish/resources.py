"""Files behind the permanent IRIs: one per entity, concept, named graph and the ontology, per format.

https://w3id.org/ssvkg/id/X -> id/X.ttl, id/X.nt, id/X.jsonld (what `ssvkg serve` gives at
/id/X.ttl: the statements about X and the statements pointing at it); concept/X likewise;
https://w3id.org/ssvkg/ontology (and every ontology#Term) -> ontology.ttl … (the whole ontology
graph, since a fragment never reaches a server); https://w3id.org/ssvkg/graph/G -> graph/G.ttl …
(the named graph as loaded from its file). The HTML pages beside them come with the static site.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Dataset, Graph, URIRef

from ssvkg.publish.dumps import graph_text
from ssvkg.store.dataset import graphs_of

BASE = "https://w3id.org/ssvkg/"
ENTITY_ROOTS = ("id/", "concept/")
ONTOLOGY_GRAPH = BASE + "graph/ontology/core"
# file extension -> rdflib format
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def _graph_like(ds: Dataset) -> Graph:
    g = Graph(bind_namespaces="core")
    for prefix, ns in sorted(ds.namespaces()):
        g.bind(prefix, ns, override=True, replace=True)
    return g


def _written(g: Graph, path: str) -> dict[str, bytes]:
    return {f"{path}.{ext}": graph_text(g, fmt) for ext, fmt in FORMATS.items()}


def entity_path(iri: str) -> str | None:
    """The release path (without extension) of a local entity or concept IRI, else None."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):]
    if not rest.startswith(ENTITY_ROOTS) or any(c in rest for c in "#?%\\") or ".." in rest:
        return None
    return rest


def resource_files(ds: Dataset) -> dict[str, bytes]:
    """Release path -> bytes for every entity, concept, named graph and the ontology."""
    out: dict[str, bytes] = {}
    about: dict[str, set] = defaultdict(set)
    union = sorted({tr for ctx in graphs_of(ds) for tr in ctx})
    for s, p, o in union:
        for node in (s, o):
            if isinstance(node, URIRef) and entity_path(str(node)):
                about[str(node)].add((s, p, o))
    for iri in sorted(about):
        g = _graph_like(ds)
        for triple in sorted(about[iri]):
            g.add(triple)
        out.update(_written(g, entity_path(iri)))
    for ctx in sorted(graphs_of(ds), key=lambda c: str(c.identifier)):
        name = str(ctx.identifier)
        if not name.startswith(BASE + "graph/") or not len(ctx):
            continue
        g = _graph_like(ds)
        for triple in sorted(ctx):
            g.add(triple)
        out.update(_written(g, name[len(BASE):]))
        if name == ONTOLOGY_GRAPH:
            out.update(_written(g, "ontology"))
    return out
