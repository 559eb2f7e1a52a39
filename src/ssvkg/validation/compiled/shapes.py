"""The shapes graph read into plain data: shapes, their targets and their constraints.

Only what the compiler understands is read into Constraint objects; anything else marks
the shape `unsupported` (with the reason), and shapes that use an unsupported shape are
unsupported too, so that run.py hands them to pySHACL whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, SH, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import BNode, Node

TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)

# Parameters that take shapes: their values are shapes too.
SHAPE_LISTS = (SH["or"], SH["and"])
NUMERIC_RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
RANGE_COMPONENTS = {SH.minInclusive: SH.MinInclusiveConstraintComponent,
                    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
                    SH.minExclusive: SH.MinExclusiveConstraintComponent,
                    SH.maxExclusive: SH.MaxExclusiveConstraintComponent}

# Every constraint parameter pySHACL knows (core + advanced); a shape using one that is not
# compiled here goes to pySHACL.
ALL_PARAMETERS = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minExclusive, SH.minInclusive,
    SH.maxExclusive, SH.maxInclusive, SH.minLength, SH.maxLength, SH.pattern, SH.flags, SH.languageIn,
    SH.uniqueLang, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals, SH["not"], SH["and"], SH["or"],
    SH.xone, SH.node, SH.property, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint, SH.closed, SH.ignoredProperties, SH.hasValue, SH["in"], SH.sparql,
    SH.expression, SH.js,
}
COMPILED = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minInclusive, SH.maxInclusive,
    SH.minExclusive, SH.maxExclusive, SH.minLength, SH.pattern, SH.flags, SH.languageIn, SH.lessThanOrEquals,
    SH["and"], SH["or"], SH.node, SH.property, SH.qualifiedValueShape, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.hasValue, SH["in"], SH.sparql,
}


class Unsupported(Exception):
    """Something the compiler does not handle; the shape is left to pySHACL."""


@dataclass
class Constraint:
    component: URIRef  # sh:sourceConstraintComponent of its results
    param: URIRef  # the parameter that made it (sh:class, sh:or, ...)
    value: object = None  # parsed parameter value (see Shapes._constraints)
    extra: dict = field(default_factory=dict)


@dataclass
class SparqlConstraint:
    node: Node  # the sh:SPARQLConstraint node (sh:sourceConstraint)
    select: str  # the query text, prefixes applied
    messages: list  # its own sh:message values
    deactivated: bool = False


@dataclass
class Shape:
    node: Node
    is_property: bool
    path: Node | None = None
    severity: Node = SH.Violation
    messages: list = field(default_factory=list)  # sh:message literals of the shape
    deactivated: bool = False
    constraints: list = field(default_factory=list)  # Constraint
    properties: list = field(default_factory=list)  # nodes of sh:property shapes
    sparql: list = field(default_factory=list)  # SparqlConstraint
    target_classes: list = field(default_factory=list)
    target_nodes: list = field(default_factory=list)
    target_subjects_of: list = field(default_factory=list)
    target_objects_of: list = field(default_factory=list)
    sparql_targets: list = field(default_factory=list)  # query texts, prefixes applied
    unsupported: str | None = None

    @property
    def has_targets(self) -> bool:
        return bool(self.target_classes or self.target_nodes or self.target_subjects_of
                    or self.target_objects_of or self.sparql_targets)


def checked_select(text: str) -> str:
    # SHACL forbids federated queries in constraints. The same lexical gate as every query
    # (so "customer service" in a string is no SERVICE); validation refused such shapes
    # before this runs, so this only guards direct callers.
    from ssvkg.errors import QueryError
    from ssvkg.gate.sparql import refuse_remote

    try:
        refuse_remote(text)
    except QueryError as e:
        raise Unsupported(str(e).rstrip(".")) from None
    return text


def prefix_block(sg: Graph, node: Node) -> str:
    """PREFIX lines from the sh:prefixes of node (as pySHACL collects them)."""
    lines = []
    for pnode in sg.objects(node, SH.prefixes):
        for decl in sg.objects(pnode, SH.declare):
            prefix, ns = sg.value(decl, SH.prefix), sg.value(decl, SH.namespace)
            if prefix is None or ns is None:
                raise Unsupported("an sh:declare without sh:prefix or sh:namespace")
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(lines)


class Shapes:
    """All shapes of a shapes graph, by node."""

    def __init__(self, sg: Graph):
        self.sg = sg
        self.by_node: dict[Node, Shape] = {}
        for node in self._shape_nodes():
            self.get(node)
        self._propagate_unsupported()

    def _shape_nodes(self) -> set:
        sg = self.sg
        nodes = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
        for p in TARGET_PREDICATES:
            nodes |= set(sg.subjects(p, None))
        for p in (SH.node, SH.property, SH.qualifiedValueShape, SH["not"]):
            nodes |= set(sg.objects(None, p))
        for p in (SH["or"], SH["and"], SH.xone):
            for lst in sg.objects(None, p):
                nodes |= set(Collection(sg, lst))
        return {n for n in nodes if isinstance(n, (URIRef, BNode))}

    def top_level(self) -> list[Shape]:
        """Shapes pySHACL validates on their own: those with targets."""
        return [s for s in self.by_node.values() if s.has_targets]

    def get(self, node: Node) -> Shape:
        shape = self.by_node.get(node)
        if shape is None:
            shape = self._read(node)
        return shape

    def _read(self, node: Node) -> Shape:
        sg = self.sg
        paths = list(sg.objects(node, SH.path))
        shape = Shape(node, bool(paths), paths[0] if paths else None)
        self.by_node[node] = shape
        try:
            if len(paths) > 1:
                raise Unsupported("more than one sh:path")
            sev = list(sg.objects(node, SH.severity))
            shape.severity = sev[0] if sev else SH.Violation
            shape.messages = list(sg.objects(node, SH.message))
            deact = list(sg.objects(node, SH.deactivated))
            shape.deactivated = bool(deact and isinstance(deact[0], Literal) and deact[0].value)
            if (node, RDF.type, RDFS.Class) in sg or (node, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in sg:
                raise Unsupported("an implicit class target")
            self._targets(shape)
            self._constraints(shape)
        except Unsupported as e:
            shape.unsupported = str(e)
        return shape

    def _targets(self, shape: Shape) -> None:
        sg, n = self.sg, shape.node
        shape.target_classes = list(sg.objects(n, SH.targetClass))
        shape.target_nodes = list(sg.objects(n, SH.targetNode))
        shape.target_subjects_of = list(sg.objects(n, SH.targetSubjectsOf))
        shape.target_objects_of = list(sg.objects(n, SH.targetObjectsOf))
        for t in sg.objects(n, SH.target):
            select = sg.value(t, SH.select)
            if (t, RDF.type, SH.SPARQLTarget) not in sg or select is None:
                raise Unsupported("an sh:target that is not an sh:SPARQLTarget with sh:select")
            shape.sparql_targets.append(prefix_block(sg, t) + "\n" + checked_select(str(select)))

    def _one(self, node, p):
        vals = list(self.sg.objects(node, p))
        if len(vals) != 1:
            raise Unsupported(f"{len(vals)} values of {p.n3()}")
        return vals[0]

    def _int(self, node, p) -> int:
        v = self._one(node, p)
        if not (isinstance(v, Literal) and isinstance(v.value, int) and not isinstance(v.value, bool)):
            raise Unsupported(f"{p.n3()} is not an integer")  # pySHACL then says what is wrong
        return v.value

    def _list(self, lst) -> list:
        return list(Collection(self.sg, lst))

    def _constraints(self, shape: Shape) -> None:
        sg, n = self.sg, shape.node
        params = {p for p in sg.predicates(n, None) if p in ALL_PARAMETERS}
        extra = params - COMPILED
        if extra:
            raise Unsupported("uses " + ", ".join(sorted(p.n3(sg.namespace_manager) for p in extra)))
        add = shape.constraints.append
        for c in sg.objects(n, SH["class"]):
            add(Constraint(SH.ClassConstraintComponent, SH["class"], c))
        if SH.datatype in params:
            add(Constraint(SH.DatatypeConstraintComponent, SH.datatype, self._one(n, SH.datatype)))
        if SH.nodeKind in params:
            add(Constraint(SH.NodeKindConstraintComponent, SH.nodeKind, self._one(n, SH.nodeKind)))
        for p, comp in ((SH.minCount, SH.MinCountConstraintComponent), (SH.maxCount, SH.MaxCountConstraintComponent)):
            if p in params:
                if not shape.is_property:
                    raise Unsupported(f"{p.n3()} on a node shape")
                add(Constraint(comp, p, self._int(n, p)))
        for p, op in NUMERIC_RANGES.items():
            if p in params:
                v = self._one(n, p)
                if not (isinstance(v, Literal) and isinstance(v.value, (int, float)) or
                        isinstance(v, Literal) and type(v.value).__name__ == "Decimal"):
                    raise Unsupported(f"a non-numeric {p.n3()}")
                add(Constraint(RANGE_COMPONENTS[p], p, v, {"op": op}))
        if SH.minLength in params:
            add(Constraint(SH.MinLengthConstraintComponent, SH.minLength, self._int(n, SH.minLength)))
        if SH.pattern in params:
            flags = list(sg.objects(n, SH.flags))
            add(Constraint(SH.PatternConstraintComponent, SH.pattern, str(self._one(n, SH.pattern)),
                           {"flags": "".join(f for f in str(flags[0]).lower() if f in "im") if flags else ""}))
        elif SH.flags in params:
            raise Unsupported("sh:flags without sh:pattern")
        if SH.languageIn in params:
            langs = [str(x).lower() for x in self._list(self._one(n, SH.languageIn))]
            add(Constraint(SH.LanguageInConstraintComponent, SH.languageIn, langs))
        if SH["in"] in params:
            add(Constraint(SH.InConstraintComponent, SH["in"], self._list(self._one(n, SH["in"]))))
        if SH.hasValue in params:
            add(Constraint(SH.HasValueConstraintComponent, SH.hasValue, self._one(n, SH.hasValue)))
        for other in sg.objects(n, SH.lessThanOrEquals):
            if not shape.is_property or not isinstance(other, URIRef):
                raise Unsupported("sh:lessThanOrEquals outside a property shape or not an IRI")
            add(Constraint(SH.LessThanOrEqualsConstraintComponent, SH.lessThanOrEquals, other))
        for target in sg.objects(n, SH.node):
            add(Constraint(SH.NodeConstraintComponent, SH.node, self.get(target)))
        for p, comp in ((SH["or"], SH.OrConstraintComponent), (SH["and"], SH.AndConstraintComponent)):
            for lst in sg.objects(n, p):
                add(Constraint(comp, p, [self.get(m) for m in self._list(lst)]))
        if SH.qualifiedValueShape in params:
            if not shape.is_property:
                return  # pySHACL ignores it on a node shape
            if (n, SH.qualifiedValueShapesDisjoint, None) in sg:
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            q = self.get(self._one(n, SH.qualifiedValueShape))
            for p, comp in ((SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent),
                            (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent)):
                if p in params:
                    add(Constraint(comp, p, q, {"count": self._int(n, p)}))
        shape.properties = [self.get(p) for p in sg.objects(n, SH.property)]
        for c in sg.objects(n, SH.sparql):
            select = sg.value(c, SH.select)
            if select is None:
                raise Unsupported("an sh:sparql constraint without sh:select")
            if shape.is_property:
                raise Unsupported("an sh:sparql constraint on a property shape ($PATH)")
            deact = sg.value(c, SH.deactivated)
            shape.sparql.append(SparqlConstraint(
                c, prefix_block(sg, c) + "\n" + checked_select(str(select)), list(sg.objects(c, SH.message)),
                bool(isinstance(deact, Literal) and deact.value)))

    def _propagate_unsupported(self) -> None:
        """A shape that uses an unsupported shape (or refers to itself) is unsupported."""
        state: dict[Node, str] = {}

        def visit(shape: Shape, stack: tuple) -> str | None:
            if shape.node in stack:
                return "a recursive shape"
            if shape.node in state:
                return state[shape.node] or None
            why = shape.unsupported
            for used in uses(shape):
                why = why or visit(used, stack + (shape.node,))
            state[shape.node] = why or ""
            if why and not shape.unsupported:
                shape.unsupported = why
            return why

        def uses(shape: Shape):
            for c in shape.constraints:
                if isinstance(c.value, Shape):
                    yield c.value
                elif isinstance(c.value, list) and c.value and isinstance(c.value[0], Shape):
                    yield from c.value
            yield from shape.properties

        for shape in list(self.by_node.values()):
            visit(shape, ())
