"""What the SHACL shapes require of each class of the ontology, with the shapes' messages.

A shape applies to a class when it targets it (sh:targetClass) or one of its superclasses (SHACL
follows rdfs:subClassOf in the data graph, and the ontology is part of it); when it targets the
subjects (objects) of a property whose domain (range) is the class; or when its SPARQL target
selects `?this` by a type or by properties whose domain is the class. Shapes on single nodes (the
ontology header: rules over the whole graph) and on classes of other vocabularies are returned
apart, so that every shape is shown somewhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

THIS = Variable("this")


@dataclass(frozen=True)
class Message:
    path: str  # the property the message is about, as a compact IRI, or "" for the whole node
    text: Literal


@dataclass(frozen=True)
class ShapeRequirement:
    shape: URIRef
    comment: tuple[Literal, ...]  # rdfs:comment of the shape, in every language it has
    messages: tuple[Message, ...]
    how: str = ""  # "class", "superclass", "subjects-of", "objects-of", "sparql", "node"
    via: URIRef | None = None  # the superclass or property through which it applies


@dataclass
class Requirements:
    by_class: dict[URIRef, list[ShapeRequirement]] = field(default_factory=dict)
    elsewhere: list[ShapeRequirement] = field(default_factory=list)  # graph-wide, other vocabularies


def requirements_by_class(ontology: Graph, shapes: Graph, classes: list[URIRef]) -> Requirements:
    """For each class in `classes` (the ontology's own), the shapes that apply to its instances."""
    direct: dict[URIRef, list[ShapeRequirement]] = defaultdict(list)
    placed: set[URIRef] = set()
    unplaced: list[ShapeRequirement] = []
    for shape in _node_shapes(shapes):
        messages = _messages(shapes, shape)
        comment = tuple(o for o in shapes.objects(shape, RDFS.comment) if isinstance(o, Literal))
        base = ShapeRequirement(shape, comment, messages)
        targets = _targets(ontology, shapes, shape)
        if not targets:
            unplaced.append(_with(base, "node", None))
        for cls, how, via in targets:
            direct[cls].append(_with(base, how, via))

    result = Requirements()
    for cls in classes:
        rows = list(direct.get(cls, []))
        for sup in _superclasses(ontology, cls):
            rows += [_with(r, "superclass", sup) for r in direct.get(sup, []) if r.how == "class"]
        result.by_class[cls] = _unique(rows)
        placed |= {r.shape for r in rows}
    seen = {r.shape for r in unplaced}
    others = [r for cls, rows in sorted(direct.items()) if cls not in classes for r in rows]
    result.elsewhere = _unique(unplaced + [r for r in others if r.shape not in placed | seen])
    return result


def _with(r: ShapeRequirement, how: str, via: URIRef | None) -> ShapeRequirement:
    return ShapeRequirement(r.shape, r.comment, r.messages, how, via)


def _unique(rows: list[ShapeRequirement]) -> list[ShapeRequirement]:
    out, seen = [], set()
    for r in sorted(rows, key=lambda r: (str(r.shape), r.how)):
        if r.shape not in seen:
            seen.add(r.shape)
            out.append(r)
    return out


def _node_shapes(shapes: Graph) -> list[URIRef]:
    found = set(shapes.subjects(RDF.type, SH.NodeShape))
    for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
        found |= set(shapes.subjects(p, None))
    return sorted(s for s in found if isinstance(s, URIRef))


def _messages(shapes: Graph, shape: URIRef) -> tuple[Message, ...]:
    out = [Message("", m) for m in shapes.objects(shape, SH.message)]
    for prop in shapes.objects(shape, SH.property):
        path = shapes.value(prop, SH.path)
        shown = shapes.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else ""
        out += [Message(shown, m) for m in shapes.objects(prop, SH.message)]
    for constraint in shapes.objects(shape, SH.sparql):
        out += [Message("", m) for m in shapes.objects(constraint, SH.message)]
    return tuple(m for m in out if isinstance(m.text, Literal))


def _targets(ontology: Graph, shapes: Graph, shape: URIRef) -> list[tuple[URIRef, str, URIRef | None]]:
    out = [(c, "class", None) for c in shapes.objects(shape, SH.targetClass) if isinstance(c, URIRef)]
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        out += [(c, "subjects-of", p) for c in _classes_of(ontology, RDFS.domain, p)]
    for p in shapes.objects(shape, SH.targetObjectsOf):
        out += [(c, "objects-of", p) for c in _classes_of(ontology, RDFS.range, p)]
    for target in shapes.objects(shape, SH.target):
        select = shapes.value(target, SH.select)
        if select is not None:
            out += [(c, "sparql", None) for c in _sparql_target_classes(ontology, shapes, target, str(select))]
    return out


def _classes_of(ontology: Graph, prop: URIRef, term) -> list[URIRef]:
    """The classes named as rdfs:domain (rdfs:range) of a property, owl:unionOf lists opened."""
    out = []
    for c in ontology.objects(term, prop):
        if isinstance(c, BNode) and (c, OWL.unionOf, None) in ontology:
            out += [m for m in Collection(ontology, ontology.value(c, OWL.unionOf)) if isinstance(m, URIRef)]
        elif isinstance(c, URIRef) and c != RDFS.Resource:
            out.append(c)
    return out


def _sparql_target_classes(ontology: Graph, shapes: Graph, target, select: str) -> list[URIRef]:
    """The classes a SPARQL target's `?this` is selected by: its rdf:type, else the domains of the
    properties it is the subject of in the query's basic graph patterns."""
    from rdflib.plugins.sparql import prepareQuery

    prefixes = "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for decl in shapes.objects(target, SH.prefixes) for d in shapes.objects(decl, SH.declare))
    try:
        algebra = prepareQuery(prefixes + select).algebra
    except Exception:  # a target this module cannot read is shown with the graph-wide rules
        return []
    triples = [t for t in _bgp_triples(algebra) if t[0] == THIS]
    types = [o for _, p, o in triples if p == RDF.type and isinstance(o, URIRef)]
    if types:
        return types
    found = []
    for _, p, _ in triples:
        if isinstance(p, URIRef):
            found += [c for c in _classes_of(ontology, RDFS.domain, p) if c not in found]
    return found


def _bgp_triples(node) -> list[tuple]:
    out = []
    if isinstance(node, dict):  # rdflib's CompValue is a dict
        if getattr(node, "name", None) == "BGP":
            out += list(node.get("triples", []))
        for v in node.values():
            out += _bgp_triples(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            out += _bgp_triples(v)
    return out


def _superclasses(ontology: Graph, cls: URIRef) -> list[URIRef]:
    return [c for c in ontology.transitive_objects(cls, RDFS.subClassOf) if c != cls and isinstance(c, URIRef)]
