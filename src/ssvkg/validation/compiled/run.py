"""Run the compiled queries on a pyoxigraph Store and build pySHACL's validation results.

The data graph is the union of the store's graphs (use_default_graph_as_union), each triple
once: every query is DISTINCT or counts DISTINCT values. Top-level shapes the compiler does
not handle are validated by pySHACL on the same store, with the compiled shapes' targets
removed from its copy of the shapes graph, so each shape is validated exactly once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Callable

import pyoxigraph as ox
from rdflib import RDF, SH, XSD, BNode, Graph, Literal
from rdflib.term import Node

from ssvkg.store.terms import from_ox, to_ox
from ssvkg.validation.compiled.compile import Compiler, Query
from ssvkg.validation.compiled.messages import GenericMessages, sparql_messages
from ssvkg.validation.compiled.shapes import Constraint, Shape, Shapes, SparqlConstraint, Unsupported



@dataclass
class Result:
    focus: Node
    path: Node | None
    value: Node | None
    shape: Node
    component: Node
    severity: Node
    messages: list
    source_constraint: Node | None = None


@dataclass
class Outcome:
    conforms: bool
    results: list[Result]
    compiled: list = field(default_factory=list)  # shape nodes validated by SPARQL
    fallback: dict = field(default_factory=dict)  # shape node -> why pySHACL validated it
    # The sh:ValidationReport, built only when called: most callers need only the results,
    # and for many results it costs as much as the validation (2.8 of 8 s at 100k triples).
    build_report: Callable[[], Graph] = field(default=Graph, repr=False, compare=False)


class Runner:
    def __init__(self, store: ox.Store, shapes: Graph | Shapes, data_namespaces=()):
        """shapes: the shapes graph, or a Shapes already read from it. A Shapes is read-only once
        built, so one serves many stores (0.08 s per read of the repository's shapes)."""
        self.store = store
        self.shapes = shapes if isinstance(shapes, Shapes) else Shapes(shapes)
        self.sg = self.shapes.sg
        self._subclasses: dict = {}
        self._ill: dict | None = None
        self.compiler = Compiler(self.shapes, self.subclasses, self.ill_typed)
        self.generic = GenericMessages(self.sg, data_namespaces, self.describe)

    def query(self, text: str, **kw):
        return self.store.query(text, use_default_graph_as_union=True, **kw)

    # ------------------------------------------------------------------ facts the compiler needs

    def subclasses(self, cls: Node) -> list:
        if cls not in self._subclasses:
            found = {cls}
            if not isinstance(cls, Literal):
                rows = self.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDF_SUBCLASS}>* <{cls}> }}")
                found |= {from_ox(r[0]) for r in rows}
            self._subclasses[cls] = sorted(found)
        return self._subclasses[cls]

    def ill_typed(self, dt: Node) -> list:
        """Literals of datatype dt that pySHACL's sh:datatype finds ill-formed."""
        if self._ill is None:
            self._ill = self._find_ill_typed()
        return self._ill.get(dt, [])

    def _find_ill_typed(self) -> dict:
        # Oxigraph writes a valid literal of a type it knows in canonical form, so only
        # non-canonical ones (and types it does not know) need rdflib's verdict, which pySHACL uses.
        types = sorted({c.value for s in self.shapes.by_node.values() for c in s.constraints
                        if c.param == SH.datatype and c.value in CHECKED_TYPES})
        if not types:
            return {}
        canonical = " ".join(f"IF(sameTerm(DATATYPE(?v), <{t}>), STR(<{t}>(?v)) = STR(?v)," for t in types if t in OX_CASTS)
        closing = ")" * sum(1 for t in types if t in OX_CASTS)
        test = f"COALESCE({canonical} false{closing}, false)"
        rows = self.query(f"SELECT DISTINCT ?v WHERE {{ ?s ?p ?v FILTER(isLiteral(?v) && "
                          f"DATATYPE(?v) IN ({', '.join(f'<{t}>' for t in types)}) && !{test}) }}")
        out: dict = {}
        rdflib_log = logging.getLogger("rdflib.term")
        level, rdflib_log.level = rdflib_log.level, logging.CRITICAL  # rdflib logs each bad literal
        try:
            for (v,) in rows:
                lit = from_ox(v)
                if not _pyshacl_datatype_ok(lit):
                    out.setdefault(lit.datatype, []).append(lit)
        finally:
            rdflib_log.level = level
        return out

    def describe(self, b: BNode) -> list:
        quads = self.store.quads_for_pattern(to_ox(b), None, None, None)
        return list(dict.fromkeys((b, from_ox(q.predicate), from_ox(q.object)) for q in quads))

    # ------------------------------------------------------------------ the run

    def validate(self, fall_back) -> Outcome:
        """fall_back(store, shapes_graph, compiled shape nodes) validates the shapes not compiled."""
        results: list[Result] = []
        compiled, fallback = [], {}
        for shape in sorted(self.shapes.top_level(), key=lambda s: str(s.node)):
            try:
                if shape.unsupported:
                    raise Unsupported(shape.unsupported)
                queries = self.compiler.queries(shape, self.compiler.target_focus(shape, self._sparql_targets(shape)))
                found = [r for q in queries for r in self._run(q)]
            except Unsupported as e:
                fallback[shape.node] = str(e)
                continue
            compiled.append(shape.node)
            results.extend(found)
        more, report_extra = [], Graph()
        if fallback:
            more, report_extra = fall_back(self.store, self.sg, compiled)
        conforms = not results and not more
        return Outcome(conforms, results + more, compiled, fallback,
                       lambda: build_report(results, conforms, self.sg, report_extra))

    def _sparql_targets(self, shape: Shape) -> list:
        nodes = set()
        for text in shape.sparql_targets:
            try:
                rows = self.query(text)
            except (SyntaxError, OSError, ValueError) as e:
                raise Unsupported(f"its SPARQL target does not run on Oxigraph: {e}") from None
            if "this" not in [v.value for v in rows.variables]:
                raise Unsupported("its SPARQL target does not select ?this")
            nodes |= {from_ox(r["this"]) for r in rows if r["this"] is not None}
        return sorted(nodes, key=str)

    def _run(self, q: Query) -> list[Result]:
        if q.value == "sparql":
            return self._run_sparql(q)
        shape, c = q.shape, q.constraint
        try:
            rows = list(self.query(q.text))
        except (SyntaxError, OSError, ValueError) as e:  # a query we wrote wrong: say which
            raise RuntimeError(f"compiled query for {shape.node} {c.component} failed: {e}\n{q.text}") from None
        out = []
        for row in rows:
            focus = from_ox(row["this"])
            value = from_ox(row["value"]) if q.value == "value" else focus if q.value == "this" else None
            out.append(self._result(shape, c, focus, value))
        return out

    def _result(self, shape: Shape, c: Constraint, focus, value) -> Result:
        messages = list(shape.messages) or self.generic(shape.node, c.param, focus, value)
        return Result(focus, shape.path, value, shape.node, c.component, shape.severity, messages)

    def _run_sparql(self, q: Query) -> list[Result]:
        shape, sc = q.shape, q.constraint
        assert isinstance(sc, SparqlConstraint)
        focus_nodes = [r["this"] for r in self.query(q.text)]
        if not focus_nodes:
            return []
        try:
            if _batchable(sc.select):
                wanted = set(focus_nodes)
                solutions = self.query(sc.select)
                names = [v.value for v in solutions.variables]
                per_focus = {}
                for sol in solutions:
                    if sol["this"] in wanted:
                        per_focus.setdefault(sol["this"], []).append(_as_dict(names, sol))
                batches = [(f, per_focus.get(f, [])) for f in focus_nodes]
            else:
                batches = []
                for f in focus_nodes:
                    sols = self.query(sc.select, substitutions={ox.Variable("this"): f})
                    names = [v.value for v in sols.variables]
                    batches.append((f, [_as_dict(names, s) for s in sols]))
        except (SyntaxError, OSError, ValueError) as e:
            raise Unsupported(f"its SPARQL constraint does not run on Oxigraph: {e}") from None
        out = []
        for f_ox, rows in batches:
            out.extend(self._sparql_results(shape, sc, from_ox(f_ox), rows))
        return out

    def _sparql_results(self, shape: Shape, sc: SparqlConstraint, f, rows: list[dict]) -> list[Result]:
        # pyshacl SPARQLConstraintComponent._validate_sparql_query and _evaluate_sparql_constraint.
        violations, seen, failed = [], set(), False
        for d in rows:
            if d.pop("failure", None) is not None:
                if not failed:
                    violations.append((None, None, None, d, True))
                    failed = True
                continue
            p, v, t = d.pop("path", None), d.pop("value", None), d.pop("this", None)
            if p is None and v is None and t is None:
                continue
            key = (t, p, v, frozenset(d.items()))  # pySHACL drops repeated rows
            if key not in seen:
                seen.add(key)
                violations.append((t, p, v, d, False))
        result_val = None if shape.is_property else f
        out = []
        for t, p, v, d, failure in violations:
            if failure:
                focus, path, value, bound = f, None, result_val, (None, None, None)
            else:
                focus, path, value, bound = t or f, p, v if v is not None else result_val, (t, p, v if v is not None else result_val)
            messages = sparql_messages(shape.messages, sc.messages, *bound, d)
            if not messages:
                messages = self.generic(shape.node, SH.sparql, focus, value)
            out.append(Result(focus, path if path is not None else shape.path, value, shape.node,
                              SH.SPARQLConstraintComponent, shape.severity, messages, sc.node))
        return out


