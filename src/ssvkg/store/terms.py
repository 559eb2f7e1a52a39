"""Converting terms between pyoxigraph and rdflib, so results stay engine-neutral.

rdflib keeps a literal written without a datatype as Literal("x") (no datatype),
while Oxigraph (RDF 1.1) types it xsd:string. Both mean the same; we hand back
the rdflib form, since that is what rdflib-parsed shapes and callers compare
against (Literal("x") != Literal("x", datatype=XSD.string) in rdflib).
Language-tagged literals come back with their tag and no datatype.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def from_ox(term) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    cls = type(term)
    if cls is ox.NamedNode:
        return URIRef(term.value)
    if cls is ox.Literal:
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == XSD_STRING:
            return Literal(term.value)
        # rdflib's default normalization, as when the rdflib engine parses the file.
        return Literal(term.value, datatype=URIRef(dt))
    if cls is ox.BlankNode:
        return BNode(term.value)
    if cls is ox.DefaultGraph:
        return DATASET_DEFAULT_GRAPH_ID
    raise ValueError(f"unsupported RDF term from Oxigraph: {term!r}")


def to_ox(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != RDF_LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"unsupported RDF term for Oxigraph: {term!r}")
