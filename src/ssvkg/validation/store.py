"""Where SHACL validation runs: Oxigraph (default) or rdflib's memory store.

On Oxigraph, compiled_validate runs the shapes compiled to SPARQL (ssvkg.validation.compiled) on
a pyoxigraph Store: the data Graph's own store when it is oxigraph_graph(store) (no copy,
no rdflib parse), else an in-memory copy. pySHACL still runs, on the same store, for the
shapes the compiler leaves out, and runs whole with --engine rdflib (the reference).

pySHACL evaluates every SHACL-SPARQL constraint and SPARQL target as a query on the
data graph. On rdflib's memory store each of those is parsed and evaluated in pure
Python; on an Oxigraph-backed rdflib Graph (an oxrdflib store) the query text goes to
Oxigraph's Rust engine. Two narrow adjustments make that fast and exact (see
/work/shared/reference/performance.md and BENCHMARKS.md):

1. pySHACL writes `data_graph or shapes_graph` in places (three times per result); a
   Graph has no __bool__, so Python calls __len__ (pySHACL 0.40's DataGraph, which wraps
   the Graph, hands it on), which on an Oxigraph store counts every triple (a query).
   The view is read-only, so UnionOxigraphStore counts once and remembers: one count
   per validation, and an empty graph is still falsy. No class of pySHACL's is touched;
   tests/validation/test_validation_store_length.py fails if pySHACL starts counting
   more often.
2. Oxigraph gives a literal written "x" the datatype xsd:string (RDF 1.1); rdflib, and
   so the shapes graph, has Literal("x") without one, and rdflib compares them unequal
   (sh:in ("zh") would fail). UnionOxigraphStore returns terms through
   ssvkg.store.terms, which hands back rdflib's form.

The data graph is the union of the named graphs, each triple once, like rdflib's
merged graph; `inplace=True` stops pySHACL from copying it back into memory (it only
writes to the data graph for sh:rule, which then gets an in-memory copy instead).

On rdflib's memory store pySHACL validates a PreparedQueries view of the data: rdflib
parses each of the shapes' query texts once instead of once per focus node.
"""

from __future__ import annotations


from rdflib import Graph, Literal
from rdflib.namespace import SH

STORES = ("oxigraph", "rdflib")


def store_name(name: str | None) -> str:
    """The validation store for an engine name: rdflib for rdflib, else Oxigraph (the default)."""
    return name if name in STORES else "oxigraph"


def _union_store_class():
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    from ssvkg.store.terms import from_ox, to_ox

    def pattern(term):
        return None if term is None else to_ox(term)

    class UnionOxigraphStore(OxigraphStore):
        """An oxrdflib store whose one graph is the union of all named graphs, read-only."""

        def triples(self, triple_pattern, context=None):
            s, p, o = triple_pattern
            seen = set()  # a triple in two files is one triple of the union
            for q in self._inner.quads_for_pattern(pattern(s), pattern(p), pattern(o), None):
                t = (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                if t not in seen:
                    seen.add(t)
                    yield t, iter((None,))

        _length: int | None = None

        def __len__(self, context=None):
            """Distinct triples of the union: counted (a query over every triple) once, then
            remembered, since nothing writes through this view and ssvkg writes no Store it has
            made a view of (the engine's cache is opened read-only)."""
            if self._length is None:
                res = self._inner.query(
                    "SELECT (COUNT(*) AS ?c) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
                    use_default_graph_as_union=True)
                self._length = int(next(res)[0].value)
            return self._length

        def contexts(self, triple=None):
            return iter(())

        def query(self, query, initNs, initBindings, queryGraph, **kwargs):
            from rdflib.query import Result
            from rdflib.term import Variable

            if not isinstance(query, str):
                raise NotImplementedError("only query text runs on the Oxigraph store")
            from ssvkg.gate.sparql import refuse_remote

            refuse_remote(query)  # the shapes were checked whole; this is the last door to Oxigraph
            res = self._inner.query(
                query, use_default_graph_as_union=True,
                prefixes={**{p: str(n) for p, n in self._namespace_for_prefix.items()},
                          **{p: str(n) for p, n in (initNs or {}).items()}},
                substitutions={ox.Variable(k): to_ox(v) for k, v in (initBindings or {}).items()},
            )
            if isinstance(res, ox.QueryBoolean):
                out = Result("ASK")
                out.askAnswer = bool(res)
            elif isinstance(res, ox.QuerySolutions):
                out = Result("SELECT")
                out.vars = [Variable(v.value) for v in res.variables]
                out.bindings = [{v: from_ox(x) for v, x in zip(out.vars, sol) if x is not None}
                                for sol in res]
            else:
                out = Result("CONSTRUCT")
                out.graph = Graph()
                for t in res:
                    out.graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
            return out

        def add(self, triple, context, quoted=False):
            raise NotImplementedError("the validation store is read-only")

        def addN(self, quads):  # noqa: N802
            raise NotImplementedError("the validation store is read-only")

        def remove(self, triple, context=None):
            raise NotImplementedError("the validation store is read-only")

    return UnionOxigraphStore


def oxigraph_graph(store, namespaces: dict[str, str] | None = None) -> Graph:
    """An rdflib Graph over a pyoxigraph Store: the union of its graphs, read-only."""
    g = Graph(store=_union_store_class()(store=store), bind_namespaces="none")
    for prefix, ns in (namespaces or {}).items():
        g.bind(prefix, ns, override=True)
    return g


def copy_to_oxigraph(graph: Graph):
    """graph's triples in a new in-memory pyoxigraph Store (default graph)."""
    import pyoxigraph as ox

    from ssvkg.store.terms import to_ox

    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)
    return store


