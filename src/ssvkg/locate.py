"""Where a triple is written: file and line, for reports that point at the broken fact.

rdflib's graphs keep no positions, so while each file is parsed a recording store
notes, for every triple added, the line the parser is at (the Turtle/TriG parser's
line counter, the RDF/XML SAX locator). For formats whose parser keeps no counter
(N-Triples, N-Quads, JSON-LD) the line is found afterwards by searching the text.
Terms are the very objects the validated graph holds, so blank nodes match too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, SH, Dataset, Graph, URIRef
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
    from .safe_input import DATASET_FORMATS

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
                loc = self.triple(focus, path, value)
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
