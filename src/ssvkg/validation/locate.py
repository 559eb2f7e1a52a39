"""Where a triple is written: file and line, for reports that point at the broken fact.

rdflib's graphs keep no positions, so while each file is parsed a recording store
notes, for every triple added, the line the parser is at (the Turtle/TriG parser's
line counter, the RDF/XML SAX locator). For formats whose parser keeps no counter
(N-Triples, N-Quads, JSON-LD) the line is found afterwards by searching the text.
Terms are the very objects the validated graph holds, so blank nodes match too.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SH, XSD, Dataset, Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import SinkParser
from rdflib.plugins.parsers.rdfxml import RDFXMLHandler
from rdflib.plugins.stores.memory import Memory
from rdflib.term import BNode, Node


@dataclass(frozen=True)
class Location:
    file: str  # as shown in messages: relative to the root when inside it
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.file + (f":{self.line}" if self.line else "")


# ---------------------------------------------------------------- recording while parsing


def _position_source() -> Callable[[], int | None] | None:
    """The running parser's current line, found by walking up the call stack once per file."""
    frame = sys._getframe(2)
    while frame is not None:
        obj = frame.f_locals.get("self")
        if isinstance(obj, SinkParser):
            return lambda p=obj: p.lines + 1
        if isinstance(obj, RDFXMLHandler):
            return lambda h=obj: h.locator.getLineNumber()
        frame = frame.f_back
    return None


class _RecordingStore(Memory):
    def __init__(self) -> None:
        super().__init__()
        self.lines: dict = {}
        self._source: Callable[[], int | None] | None = None
        self._looked = False

    def add(self, triple, context, quoted=False):
        if triple not in self.lines:
            if not self._looked:
                self._source, self._looked = _position_source(), True
            self.lines[triple] = self._source() if self._source else None
        super().add(triple, context, quoted)


def parse_recording_lines(text: str, fmt: str, path: Path) -> tuple[Graph, dict]:
    """Parse text; return its triples as one Graph and {triple: line or None}."""
    from ssvkg.validation.syntax import DATASET_FORMATS

    store = _RecordingStore()
    base = Path(path).resolve().as_uri()
    if fmt in DATASET_FORMATS:
        ds = Dataset(store=store, default_union=True)
        ds.parse(data=text, format=fmt, publicID=base)
        g = Graph(bind_namespaces="core")
        for prefix, ns in ds.namespaces():
            g.bind(prefix, ns, override=False)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g, store.lines
    g = Graph(store=store, bind_namespaces="core")
    g.parse(data=text, format=fmt, publicID=base)
    return g, store.lines


# ---------------------------------------------------------------- looking up


def _line_of(text: str, needle: str) -> int | None:
    pos = text.find(needle)
    return None if pos < 0 else text.count("\n", 0, pos) + 1


def _local(node: Node) -> str:
    s = str(node)
    for sep in ("#", "/", ":"):
        if sep in s:
            s = s.rsplit(sep, 1)[-1] or s
    return s