def is_oxigraph_graph(graph) -> bool:
    return type(getattr(graph, "store", None)).__name__ == "UnionOxigraphStore"


def pyoxigraph_store(data: Graph):
    """The pyoxigraph Store behind an oxigraph_graph, else an in-memory copy of data."""
    return data.store._inner if is_oxigraph_graph(data) else copy_to_oxigraph(data)


def compiled_validate(data: Graph, shapes: Graph):
    """Shapes compiled to SPARQL, run on data's pyoxigraph Store (ssvkg.validation.compiled.Outcome)."""
    from ssvkg.validation import compiled as shacl_sparql

    namespaces = [(p, n) for p, n in data.namespaces() if p]
    return shacl_sparql.validate(pyoxigraph_store(data), shapes, namespaces, pyshacl_fallback)


def data_graph_for(data: Graph, shapes: Graph, store: str | None = None) -> Graph:
    """The graph pySHACL should validate: data itself (rdflib), or data on Oxigraph."""
    store = store_name(store)
    if store == "rdflib" or is_oxigraph_graph(data) or (None, SH.rule, None) in shapes:
        return data  # sh:rule writes into the data graph: keep it writable
    namespaces = {p: str(n) for p, n in data.namespaces() if p}
    return oxigraph_graph(copy_to_oxigraph(data), namespaces)


class PreparedQueries(Graph):
    """A view of a Graph (its store, identifier and prefixes; nothing copied) whose query()
    parses and translates each distinct SPARQL text once, with the prefixes and base rdflib
    would use, and evaluates it with each call's own bindings: rdflib's prepared queries
    (rdflib.plugins.sparql.prepareQuery). pySHACL hands rdflib the same sh:select text for
    every focus node, and rdflib parses it anew each time: half of pySHACL's time on the real
    graph (13.8 -> 6.5 s of CPU). The cache lives as long as the view: one validation, as
    many entries as the shapes have texts; or, given as prepared, as long as its owner keeps
    it (keyed by text, base and prefixes, so views of other graphs can share it)."""

    def __init__(self, graph: Graph, prepared: dict | None = None):
        super().__init__(store=graph.store, identifier=graph.identifier,
                         namespace_manager=graph.namespace_manager)
        # Graph.query parses with the graph's prefixes when given none; read once, not per call.
        self._namespaces = dict(graph.namespaces())
        self._own_prefixes = tuple(sorted((k, str(v)) for k, v in self._namespaces.items()))
        self._prepared: dict = {} if prepared is None else prepared

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):  # noqa: N803
        if isinstance(query_object, str) and processor == "sparql":
            from rdflib.plugins.sparql import prepareQuery

            base = kwargs.get("base")
            key = (query_object, base,
                   tuple(sorted((k, str(v)) for k, v in initNs.items())) if initNs else self._own_prefixes)
            if key not in self._prepared:
                self._prepared[key] = prepareQuery(query_object, initNs=dict(initNs or self._namespaces), base=base)
            query_object = self._prepared[key]
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def pyshacl_validate(data: Graph, shapes: Graph, store: str | None = None, prepared: dict | None = None,
                     **options):
    """pyshacl.validate(data, shacl_graph=shapes, **options) on the chosen store. prepared: a
    cache of rdflib's prepared queries kept across validations (see PreparedQueries)."""
    import pyshacl

    data = data_graph_for(data, shapes, store)
    if not is_oxigraph_graph(data):
        if (None, SH.rule, None) in shapes:  # sh:rule writes: pySHACL validates its own copy
            return pyshacl.validate(data, shacl_graph=shapes, **options)
        # Nothing writes, so pySHACL need not copy the data (inplace) and sees the view.
        return pyshacl.validate(PreparedQueries(data, prepared), shacl_graph=shapes, inplace=True, **options)
    # Its length, which pySHACL asks for at every result, is counted once (UnionOxigraphStore).
    return pyshacl.validate(data, shacl_graph=shapes, inplace=True, **options)


def pyshacl_fallback(store, sg: Graph, compiled: list):
    """pySHACL on the store for the shapes not compiled: the others lose their targets."""
    from ssvkg.validation.compiled.run import Result, results_from_report
    from ssvkg.validation.compiled.shapes import TARGET_PREDICATES

    reduced = Graph()
    for prefix, ns in sg.namespaces():
        reduced.bind(prefix, ns, override=True)
    done = set(compiled)
    for t in sg:
        if t[0] in done and t[1] in TARGET_PREDICATES:
            continue
        reduced.add(t)
    conforms, report, text = pyshacl_validate(
        oxigraph_graph(store), reduced, "oxigraph", inference="none", advanced=True, allow_warnings=False,
        do_owl_imports=False)
    if not isinstance(report, Graph) or (not conforms and not any(report.objects(None, SH.result))):
        # A refusal (e.g. SERVICE in a constraint) is a failure without results: never a pass.
        why = next((ln.strip() for ln in reversed(text.splitlines()) if ln.strip()), "no reason given")
        return [Result(None, None, None, None, None, SH.Violation, [Literal(f"pySHACL did not validate: {why}")])], Graph()
    return results_from_report(report), report
