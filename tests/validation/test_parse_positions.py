"""The line recorded for each triple while a file is parsed (ssvkg.validation.locate).

locate drives rdflib's Turtle, TriG and RDF/XML parsers itself and relies on some of
their internals (SinkParser.item, RDFSink.makeStatement, loadBuf, _bindings,
rdfxml.create_parser). These tests fail when rdflib changes them: then re-read rdflib's
parsers, adjust locate.py, and widen locate._RDFLIB_KNOWN.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, BNode, URIRef

from ssvkg.errors import InputError
from ssvkg.validation import locate
from ssvkg.validation.locate import Locator, parse_recording_lines
from ssvkg.validation.read import read_rdf

SRC = Path(__file__).resolve().parents[2] / "src"

# Each triple's expected line is where its object is written: after the text, in a column.
TURTLE = """\
@prefix e: <urn:e:> .
# a comment
e:a e:p1 e:o1 ;
    e:p2 "two" ,
         "three" .
e:b
    e:p3
        "split" .
e:c e:p4 [
    e:p5 e:o5 ;
    e:p6
       6
] .
e:d e:p7 ( e:i1
    e:i2
  ) .
e:f e:p8 \"\"\"long
text\"\"\" ; e:p9 e:o9 .
e:g e:p10 e:o10   # a comment
  .
"""
TURTLE_LINES = {
    ("e:a", "e:p1", "e:o1"): 3,
    ("e:a", "e:p2", "two"): 4,
    ("e:a", "e:p2", "three"): 5,  # the second object of a comma list: its own line
    ("e:b", "e:p3", "split"): 8,  # a triple over three lines: its object's
    ("e:c", "e:p4", "_"): 9,  # a [ … ] object: the line of its [
    ("_", "e:p5", "e:o5"): 10,
    ("_", "e:p6", "6"): 12,
    ("e:d", "e:p7", "_"): 14,  # a collection: the line of its (
    ("_", "rdf:first", "e:i1"): 14,  # its items: their own lines
    ("_", "rdf:rest", "_"): 14,
    ("_", "rdf:first", "e:i2"): 15,
    ("_", "rdf:rest", "rdf:nil"): 15,
    ("e:f", "e:p8", "long\ntext"): 17,  # a long literal: its first line
    ("e:f", "e:p9", "e:o9"): 18,
    ("e:g", "e:p10", "e:o10"): 19,  # not the line of the . after a comment
}

TRIG = """\
@prefix e: <urn:e:> .
e:a e:p e:o .
e:g {
  e:b e:q
    "x" ,
    "y" .
  e:c e:r [ e:s e:t ] }
GRAPH e:h { e:d e:u ( e:v ) }
{ e:e e:w
  e:x }
"""
TRIG_LINES = {
    ("e:a", "e:p", "e:o"): 2,
    ("e:b", "e:q", "x"): 5,
    ("e:b", "e:q", "y"): 6,
    ("e:c", "e:r", "_"): 7,
    ("_", "e:s", "e:t"): 7,
    ("e:d", "e:u", "_"): 8,
    ("_", "rdf:first", "e:v"): 8,
    ("_", "rdf:rest", "rdf:nil"): 8,
    ("e:e", "e:w", "e:x"): 10,
}

# RDF/XML: the line of the XML event that completes the triple, so a property element
# with content has the line of its end tag.
RDFXML = """\
<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="urn:e:">
  <rdf:Description rdf:about="urn:e:a">
    <e:p rdf:resource="urn:e:o"/>
    <e:q>one
two</e:q>
    <e:r>
      <rdf:Description rdf:about="urn:e:b" e:s="attr"/>
    </e:r>
    <e:list rdf:parseType="Collection">
      <rdf:Description rdf:about="urn:e:i1"/>
      <rdf:Description rdf:about="urn:e:i2"/>
    </e:list>
    <e:n rdf:parseType="Resource">
      <e:m>inner</e:m>
    </e:n>
  </rdf:Description>