RDF_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
OX_CASTS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime, XSD.time}


def _checked_types() -> set:
    from rdflib.term import XSDToPython

    return {t for t, conv in XSDToPython.items() if conv is not None} | OX_CASTS


CHECKED_TYPES = _checked_types()


def _pyshacl_datatype_ok(lit: Literal) -> bool:
    """pyshacl DatatypeConstraintComponent for a literal whose datatype is the one asked for."""
    from datetime import date, datetime, time
    from decimal import Decimal

    if getattr(lit, "ill_typed", None) is True:
        return False
    value, dt = lit.value, lit.datatype
    want = {XSD.string: (str, bytes), XSD.integer: int, XSD.float: float, XSD.decimal: Decimal,
            XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}.get(dt)
    return want is None or isinstance(value, want)


def _as_dict(names, sol) -> dict:
    return {n: from_ox(sol[n]) for n in names if sol[n] is not None}


_WHERE_THIS = re.compile(r"\bWHERE\s*\{\s*[$?]this\s", re.I)
_THIS = re.compile(r"[$?]this\b")


def _batchable(select: str) -> bool:
    """True when running the query once for all focus nodes, and keeping the rows whose ?this is a
    focus node, gives what pre-binding $this to each focus node gives (SHACL 5.3.1): $this is the
    subject of the first triple pattern (bound in every solution), projected, in any GROUP BY,
    and not inside a subquery, with no LIMIT/OFFSET."""
    text = re.sub(r"#[^\n]*", "", select)
    text = re.sub(r"^\s*PREFIX\s+\S*:\s*<[^>]*>\s*", "", text, flags=re.I | re.M)
    head = text.split("{", 1)[0]
    if not (_THIS.search(head) or re.search(r"SELECT\s+(DISTINCT\s+)?\*", head, re.I)):
        return False
    if not _WHERE_THIS.search(text) or re.search(r"\b(LIMIT|OFFSET|BASE|PREFIX)\b", text, re.I):
        return False
    group = re.search(r"\bGROUP\s+BY\b(.*?)(\bHAVING\b|\bORDER\b|$)", text, re.I | re.S)
    if group and not _THIS.search(group.group(1)):
        return False
    body = text[text.index("{") + 1:]
    for m in re.finditer(r"\bSELECT\b", body, re.I):
        depth, i = 0, m.start()
        # The subquery runs to the brace that closes the group it opens in.
        while i < len(body):
            depth += {"{": 1, "}": -1}.get(body[i], 0)
            if depth < 0:
                break
            i += 1
        if _THIS.search(body[m.start():i]):
            return False
    return True


