"""The parser of record: a file is valid RDF when pyoxigraph's parser for its format accepts it.

rdflib's parsers accept many files the RDF 1.1 grammars do not (<a b>, <http://x/{y}>,
"\\q", "a"@en^^xsd:string, …) and reject a few valid ones (N-Triples without spaces
between terms). So every input is read by pyoxigraph first (in Rust: a small part of
the cost of rdflib's parse); what it rejects is bad input, named with its line and
column. A file it accepts but rdflib cannot parse is read from pyoxigraph's triples.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Graph

from ssvkg.errors import InputError

DATASET_FORMATS = {"nquads", "trig", "json-ld"}  # rdflib formats that hold named graphs
OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG",
              "xml": "RDF_XML", "json-ld": "JSON_LD"}


def ox_format(fmt: str):
    return getattr(ox.RdfFormat, OX_FORMATS[fmt])


def check_syntax(text: str, fmt: str, base: str, shown: str) -> None:
    """InputError naming file, line and column unless pyoxigraph parses text."""
    try:
        for _ in ox.parse(text.encode("utf-8"), format=ox_format(fmt), base_iri=base):
            pass
    except SyntaxError as e:
        error = None
        if fmt == "xml" and not (e.lineno or oxigraph_position(str(e.msg))[0]):
            error = _xml_error(text, shown)
        raise error or syntax_error(e, text, shown) from None
    except (OSError, ValueError) as e:  # not expected for bytes in memory; still bad input, never a crash
        raise InputError(f"{shown}: pyoxigraph cannot read this file ({_first_line(e)}).") from None


def oxigraph_position(msg: str) -> tuple[int | None, int | None, str]:
    """(line, column, reason) from a pyoxigraph parser message."""
    m = re.match(r"Parser error (?:at|between) line (\d+)(?: between)? columns? (\d+)[^:]*: (.*)", msg, re.S)
    if not m:
        return None, None, msg.strip().rstrip(".")
    return int(m.group(1)), int(m.group(2)), m.group(3).strip().rstrip(".")


def syntax_error(e: SyntaxError, text: str, shown: str) -> InputError:
    line, col, reason = oxigraph_position(str(e.msg))
    # The message quotes what it refuses, newlines too: kept on one line, visibly.
    reason = re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], reason)
    line = line or e.lineno or _only_line_of(reason, text)
    col = col or (e.offset if e.lineno else None)
    m = re.match(r"The prefix (\S*:) has not been declared", reason)
    if m:  # the wording rdflib's error had, which users know
        return InputError(f"{shown} line {line}: prefix {m.group(1)} is not declared (column {col}); "
                          f"add @prefix {m.group(1)} <…> .")
    if "\ufeff" in reason:
        reason = "a byte order mark (U+FEFF) is not allowed here"
    elif line and col and _at(text, line, col).startswith("^^"):  # pyoxigraph reads on as a new statement
        reason = "a datatype (^^) may follow only a literal without a language tag"
    where = f" line {line}" if line else ""
    return InputError(f"{shown}{where}: {reason}{f' (column {col})' if line and col else ''}.")


def _xml_error(text: str, shown: str) -> InputError | None:
    """expat's error with its line and column, for an RDF/XML file pyoxigraph refuses
    without saying where (it does so for XML that is not well-formed)."""
    from xml.parsers import expat

    p = expat.ParserCreate(encoding="utf-8")
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        p.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as e:
        return InputError(f"{shown} line {e.lineno}: invalid XML ({expat.ErrorString(e.code)}, "
                          f"column {e.offset + 1}).")
    return None


def _at(text: str, line: int, col: int) -> str:
    """The text from line:col (both from 1) to the end of that line."""
    lines = text.split("\n", line)
    return lines[line - 1][col - 1:] if len(lines) >= line else ""


def _only_line_of(reason: str, text: str) -> int | None:
    """The line of the value quoted in a message without position (pyoxigraph's RDF/XML
    parser says "error while parsing IRI 'x y'"), if the text holds it exactly once."""
    m = re.search(r"'([^'\n]{3,})'", reason)
    if not m:
        return None
    pos = text.find(m.group(1))
    if pos < 0 or text.find(m.group(1), pos + 1) >= 0:
        return None
    return text.count("\n", 0, pos) + 1


def _first_line(e: Exception) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0].strip().rstrip(".")


# ---------------------------------------------------------------- when rdflib is wrong


def oxigraph_graph(text: str, fmt: str, base: str, shown: str) -> tuple[Graph, dict]:
    """This file as one rdflib Graph (all graphs merged) from pyoxigraph's reading, and
    {triple: line}: N-Triples and N-Quads have one statement per line, so they are read
    line by line and every triple has its line; other formats give no lines."""
    from ssvkg.store.terms import from_ox

    g = Graph(bind_namespaces="core")
    lines: dict = {}
    bnodes: dict = {}  # label -> BNode: fresh per file, as rdflib's own parse makes them

    def term(t, line):
        cls = type(t)
        if cls is ox.BlankNode:
            b = bnodes.get(t.value)
            if b is None:
                b = bnodes[t.value] = BNode()
            return b
        if cls is ox.Triple or (cls is ox.Literal and t.direction is not None):
            what = "triple terms (<< … >>)" if cls is ox.Triple else "directional language tags (--ltr, --rtl)"
            raise InputError(f"{shown}{f' line {line}' if line else ''}: RDF 1.2 {what} are not supported; "
                             "ssvkg reads RDF 1.1.")
        return from_ox(t)

    def add(quads, line):
        for q in quads:
            t = (term(q.subject, line), term(q.predicate, line), term(q.object, line))
            g.add(t)
            if line:
                lines.setdefault(t, line)

    fmt_ox = ox_format(fmt)
    if fmt in ("nt", "nquads"):
        for n, line in enumerate(text.split("\n"), 1):
            if line.strip():
                try:
                    add(ox.parse(line.encode("utf-8"), format=fmt_ox, base_iri=base), n)
                except SyntaxError as e:  # not in valid N-Triples; still one sentence
                    raise InputError(f"{shown} line {n}: {oxigraph_position(str(e.msg))[2]}.") from None
    else:
        parser = ox.parse(text.encode("utf-8"), format=fmt_ox, base_iri=base)
        add(parser, None)
        for prefix, ns in parser.prefixes.items():
            g.bind(prefix, ns, override=False)
    return g, lines
