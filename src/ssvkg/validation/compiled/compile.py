"""Shapes to SPARQL: one SELECT per (shape, constraint) returning every violating focus node
(and value) of the whole data graph at once.

Nested shapes (sh:node, sh:or, sh:and, sh:qualifiedValueShape, sh:property inside them)
become boolean SPARQL expressions "?x violates S" (Compiler.violates), built from
FILTER (NOT) EXISTS and plain tests; sh:class checks look up the class and its subclasses,
listed once in Python, so Oxigraph never walks rdfs:subClassOf* per value.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Callable

from rdflib import RDF, RDFS, SH, XSD
from rdflib.term import Node

from ssvkg.validation.compiled.shapes import Constraint, Shape, Shapes, SparqlConstraint, Unsupported
from ssvkg.validation.compiled.sparql_text import path as path_text
from ssvkg.validation.compiled.sparql_text import string, term

FocusPattern = Callable[[str], str]  # variable name (no '?') -> group pattern binding it

VALUE_COMPONENTS = {SH.ClassConstraintComponent, SH.DatatypeConstraintComponent, SH.NodeKindConstraintComponent,
                    SH.MinInclusiveConstraintComponent, SH.MaxInclusiveConstraintComponent,
                    SH.MinExclusiveConstraintComponent, SH.MaxExclusiveConstraintComponent,
                    SH.MinLengthConstraintComponent, SH.PatternConstraintComponent,
                    SH.LanguageInConstraintComponent, SH.InConstraintComponent, SH.NodeConstraintComponent,
                    SH.OrConstraintComponent, SH.AndConstraintComponent}
MAX_CHAIN = 3  # counts up to this are written as chains of distinct values inside EXISTS


@dataclass
class Query:
    shape: Shape
    constraint: Constraint | SparqlConstraint
    text: str
    value: str  # "value": row ?value is sh:value; "this": the focus node is; "none"; "sparql": text finds focus nodes
    pairs: bool = False  # rows are (focus, value, other) and each is one result (sh:lessThanOrEquals)


class Compiler:
    def __init__(self, shapes: Shapes, subclasses: Callable[[Node], list], ill_typed: Callable[[Node], list]):
        self.shapes = shapes
        self.sg = shapes.sg
        self.subclasses = subclasses  # class -> [class and its subclasses in the data]
        self.ill_typed = ill_typed  # datatype -> [literals of it pySHACL finds ill-formed]
        self._n = 0

    def fresh(self, stem: str = "v") -> str:
        self._n += 1
        return f"{stem}{self._n}"

    # ------------------------------------------------------------------ focus nodes

    def target_focus(self, shape: Shape, sparql_targets: list) -> FocusPattern:
        """The shape's targets as a pattern; sparql_targets: focus nodes its SPARQL targets found."""
        def pattern(var: str) -> str:
            parts = []
            if shape.target_classes:
                classes = sorted({c for tc in shape.target_classes for c in self.subclasses(tc)})
                c = self.fresh("c")
                parts.append(f"VALUES ?{c} {{ {' '.join(term(x) for x in classes)} }} ?{var} a ?{c} .")
            nodes = list(shape.target_nodes) + list(sparql_targets)
            if nodes:
                parts.append(f"VALUES ?{var} {{ {' '.join(term(n) for n in nodes)} }}")
            for p in shape.target_subjects_of:
                parts.append(f"?{var} {term(p)} ?{self.fresh('o')} .")
            for p in shape.target_objects_of:
                parts.append(f"?{self.fresh('s')} {term(p)} ?{var} .")
            if not parts:
                return f"VALUES ?{var} {{ }}"
            union = " UNION ".join(f"{{ {p} }}" for p in parts)
            return f"{{ SELECT DISTINCT ?{var} WHERE {{ {union} }} }}"
        return pattern

    def value_focus(self, shape: Shape, focus: FocusPattern) -> FocusPattern:
        """Focus nodes of shape's sh:property shapes: the value nodes of shape."""
        if not shape.is_property:
            return focus
        p = path_text(self.sg, shape.path)

        def pattern(var: str) -> str:
            s = self.fresh("s")
            return f"{{ SELECT DISTINCT ?{var} WHERE {{ {focus(s)} ?{s} {p} ?{var} . }} }}"
        return pattern

    # ------------------------------------------------------------------ top-level queries

    def queries(self, shape: Shape, focus: FocusPattern) -> list[Query]:
        """Every query that finds the results of validating shape's focus nodes against it."""
        if shape.deactivated:
            return []
        if shape.unsupported:
            raise Unsupported(shape.unsupported)
        out = [self._query(shape, c, focus) for c in shape.constraints]
        for sc in shape.sparql:
            if not sc.deactivated:
                out.append(Query(shape, sc, f"SELECT DISTINCT ?this WHERE {{ {focus('this')} }}", "sparql"))
        inner = self.value_focus(shape, focus)
        for prop in shape.properties:
            out.extend(self.queries(prop, inner))
        return out

    def _query(self, shape: Shape, c: Constraint, focus: FocusPattern) -> Query:
        comp = c.component
        if comp in VALUE_COMPONENTS:
            if not shape.is_property:
                test = self.value_violates(c, "?this")
                return Query(shape, c, f"SELECT DISTINCT ?this WHERE {{ {focus('this')} FILTER({test}) }}", "this")
            p = path_text(self.sg, shape.path)
            test = self.value_violates(c, "?value")
            return Query(shape, c, f"SELECT DISTINCT ?this ?value WHERE {{ {focus('this')} ?this {p} ?value . "
                                   f"FILTER({test}) }}", "value")
        if comp == SH.HasValueConstraintComponent and not shape.is_property:
            return Query(shape, c, f"SELECT DISTINCT ?this WHERE {{ {focus('this')} "
                                   f"FILTER(!sameTerm(?this, {term(c.value)})) }}", "none")
        p = path_text(self.sg, shape.path)
        if comp == SH.LessThanOrEqualsConstraintComponent:
            test = _less_or_equal("?value", "?other")
            return Query(shape, c, f"SELECT DISTINCT ?this ?value ?other WHERE {{ {focus('this')} "
                                   f"?this {p} ?value . ?this {term(c.value)} ?other . FILTER(!({test})) }}",
                         "value", pairs=True)
        counted = self._counted(shape, c, focus, p)
        if counted:
            return Query(shape, c, counted, "none")
        test = self.focus_violates(shape, c, "?this")
        return Query(shape, c, f"SELECT DISTINCT ?this WHERE {{ {focus('this')} FILTER({test}) }}", "none")

    def _counted(self, shape: Shape, c: Constraint, focus: FocusPattern, p: str) -> str | None:
        """A GROUP BY query for counts that are not 0/1 (those are plain EXISTS tests)."""
        comp = c.component
        if comp == SH.MinCountConstraintComponent and c.value > 1:
            return (f"SELECT ?this WHERE {{ {focus('this')} OPTIONAL {{ ?this {p} ?v }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {c.value})")
        if comp == SH.MaxCountConstraintComponent and c.value > 0:
            return (f"SELECT ?this WHERE {{ {focus('this')} ?this {p} ?v }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {c.value})")
        n = c.extra.get("count")
        if comp == SH.QualifiedMinCountConstraintComponent and n > 1:
            ok = f"!({self.violates(c.value, '?v')})"
            return (f"SELECT ?this WHERE {{ {focus('this')} OPTIONAL {{ ?this {p} ?v FILTER({ok}) }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})")
        if comp == SH.QualifiedMaxCountConstraintComponent and n > 0:
            ok = f"!({self.violates(c.value, '?v')})"
            return (f"SELECT ?this WHERE {{ {focus('this')} ?this {p} ?v FILTER({ok}) }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {n})")
        return None

    # ------------------------------------------------------------------ nested: "x violates S"

    def violates(self, shape: Shape, x: str) -> str:
        """A SPARQL expression, true when the node in variable x does not conform to shape."""
        if shape.deactivated:
            return "false"
        if shape.unsupported:
            raise Unsupported(shape.unsupported)
        if shape.sparql:
            raise Unsupported("an sh:sparql constraint in a shape used by another shape")
        tests = []
        if shape.is_property:
            p = path_text(self.sg, shape.path)
            per_value = [c for c in shape.constraints if c.component in VALUE_COMPONENTS]
            if per_value or shape.properties:
                v = "?" + self.fresh()
                inner = [self.value_violates(c, v) for c in per_value]
                inner += [self.violates(q, v) for q in shape.properties]
                tests.append(f"EXISTS {{ {x} {p} {v} FILTER({' || '.join(inner)}) }}")
            tests += [self.focus_violates(shape, c, x) for c in shape.constraints
                      if c.component not in VALUE_COMPONENTS]
        else:
            for c in shape.constraints:
                if c.component == SH.HasValueConstraintComponent:
                    tests.append(f"!sameTerm({x}, {term(c.value)})")
                else:
                    tests.append(self.value_violates(c, x))
            tests += [self.violates(q, x) for q in shape.properties]
        tests = [t for t in tests if t != "false"]
        return "(" + " || ".join(tests) + ")" if tests else "false"

    def pure_classes(self, shape: Shape) -> set | None:
        """When conforming to shape means exactly "has one of these types": those types."""
        if shape.deactivated or shape.unsupported or shape.is_property or shape.properties or shape.sparql:
            return None
        if len(shape.constraints) != 1:
            return None
        c = shape.constraints[0]
        if c.component == SH.ClassConstraintComponent:
            return set(self.subclasses(c.value))
        if c.component == SH.NodeConstraintComponent:
            return self.pure_classes(c.value)
        if c.component == SH.OrConstraintComponent:
            sets = [self.pure_classes(m) for m in c.value]
            return set().union(*sets) if all(s is not None for s in sets) else None
        return None

    def _no_type_in(self, classes, v: str) -> str:
        t = "?" + self.fresh("t")
        return f"NOT EXISTS {{ {v} a {t} FILTER({t} IN ({', '.join(term(c) for c in sorted(classes))})) }}"

    def value_violates(self, c: Constraint, v: str) -> str:
        """An expression true when value node v violates the value-level constraint c."""
        comp = c.component
        if comp == SH.ClassConstraintComponent:
            return self._no_type_in(self.subclasses(c.value), v)
        if comp == SH.DatatypeConstraintComponent:
            return self._datatype(c.value, v)
        if comp == SH.NodeKindConstraintComponent:
            return _NODE_KIND.get(c.value, "").format(v=v) or _raise(f"sh:nodeKind {c.value}")
        if comp in (SH.MinInclusiveConstraintComponent, SH.MaxInclusiveConstraintComponent,
                    SH.MinExclusiveConstraintComponent, SH.MaxExclusiveConstraintComponent):
            return f"!COALESCE(isNumeric({v}) && {v} {c.extra['op']} {term(c.value)}, false)"
        if comp == SH.MinLengthConstraintComponent:
            return "false" if c.value <= 0 else f"!(!isBlank({v}) && STRLEN(STR({v})) >= {c.value})"
        if comp == SH.PatternConstraintComponent:
            return f"!(!isBlank({v}) && REGEX(STR({v}), {string(c.value)}, {string(c.extra['flags'])}))"
        if comp == SH.LanguageInConstraintComponent:
            tagged = f"isLiteral({v}) && LANG({v}) != \"\""
            if "*" in c.value:
                return f"!({tagged})"
            langs = ", ".join(string(x) for x in c.value)
            return (f"!({tagged} && (LCASE(LANG({v})) IN ({langs}) || "
                    f"LCASE(STRBEFORE(CONCAT(LANG({v}), \"-\"), \"-\")) IN ({langs})))")
        if comp == SH.InConstraintComponent:
            if not c.value:
                return "true"
            return "!(" + " || ".join(f"sameTerm({v}, {term(x)})" for x in c.value) + ")"
        if comp == SH.NodeConstraintComponent:
            return self.violates(c.value, v)
        if comp == SH.OrConstraintComponent:
            return self._or(c.value, v)
        if comp == SH.AndConstraintComponent:
            tests = [t for t in (self.violates(m, v) for m in c.value) if t != "false"]
            return "(" + " || ".join(tests) + ")" if tests else "false"
        raise Unsupported(f"{comp} on a value")

    def _or(self, members: list, v: str) -> str:
        # Members that only ask for a type merge into one type lookup.
        if not members:
            return "true"
        classes, rest = set(), []
        for m in members:
            pure = self.pure_classes(m)
            if pure is None:
                rest.append(m)
            else:
                classes |= pure
        tests = ([self._no_type_in(classes, v)] if classes else []) + \
                [self.violates(m, v) for m in rest]
        if any(t == "false" for t in tests):
            return "false"  # a member everything conforms to
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def _datatype(self, dt: Node, v: str) -> str:
        if dt == RDFS.Literal:
            return f"!isLiteral({v})"
        if dt == RDF.langString:
            return f"!(isLiteral({v}) && LANG({v}) != \"\")"
        if dt == RDFS.Datatype:
            raise Unsupported("sh:datatype rdfs:Datatype")
        bad = "".join(f" && !sameTerm({v}, {term(x)})" for x in self.ill_typed(dt))
        return f"!(isLiteral({v}) && sameTerm(DATATYPE({v}), {term(dt)}){bad})"

    def focus_violates(self, shape: Shape, c: Constraint, x: str) -> str:
        """An expression true when focus node x violates the count-like constraint c of a property shape."""
        p = path_text(self.sg, shape.path)
        comp = c.component
        if comp == SH.MinCountConstraintComponent:
            return "false" if c.value <= 0 else "NOT " + self._distinct_values(x, p, c.value, None)
        if comp == SH.MaxCountConstraintComponent:
            return self._distinct_values(x, p, c.value + 1, None)
        if comp == SH.QualifiedMinCountConstraintComponent:
            n = c.extra["count"]
            return "false" if n <= 0 else "NOT " + self._distinct_values(x, p, n, c.value)
        if comp == SH.QualifiedMaxCountConstraintComponent:
            return self._distinct_values(x, p, c.extra["count"] + 1, c.value)
        if comp == SH.HasValueConstraintComponent:
            return f"NOT EXISTS {{ {x} {p} {term(c.value)} }}"
        if comp == SH.LessThanOrEqualsConstraintComponent:
            a, b = "?" + self.fresh(), "?" + self.fresh()
            return f"EXISTS {{ {x} {p} {a} . {x} {term(c.value)} {b} FILTER(!({_less_or_equal(a, b)})) }}"
        raise Unsupported(f"{comp} on a focus node")

    def _distinct_values(self, x: str, p: str, n: int, conforming: Shape | None) -> str:
        """EXISTS { n distinct values of x along p (conforming to the shape, if given) }."""
        if n > MAX_CHAIN:
            raise Unsupported(f"a count of {n} inside a nested shape")
        vs = ["?" + self.fresh() for _ in range(n)]
        body = " ".join(f"{x} {p} {v} ." for v in vs)
        tests = [f"!sameTerm({a}, {b})" for a, b in combinations(vs, 2)]
        if conforming is not None:
            tests += [f"!({self.violates(conforming, v)})" for v in vs]
        return f"EXISTS {{ {body} {'FILTER(' + ' && '.join(tests) + ')' if tests else ''} }}"


def _raise(why: str):
    raise Unsupported(why)


_NODE_KIND = {
    SH.IRI: "!isIRI({v})", SH.BlankNode: "!isBlank({v})", SH.Literal: "!isLiteral({v})",
    SH.BlankNodeOrIRI: "isLiteral({v})", SH.BlankNodeOrLiteral: "isIRI({v})", SH.IRIOrLiteral: "isBlank({v})",
}


def _stringish(t: str) -> str:
    # pySHACL compares IRIs and string literals as Python strings, and a string never with a non-string.
    return f"(isIRI({t}) || (isLiteral({t}) && (LANG({t}) != \"\" || sameTerm(DATATYPE({t}), {term(XSD.string)}))))"


def _less_or_equal(a: str, b: str) -> str:
    sa, sb = _stringish(a), _stringish(b)
    return f"COALESCE(IF({sa} || {sb}, {sa} && {sb} && STR({a}) <= STR({b}), {a} <= {b}), false)"
