"""Where a triple is written: file and line, for reports that point at the broken fact.

rdflib's graphs keep no positions, so while each file is parsed a recording store
notes, for every triple added, the line the parser is at (the Turtle/TriG parser's
line counter, the RDF/XML SAX reader's line), which the parse driven here hands it
(see "recording while parsing"). For formats whose parser keeps no counter
(N-Triples, N-Quads, JSON-LD) the line is found afterwards by searching the text.
Terms are the very objects the validated graph holds, so blank nodes match too.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, SH, XSD, Dataset, Graph, Literal, URIRef
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
#
# rdflib's Graph.parse gives no way to learn where its parser is. So for Turtle, TriG and
# RDF/XML the parse is driven here, as rdflib's own parser plugins drive it, with parser
# objects this module builds, and the recording store is handed a `position` callable
# that asks them:
#
#   Turtle, TriG  _parse_n3 does what TurtleParser.parse and TrigParser.parse do, with a
#                 subclass of SinkParser / TrigSinkParser (rdflib.plugins.parsers.notation3,
#                 .trig) that notes where each term it reads (item()) is written, and a
#                 subclass of RDFSink, through which every triple is made, that gives each
#                 triple the line its object is written on, from that character offset.
#                 So `ex:a ex:p ex:o1 ,⏎ ex:o2 .` puts the triples on lines 1 and 2, a
#                 triple split over lines gets its object's line, one whose object is a
#                 [ … ] or ( … ) the line of its `[` or `(`, a """…""" literal its first
#                 line; a collection's rdf:first triples their item's line, an rdf:rest the
#                 line of the rdf:first before it. (SinkParser's own line counter, `lines`,
#                 is not used: it counts a line end before a literal twice.)
#   RDF/XML       rdflib's create_parser (a SAX reader with its RDFXMLHandler); the reader is
#                 a SAX Locator, whose getLineNumber() is the line being read: that of the
#                 tag that completes the triple (a property element's end tag when its
#                 value is its content).
#
# SinkParser's constructor, item(), loadBuf and `_bindings`, RDFSink(graph) and its
# makeStatement((context, predicate, subject, object), why), and create_parser are rdflib
# internals, the same in 7.0.0 and 7.6.0. They are used only for rdflib versions in
# _RDFLIB_KNOWN, and only after small probes (_PROBES) gave the expected lines; otherwise
# (with one warning) files are parsed by Graph.parse without positions, and Locator finds
# lines by searching the text, as it always does for N-Triples, N-Quads and JSON-LD.
# tests/validation/test_parse_positions.py fails when rdflib changes any of this.

_RDFLIB_KNOWN = ((7, 0), (8, 0))  # >= 7.0, < 8.0: 7.0.0's and 7.6.0's parsers read, 7.6.0 tested

_PROBES = {  # format: (text, the lines expected for its triples, in order of line)
    "turtle": ('@prefix e: <urn:e:> .\ne:a e:p e:b ,\n  e:c ;\n  e:q\n  "d" ;\n  e:r [ e:s e:f\n  ] ;\n'
               "  e:t ( e:g\n  e:h ) .\n", [2, 3, 5, 6, 6, 8, 8, 8, 9, 9]),
    "trig": ("@prefix e: <urn:e:> .\ne:g {\n  e:a e:p\n  1\n  .\n  e:a e:q e:c }\n", [4, 6]),
    "xml": ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:e="urn:e:">\n<rdf:Description rdf:about="urn:e:a">\n<e:p>x</e:p>\n'
            '<e:q rdf:resource="urn:e:b"/>\n</rdf:Description>\n</rdf:RDF>\n', [4, 5]),
}

# What SinkParser.skipSpace passes over before a term: blanks, comments, line ends.
_SPACE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*")


class _RecordingStore(Memory):
    """rdflib's Memory store, noting for each new triple the line position() gives (or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict = {}
        self.position: Callable[[], int | None] | None = None

    def add(self, triple, context, quoted=False):
        if triple not in self.lines:
            self.lines[triple] = self.position() if self.position else None
        super().add(triple, context, quoted)


@cache
def _line_classes(trig: bool):
    """(parser class, sink class) for Turtle or TriG that tell the line of each triple made."""
    from rdflib.plugins.parsers.notation3 import RDFSink, SinkParser
    from rdflib.plugins.parsers.trig import TrigSinkParser

    class LineParser(TrigSinkParser if trig else SinkParser):
        """Notes the character offset of each term read, until a triple takes it."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.written: dict = {}  # id(term) -> (term, offset): the term kept, so its id stays its own
            self._text: str | None = None
            self._line_ends: list[int] = []

        def item(self, argstr, i, res):
            j = super().item(argstr, i, res)
            if j >= 0 and res:
                if argstr is not self._text:
                    self._text, self._line_ends = argstr, [m.start() for m in re.finditer("\n", argstr)]
                self.written[id(res[-1])] = (res[-1], i)  # i: where the parser began to look for it
            return j

        def forget(self, term) -> None:
            self.written.pop(id(term), None)

        def line_of(self, term) -> int | None:
            found = self.written.pop(id(term), None)
            if found is None:
                return None
            return bisect_left(self._line_ends, _SPACE.match(self._text, found[1]).end()) + 1

    class LineSink(RDFSink):
        """Every triple the parser makes passes here: `line` is the current triple's."""

        parser: LineParser
        line: int | None = None

        def makeStatement(self, quadruple, why=None) -> None:  # noqa: N802 - rdflib's name
            _, p, s, o = quadruple
            self.parser.forget(s)  # terms read as a subject or predicate: not needed
            self.parser.forget(p)
            self.line = self.parser.line_of(o) or self.line  # else the line of the triple before
            super().makeStatement(quadruple, why)

    return LineParser, LineSink


