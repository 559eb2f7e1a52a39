"""Showing RDF terms to people: compact IRIs, lexical literals, display width."""

from __future__ import annotations

import unicodedata

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


def compact(iri: str, namespaces: dict[str, str]) -> str:
    """The IRI as prefix:local with the longest matching namespace, else <iri>."""
    best = None
    for prefix, ns in namespaces.items():
        if ns and iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "_-." for c in local):
                best = (prefix, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"


def human(term: Node | None, namespaces: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term), namespaces)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.language:
        return f"{term}@{term.language}"
    return str(term)


def width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def truncate(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = [], 0
    for c in text:
        w = width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def pad(text: str, limit: int) -> str:
    return text + " " * (limit - width(text))
