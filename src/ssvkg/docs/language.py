"""A copy of a graph in one language: pyLODE shows every label it finds, so it gets one language."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal


def in_language(graph: Graph, lang: str) -> Graph:
    """The graph with, for every subject and predicate that has literals tagged `lang`, only those
    among its language-tagged literals; where none is tagged `lang`, all of them stay (a fallback,
    never a gap). Untagged literals, IRIs and blank nodes stay as they are."""
    tagged: dict[tuple, list[Literal]] = defaultdict(list)
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            tagged[(s, p)].append(o)
        else:
            out.add((s, p, o))
    for (s, p), literals in tagged.items():
        wanted = [o for o in literals if _matches(o.language, lang)]
        for o in wanted or literals:
            out.add((s, p, o))
    return out


def _matches(tag: str, lang: str) -> bool:
    tag = tag.lower()
    return tag == lang or tag.startswith(lang + "-")