def _parse_n3(text: str, graph: Graph, base: str, trig: bool) -> None:
    """TurtleParser.parse / TrigParser.parse, with the store told each triple's line."""
    parser_class, sink_class = _line_classes(trig)
    sink = sink_class(graph)
    sink.parser = parser = parser_class(sink, baseURI=base, turtle=True)
    graph.store.position = lambda: sink.line
    try:
        parser.loadBuf(text)
    finally:
        graph.store.position = None
    for prefix, ns in parser._bindings.items():
        graph.bind(prefix, ns)


def _parse_turtle(text: str, graph: Graph, base: str) -> None:
    _parse_n3(text, graph, base, trig=False)


def _parse_trig(text: str, graph: Graph, base: str) -> None:
    _parse_n3(text, graph, base, trig=True)


def _parse_rdfxml(text: str, graph: Graph, base: str) -> None:
    """RDFXMLParser.parse, with the store told the SAX reader's line."""
    from xml.sax.xmlreader import Locator as SaxLocator

    from rdflib.parser import create_input_source
    from rdflib.plugins.parsers.rdfxml import create_parser

    source = create_input_source(data=text, publicID=base)
    try:
        reader = create_parser(source, graph)
        if not isinstance(reader, SaxLocator):
            raise TypeError(f"the SAX reader {type(reader).__name__} cannot tell its line")
        graph.store.position = reader.getLineNumber
        try:
            reader.parse(source)
        finally:
            graph.store.position = None
    finally:
        source.close()


_POSITIONED = {"turtle": _parse_turtle, "trig": _parse_trig, "xml": _parse_rdfxml}


@cache
def positions_supported() -> bool:
    """Whether this rdflib's parsers can be driven by _POSITIONED: a known version, and
    the probes read with the expected lines. Checked once; warns once when not."""
    import warnings

    import rdflib

    try:
        version = tuple(int(x) for x in re.findall(r"\d+", rdflib.__version__)[:2])
        low, high = _RDFLIB_KNOWN
        if not low <= version < high:
            raise RuntimeError(f"not a version known to work (>= {low[0]}.{low[1]}, < {high[0]}.{high[1]})")
        for fmt, (text, want) in _PROBES.items():
            got = sorted(_parse_positioned(text, fmt, "urn:probe")[1].values())
            if got != want:
                raise RuntimeError(f"its {fmt} parser gave lines {got}, not {want}")
    except Exception as e:  # noqa: BLE001 - any failure means: do not rely on the internals
        warnings.warn(f"ssvkg: rdflib {rdflib.__version__}: {e}; file lines in validation reports are "
                      "found by searching the text instead.", RuntimeWarning, stacklevel=2)
        return False
    return True


def _parse_positioned(text: str, fmt: str, base: str) -> tuple[Graph, dict]:
    """text parsed by _POSITIONED[fmt]: (a Graph, or for TriG a Dataset, on a _RecordingStore, its lines)."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    store = _RecordingStore()
    if fmt == "trig":  # the parser adds named graphs to the store; the rest goes to the default graph
        _POSITIONED[fmt](text, Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID), base)
        return Dataset(store=store, default_union=True), store.lines
    graph = Graph(store=store, bind_namespaces="core")
    _POSITIONED[fmt](text, graph, base)
    return graph, store.lines


def parse_recording_lines(text: str, fmt: str, path: Path) -> tuple[Graph, dict]:
    """Parse text; return its triples as one Graph and {triple: line or None}."""
    from ssvkg.validation.syntax import DATASET_FORMATS

    base = Path(path).resolve().as_uri()
    if text.startswith("\ufeff"):  # a byte order mark: allowed before the first line, not a character of it
        text = text[1:]
    if "\r" in text:  # line ends as Python reads a text file (read_rdf's text has them so already):
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # rdflib counts CR LF in a literal twice
    if fmt in _POSITIONED and positions_supported():
        graph, lines = _parse_positioned(text, fmt, base)
    else:
        store = _RecordingStore()
        graph = Dataset(store=store, default_union=True) if fmt in DATASET_FORMATS \
            else Graph(store=store, bind_namespaces="core")
        graph.parse(data=text, format=fmt, publicID=base)
        lines = store.lines
    if not isinstance(graph, Dataset):
        return graph, lines
    g = Graph(bind_namespaces="core")
    for prefix, ns in graph.namespaces():
        g.bind(prefix, ns, override=False)
    for s, p, o, _ in graph.quads((None, None, None, None)):
        g.add((s, p, o))
    return g, lines


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
