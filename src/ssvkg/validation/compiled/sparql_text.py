"""RDF terms and SHACL property paths written as SPARQL text."""

from __future__ import annotations

from rdflib import SH, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Node

from ssvkg.validation.compiled.shapes import Unsupported


def term(t: Node) -> str:
    if isinstance(t, URIRef):
        if any(c in str(t) for c in '<>"{}|^`\\ '):
            raise Unsupported(f"an IRI SPARQL cannot write: {t}")
        return f"<{t}>"
    if isinstance(t, Literal):
        return t.n3()
    raise Unsupported("a blank node as a constant")


def string(s: str) -> str:
    """s as a SPARQL string literal."""
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{out}"'


def path(sg: Graph, p: Node) -> str:
    """A SHACL path (https://www.w3.org/TR/shacl/#property-paths) as a SPARQL property path."""
    if isinstance(p, URIRef):
        return term(p)
    if not isinstance(p, BNode):
        raise Unsupported(f"a path that is not an IRI or blank node: {p!r}")
    first = sg.value(p, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#first"))
    if first is not None:
        items = list(Collection(sg, p))
        if len(items) < 2:
            raise Unsupported("a sequence path of fewer than two steps")
        return "(" + "/".join(path(sg, i) for i in items) + ")"
    for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                      (SH.zeroOrOnePath, "{}?")):
        inner = sg.value(p, pred)
        if inner is not None:
            return "(" + fmt.format(path(sg, inner)) + ")"
    alt = sg.value(p, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(path(sg, i) for i in Collection(sg, alt)) + ")"
    raise Unsupported("an unknown kind of property path")