def results_from_report(report: Graph) -> list[Result]:
    """The top-level results (sh:result of the report; sh:detail ones only explain them)."""
    out = []
    for r in report.objects(None, SH.result):
        out.append(Result(report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.value),
                          report.value(r, SH.sourceShape), report.value(r, SH.sourceConstraintComponent),
                          report.value(r, SH.resultSeverity), list(report.objects(r, SH.resultMessage)),
                          report.value(r, SH.sourceConstraint)))
    return out


def build_report(results: list[Result], conforms: bool, sg: Graph, extra: Graph) -> Graph:
    """An sh:ValidationReport as pySHACL writes it (without sh:detail), merged with pySHACL's own
    report for the shapes it validated (extra)."""
    g = Graph(bind_namespaces="core")
    g.bind("sh", SH)
    for prefix, ns in sg.namespaces():
        g.bind(prefix, ns, override=False)
    report = next(extra.subjects(RDF.type, SH.ValidationReport), None) or BNode()
    g += extra
    g.remove((report, SH.conforms, None))
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms)))
    paths = set()
    for res in results:
        r = BNode()
        g.add((report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, res.focus))
        for p, o in ((SH.resultPath, res.path), (SH.value, res.value), (SH.sourceConstraint, res.source_constraint)):
            if o is not None:
                g.add((r, p, o))
        g.add((r, SH.sourceShape, res.shape))
        g.add((r, SH.sourceConstraintComponent, res.component))
        g.add((r, SH.resultSeverity, res.severity))
        for m in res.messages:
            g.add((r, SH.resultMessage, m))
        if isinstance(res.path, BNode) and res.path not in paths:  # a complex path travels with its triples
            paths.add(res.path)
            g += sg.cbd(res.path)
    return g