class Locator:
    """Finds the file and line of triples and nodes among files read by safe_input.read_rdf."""

    def __init__(self, files: Sequence) -> None:
        self.files = list(files)  # ReadFile: .graph, .lines, .text, .shown, .format

    # A triple written in one of the files.
    def triple(self, s: Node, p: Node, o: Node) -> Location | None:
        for f in self.files:
            if (s, p, o) in f.graph:
                return Location(f.shown, f.lines.get((s, p, o)) or self._search(f, s, p, o))
        return None

    def _search(self, f, s: Node, p: Node | None = None, o: Node | None = None) -> int | None:
        if f.format in ("nt", "nquads"):
            parts = [t.n3() for t in (s, p, o) if t is not None and not isinstance(t, BNode)]
            for n, line in enumerate(f.text.splitlines(), 1):
                if all(x in line for x in parts):
                    return n
        for node in (s, o):
            if isinstance(node, URIRef):
                for needle in (str(node), _local(node)):
                    line = _line_of(f.text, needle)
                    if line:
                        return line
        return None

    def _same_value(self, focus: Node, path: URIRef, value: Literal) -> Location | None:
        """The triple whose object is value as Oxigraph gives it back ("3000.50" as 3000.5)."""
        want = _canon(value)
        for f in self.files:
            for o in f.graph.objects(focus, path):
                if isinstance(o, Literal) and _canon(o) == want:
                    return self.triple(focus, path, o)
        return None

    def node(self, node: Node) -> Location | None:
        """Where node is described: its first triple as subject, else its first use as object."""
        if node is None:
            return None
        for position in ("subject", "object"):
            for f in self.files:
                pattern = (node, None, None) if position == "subject" else (None, None, node)
                found = list(f.graph.triples(pattern))
                if not found:
                    continue
                lines = [f.lines.get(t) for t in found if f.lines.get(t)]
                if lines:
                    return Location(f.shown, min(lines))
                s, p, o = found[0]
                return Location(f.shown, self._search(f, s, p, o))
        return None

    def result(self, focus: Node | None, path: Node | None, value: Node | None,
               report: Graph | None = None) -> Location | None:
        """The offending triple of a SHACL result, else where its focus node is described."""
        if focus is not None and isinstance(path, URIRef):
            if value is not None:
                loc = self.triple(focus, path, value) or (
                    isinstance(value, Literal) and self._same_value(focus, path, value))
                if loc:
                    return loc
            lines = [self.triple(focus, path, o) for f in self.files for o in f.graph.objects(focus, path)]
            lines = [loc for loc in lines if loc and loc.line]
            if lines:
                return min(lines, key=lambda loc: (loc.file, loc.line))
        if focus is not None and isinstance(path, BNode) and report is not None and value is not None:
            inverse = report.value(path, SH.inversePath)
            if isinstance(inverse, URIRef):
                loc = self.triple(value, inverse, focus)
                if loc:
                    return loc
        if path is None and value is not None and value != focus and isinstance(value, (URIRef, BNode)):
            # A graph-wide SPARQL constraint ($this is a fixed node) names the culprit in ?value.
            loc = self.node(value)
            if loc:
                return loc
        return self.node(focus) or (self.node(value) if value is not None else None)

    def typed(self, node: Node) -> Location | None:
        """Where node is given its rdf:type, if it is."""
        for f in self.files:
            for o in f.graph.objects(node, RDF.type):
                return self.triple(node, RDF.type, o)
        return self.node(node)


# ---------------------------------------------------------------- with an Oxigraph store


def _canon(t: Node):
    """A term as Oxigraph stores it, near enough to compare: literals by value (it keeps
    "3000.50" as 3000.5 and lower-cases language tags), blank nodes all alike."""
    if isinstance(t, BNode):
        return ("b",)
    if isinstance(t, Literal):
        v = None if t.ill_typed else t.value
        try:
            hash(v)
        except TypeError:
            v = None
        dt = "" if t.datatype is None or str(t.datatype) == str(XSD.string) else str(t.datatype)
        return ("l", str(t) if v is None else v, dt, (t.language or "").lower())
    return ("u", str(t))


def _signature(out, into, deeper=None) -> frozenset:
    """Multiset of a blank node's surroundings: (predicate, other end) out and in;
    deeper(bnode) describes neighbouring blank nodes one level further."""
    c = Counter()
    for p, o in out:
        c[("o", str(p), _canon(o) if deeper is None or not isinstance(o, BNode) else deeper(o))] += 1
    for s, p in into:
        c[("i", str(p), _canon(s) if deeper is None or not isinstance(s, BNode) else deeper(s))] += 1
    return frozenset(c.items())


class _Around:
    """Blank-node surroundings: out[b] = [(p, o)], into[b] = [(s, p)]."""

    def __init__(self, out, into):
        self.out, self.into = out, into
        self._sig0: dict = {}

    def sig0(self, b) -> frozenset:
        if b not in self._sig0:
            self._sig0[b] = _signature(self.out.get(b, ()), self.into.get(b, ()))
        return self._sig0[b]

    def sig1(self, b) -> frozenset:
        return _signature(self.out.get(b, ()), self.into.get(b, ()), self.sig0)