</rdf:RDF>
"""
RDFXML_LINES = {
    ("e:a", "e:p", "e:o"): 4,
    ("e:a", "e:q", "one\ntwo"): 6,
    ("e:b", "e:s", "attr"): 8,
    ("e:a", "e:r", "e:b"): 9,
    ("_", "rdf:first", "e:i1"): 11,
    ("_", "rdf:rest", "_"): 12,
    ("_", "rdf:first", "e:i2"): 12,
    ("_", "rdf:rest", "rdf:nil"): 13,
    ("e:a", "e:list", "_"): 13,
    ("_", "e:m", "inner"): 15,
    ("e:a", "e:n", "_"): 16,
}


def _short(term) -> str:
    if isinstance(term, BNode):
        return "_"
    if isinstance(term, URIRef):
        return str(term).replace("urn:e:", "e:").replace(str(RDF), "rdf:")
    return str(term)


def _by_line(lines: dict) -> dict:
    out = {}
    for triple, line in lines.items():
        key = tuple(_short(t) for t in triple)
        assert key not in out, f"ambiguous test input: {key}"
        out[key] = line
    return out


@pytest.fixture(autouse=True)
def _fresh_guard():
    locate.positions_supported.cache_clear()
    yield
    locate.positions_supported.cache_clear()


def test_installed_rdflib_is_known_to_work():
    low, high = locate._RDFLIB_KNOWN
    version = tuple(int(x) for x in re.findall(r"\d+", rdflib.__version__)[:2])
    assert low <= version < high, (
        f"rdflib {rdflib.__version__} is outside locate._RDFLIB_KNOWN: re-read its parsers and widen it")
    assert locate.positions_supported()


def test_the_internals_relied_on_are_there():
    from xml.sax.xmlreader import Locator as SaxLocator

    from rdflib.parser import create_input_source
    from rdflib.plugins.parsers.notation3 import RDFSink, SinkParser
    from rdflib.plugins.parsers.rdfxml import create_parser
    from rdflib.plugins.parsers.trig import TrigSinkParser

    assert issubclass(TrigSinkParser, SinkParser)
    for name in ("item", "loadBuf"):
        assert callable(getattr(SinkParser, name, None)), name
    assert callable(getattr(RDFSink, "makeStatement", None))
    parser = SinkParser(RDFSink(rdflib.Graph()), baseURI="urn:x", turtle=True)
    parser.loadBuf("@prefix e: <urn:e:> .\n")
    assert {k: str(v) for k, v in parser._bindings.items()} == {"e": "urn:e:"}
    source = create_input_source(data="<x/>", publicID="urn:x")
    assert isinstance(create_parser(source, rdflib.Graph()), SaxLocator)
    source.close()


@pytest.mark.parametrize("fmt", sorted(locate._PROBES))
def test_probes(fmt):
    text, want = locate._PROBES[fmt]
    assert sorted(locate._parse_positioned(text, fmt, "urn:probe")[1].values()) == want


@pytest.mark.parametrize("fmt, text, want", [("turtle", TURTLE, TURTLE_LINES), ("trig", TRIG, TRIG_LINES),
                                             ("xml", RDFXML, RDFXML_LINES)])
def test_lines(fmt, text, want, tmp_path):
    graph, lines = parse_recording_lines(text, fmt, tmp_path / "x")
    assert _by_line(lines) == want
    assert len(graph) == len(want)
    assert ("e", URIRef("urn:e:")) in set(graph.namespaces())
    # The same triples as rdflib's own parse.
    ref = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    ref.parse(data=text, format=fmt, publicID=(tmp_path / "x").as_uri())
    assert (len(list(ref.quads())) if fmt == "trig" else len(ref)) == len(graph)


@pytest.mark.parametrize("fmt, text, want", [("turtle", TURTLE, TURTLE_LINES), ("trig", TRIG, TRIG_LINES),
                                             ("xml", RDFXML, RDFXML_LINES)])
def test_byte_order_mark_and_crlf(fmt, text, want, tmp_path):
    crlf = text.replace("\n", "\r\n")
    _, lines = parse_recording_lines("\ufeff" + crlf, fmt, tmp_path / "x")
    assert _by_line(lines) == want  # CR LF in a literal read as LF, as Python reads text files


@pytest.mark.parametrize("fmt, text, want, suffix", [("turtle", TURTLE, TURTLE_LINES, ".ttl"),
                                                     ("trig", TRIG, TRIG_LINES, ".trig"),
                                                     ("xml", RDFXML, RDFXML_LINES, ".rdf")])
def test_files_read_with_crlf(fmt, text, want, suffix, tmp_path):
    path = tmp_path / f"x{suffix}"
    crlf = text.replace("\n", "\r\n").encode("utf-8")
    if fmt != "xml":  # pyoxigraph, the parser of record, refuses a BOM in Turtle and TriG
        path.write_bytes(b"\xef\xbb\xbf" + crlf)
        with pytest.raises(InputError, match="byte order mark"):
            read_rdf(path, path.name)
    path.write_bytes((b"\xef\xbb\xbf" if fmt == "xml" else b"") + crlf)
    read = read_rdf(path, path.name)
    assert read.parser == "rdflib"
    assert _by_line(read.lines) == want
    s, p, o = next(t for t in read.graph if _short(t[0]) == "e:a" and _short(t[2]) in ("e:o1", "e:o"))
    assert Locator([read]).triple(s, p, o).line == want[(_short(s), _short(p), _short(o))]


def test_outside_known_versions_lines_come_from_the_text(monkeypatch, tmp_path):
    monkeypatch.setattr(rdflib, "__version__", "99.0.0")
    with pytest.warns(RuntimeWarning, match="searching the text"):
        assert not locate.positions_supported()
    path = tmp_path / "x.ttl"
    path.write_text("@prefix e: <urn:e:> .\n<urn:e:first> e:p e:o .\n\n<urn:e:second> e:p\n  e:o .\n",
                    encoding="utf-8")
    read = read_rdf(path, path.name)
    assert read.parser == "rdflib" and len(read.graph) == 2
    assert set(read.lines.values()) == {None}
    loc = Locator([read]).triple(URIRef("urn:e:second"), URIRef("urn:e:p"), URIRef("urn:e:o"))
    assert loc.line == 4


def test_a_parser_that_gives_other_lines_is_not_relied_on(monkeypatch):
    text, want = locate._PROBES["turtle"]
    monkeypatch.setitem(locate._PROBES, "turtle", (text, [n + 1 for n in want]))
    with pytest.warns(RuntimeWarning, match="turtle parser gave lines"):
        assert not locate.positions_supported()


def test_no_stack_frames_are_read_in_src():
    found = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"_getframe|\bf_back\b|\bf_locals\b|inspect\.(stack|currentframe)", line)]
    assert not found, f"call-stack inspection in src/: {found}"