class StoreLocator(Locator):
    """A Locator for files also loaded in an Oxigraph store, one named graph per file.

    SHACL results found on the store name its terms; the store tells which files mention
    a result's focus node or value, so only those files are parsed (lazily, by rdflib)
    to find the line. Blank nodes get new labels in each parse, so a blank node of the
    store is matched to the file's own by its surroundings (its triples, two levels
    deep); if several are alike in every way, the one written first is taken.
    """

    def __init__(self, files: Sequence, store, graph_names: Sequence[str]) -> None:
        super().__init__(files)
        self.store = store
        self.graph_names = list(graph_names)  # per file, in order
        self._graphs: dict = {}
        self._around: dict = {}

    def _graphs_with(self, node: Node | None) -> set:
        if node is None:
            return set()
        if node not in self._graphs:
            from ssvkg.store.terms import to_ox

            term, found, every = to_ox(node), set(), len(set(self.graph_names))
            if not isinstance(node, Literal):
                found.update(q.graph_name.value for q in self.store.quads_for_pattern(term, None, None, None))
            for q in self.store.quads_for_pattern(None, None, term, None):
                found.add(q.graph_name.value)
                if len(found) == every:
                    break
            self._graphs[node] = found
        return self._graphs[node]

    def result(self, focus: Node | None, path: Node | None, value: Node | None,
               report: Graph | None = None) -> Location | None:
        names = self._graphs_with(focus)
        if path is None or isinstance(path, BNode) or not names:
            # Only then can Locator.result look at the value's own triples (as a culprit,
            # an inverse path's subject, or when the focus is written nowhere).
            names = names | self._graphs_with(value)
        # An InputFile (ssvkg.validation.inputs) gives its recorded triples and lines, not a new parse.
        pairs = [(f.located() if hasattr(f, "located") else f, g)
                 for f, g in zip(self.files, self.graph_names) if g in names]
        if not pairs:
            return None
        files = [f for f, _ in pairs]
        focus, value = self._as_parsed(focus, pairs), self._as_parsed(value, pairs)
        return Locator(files).result(focus, path, value, report)

    # ------------------------------------------------ blank nodes

    def _as_parsed(self, node, pairs):
        if not isinstance(node, BNode) or any((node, None, None) in f.graph or (None, None, node) in f.graph
                                              for f, _ in pairs):
            return node
        from ssvkg.store.terms import from_ox, to_ox

        b = to_ox(node)
        quad = next(iter(self.store.quads_for_pattern(b, None, None, None)), None) \
            or next(iter(self.store.quads_for_pattern(None, None, b, None)), None)
        if quad is None:
            return node
        for f, g in pairs:
            if g == quad.graph_name.value:
                theirs = self._store_around(quad.graph_name, b, from_ox)
                return self._match(node, theirs, self._file_around(f), f) or node
        return node

    def _store_around(self, graph, b, from_ox) -> _Around:
        """The store's blank node b and its blank neighbours (two levels), as rdflib terms."""
        out, into, todo, seen = {}, {}, [(b, 0)], set()
        while todo:
            x, depth = todo.pop()
            if x in seen:
                continue
            seen.add(x)
            key = from_ox(x)
            out[key] = [(from_ox(q.predicate), from_ox(q.object))
                        for q in self.store.quads_for_pattern(x, None, None, graph)]
            into[key] = [(from_ox(q.subject), from_ox(q.predicate))
                         for q in self.store.quads_for_pattern(None, None, x, graph)]
            if depth < 1:
                todo += [(to, depth + 1) for to in
                         [q.object for q in self.store.quads_for_pattern(x, None, None, graph)]
                         + [q.subject for q in self.store.quads_for_pattern(None, None, x, graph)]
                         if type(to).__name__ == "BlankNode"]
        return _Around(out, into)

    def _file_around(self, f) -> _Around:
        if id(f) not in self._around:
            out, into = {}, {}
            for s, p, o in f.graph:
                if isinstance(s, BNode):
                    out.setdefault(s, []).append((p, o))
                if isinstance(o, BNode):
                    into.setdefault(o, []).append((s, p))
            self._around[id(f)] = _Around(out, into)
        return self._around[id(f)]

    @staticmethod
    def _match(node, theirs: _Around, mine: _Around, f):
        want = theirs.sig0(node)
        found = [b for b in set(mine.out) | set(mine.into) if mine.sig0(b) == want]
        if len(found) > 1:
            deeper = theirs.sig1(node)
            found = [b for b in found if mine.sig1(b) == deeper]
        if not found:
            return None

        def first_line(b):
            lines = [f.lines.get((b, p, o)) for p, o in mine.out.get(b, ())]
            lines += [f.lines.get((s, p, b)) for s, p in mine.into.get(b, ())]
            return min((n for n in lines if n), default=1 << 30), str(b)
        return min(found, key=first_line)
