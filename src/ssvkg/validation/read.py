"""Guards for reading untrusted RDF and SPARQL: no network, no entity bombs, size limits.

(Time and memory limits are the executor's: validation runs in a worker process.)

`ssvkg validate PATH…` reads other people's files, so every input goes through
read_rdf(): a URL is refused, a file over the size limit is refused before it is
read, bytes must be UTF-8, RDF/XML may not declare nested or external entities,
JSON-LD may not name a remote @context, the file must be valid RDF for the parser of
record (ssvkg.validation.syntax), and the parses run with network access blocked (an audit hook
refuses socket and urllib events) as a last line of defence.
"""

from __future__ import annotations

import codecs
import functools
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ssvkg.errors import InputError, SsvkgError

# Suffix -> rdflib parser name. Folders are searched for these; a file named on the
# command line may also be .xml or .json.
RDF_SUFFIXES = {
    ".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
    ".rdf": "xml", ".owl": "xml", ".jsonld": "json-ld",
}
EXPLICIT_SUFFIXES = {**RDF_SUFFIXES, ".xml": "xml", ".json": "json-ld"}

MAX_FILE_MB = 20.0  # pySHACL needs minutes well below this; see docs/performance figures
MAX_ENTITY_EXPANSION = 1_000_000  # characters that declared XML entities may add, at least,
ENTITY_EXPANSION_PER_BYTE = 4  # or this many per byte of the file (OWL files use &owl; a lot)

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class NetworkRefused(InputError):
    """Raised from the audit hook when code tries to open a connection while blocked."""


# ---------------------------------------------------------------- network


# Inside no_network() in this thread (or task); the audit hook itself stays for the
# process's life (audit hooks cannot be removed) and lets everything else through.
_BLOCKED: ContextVar[bool] = ContextVar("ssvkg_no_network", default=False)
_NET_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
               "socket.sendto", "urllib.Request"}


def _audit(event: str, args: tuple) -> None:
    if event in _NET_EVENTS and _BLOCKED.get():
        target = args[0] if event == "urllib.Request" else (args[1] if len(args) > 1 else "")
        raise NetworkRefused(
            f"refused a network access ({event} {target}): ssvkg never fetches anything over the network."
        )


@functools.cache
def _install_hook() -> None:
    sys.addaudithook(_audit)  # once per process


@contextmanager
def no_network():
    """Refuse any socket connection or urllib request made inside the block."""
    _install_hook()
    token = _BLOCKED.set(True)
    try:
        yield
    finally:
        _BLOCKED.reset(token)


# ---------------------------------------------------------------- logs


@contextmanager
def quiet_library_logs():
    """rdflib logs a whole traceback for every ill-typed literal; pySHACL logs load errors.
    We report those ourselves, in one sentence, so their loggers are silenced meanwhile."""
    loggers = [logging.getLogger(n) for n in ("rdflib", "pyshacl")]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, saved):
            lg.setLevel(level)


# ---------------------------------------------------------------- inputs


def refuse_url(arg: str) -> None:
    if _URL.match(str(arg)):
        raise InputError(f"{arg}: URLs are not fetched; download the file and pass its path.")


def rdf_format(path: Path, explicit: bool = False) -> str | None:
    table = EXPLICIT_SUFFIXES if explicit else RDF_SUFFIXES
    return table.get(path.suffix.lower())


def collect(args: Iterable[str | Path], what: str = "data") -> list[Path]:
    """Files named, plus RDF files found (recursively) in folders named; sorted, no duplicates."""
    out: list[Path] = []
    for arg in args:
        refuse_url(str(arg))
        p = Path(arg)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and rdf_format(f)
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                kinds = ", ".join(RDF_SUFFIXES)
                raise InputError(f"{arg}: no RDF files ({kinds}) in this {what} folder.")
            out += found
        elif p.is_file():
            if rdf_format(p, explicit=True) is None:
                raise InputError(f"{arg}: unknown RDF format; use one of the suffixes "
                                 f"{', '.join(EXPLICIT_SUFFIXES)}.")
            out.append(p)
        else:
            label = "--shapes " if what == "shapes" else ""
            raise InputError(f"{label}{arg}: no such file or directory.")
    seen: dict[Path, None] = {}
    for f in out:
        seen.setdefault(f.resolve(), None)
    return list(seen)


def check_size(path: Path, shown: str, max_mb: float | None) -> None:
    size = path.stat().st_size
    if max_mb and size > max_mb * 1024 * 1024:
        raise InputError(f"{shown} is {size / 1024 / 1024:.1f} MB, over the {max_mb:g} MB limit "
                         "per input file (raise it with --max-file-size).")


def check_utf8(path: Path, shown: str) -> None:
    """Decode in chunks (bounded memory) and name the line and column of the first bad byte."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, col = 1, 1
    with path.open("rb") as f:
        while True:
            chunk = f.read(1 << 20)
            final = not chunk
            try:
                text = decoder.decode(chunk, final)
            except UnicodeDecodeError as e:
                good = e.object[: e.start].decode("utf-8", "ignore")
                line += good.count("\n")
                col = len(good) - good.rfind("\n") if "\n" in good else col + len(good)
                bad = e.object[e.start: e.start + 1].hex()
                raise InputError(f"{shown} line {line}: invalid UTF-8 (byte 0x{bad} at column {col}); "
                                 "RDF files must be UTF-8.") from None
            nl = text.count("\n")
            if nl:
                line += nl
                col = len(text) - text.rfind("\n")
            else:
                col += len(text)
            if final:
                return


class _PrologDone(Exception):
    """Stops the expat pre-pass once the prolog (and any DOCTYPE) has been read."""


def check_xml_entities(text: str, shown: str) -> None:
    """Refuse entity declarations that expand to other entities or fetch files, attribute
    defaults, and entity references that would add too much text.

    expat reads the prolog itself (no pattern to fool with comments or quoted '>'):
    every <!ENTITY> and <!ATTLIST> reaches a handler before any reference is expanded,
    and the pass stops at the root element. Flat entities such as
    <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#"> are common in RDF/XML and stay
    allowed; "billion laughs" needs entities that reference entities.
    """
    from xml.parsers import expat

    data = text.encode("utf-8")
    # The encoding is fixed: check_utf8 has checked the bytes, whatever the XML declaration says.
    p = expat.ParserCreate(encoding="utf-8")
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)  # never read an external DTD
    values: dict[bytes, int] = {}  # entity name -> length of its text
    declared: list[int] = []  # the line of each declaration

    def refuse(why: str):
        raise InputError(f"{shown} line {p.CurrentLineNumber}: {why}")

    def entity(name, is_parameter, value, base, system_id, public_id, notation):
        if is_parameter:
            refuse(f"XML parameter entity %{name} is refused (entity expansion is limited to flat text).")
        if value is None or system_id or public_id:
            refuse(f"external XML entity &{name}; is refused (it would read another file or URL).")
        if "&" in value or "%" in value:
            refuse(f"XML entity &{name}; refers to other entities; "
                   "nested entity expansion ('billion laughs') is refused.")
        values[name.encode("utf-8")] = len(value)
        declared.append(p.CurrentLineNumber)

    def attlist(element, attribute, kind, default, required):
        # rdflib would add the default to every such element (a triple each), pyoxigraph not.
        if default is not None:
            refuse(f"the XML attribute default for {attribute} on {element} is refused "
                   "(RDF parsers disagree about it).")

    def external(context, base, system_id, public_id):
        refuse(f"the external XML entity {system_id or public_id} is refused (it would read another file or URL).")

    def end_doctype():
        _check_expansion(data, p.CurrentByteIndex, values, shown)
        raise _PrologDone

    def root(name, attributes):
        raise _PrologDone

    p.EntityDeclHandler = entity
    p.AttlistDeclHandler = attlist
    p.ExternalEntityRefHandler = external
    p.EndDoctypeDeclHandler = end_doctype
    p.StartElementHandler = root
    try:
        p.Parse(data, True)
    except _PrologDone:
        pass
    except expat.ExpatError as e:
        raise InputError(f"{shown} line {e.lineno}: invalid XML ({expat.ErrorString(e.code)}, "
                         f"column {e.offset + 1}).") from None
    _check_declared(data, declared, shown)


def _check_declared(data: bytes, declared: list[int], shown: str) -> None:
    """Refuse any '<!ENTITY' that expat did not read as a declaration (declared: their lines).

    pyoxigraph's RDF/XML parser takes every '<!ENTITY' in the DOCTYPE for a declaration,
    in a comment too, and expands nested entities as it reads them; expat skips those in
    comments and, after an unread parameter entity, all later ones. Counted in the whole
    file: its idea of where the DOCTYPE ends may differ.
    """
    if data.count(b"<!ENTITY") == len(declared):
        return
    # Name the first on a line without a declaration, else the first.
    lines = set(declared)
    pos, line, last, first = data.find(b"<!ENTITY"), 1, 0, None
    while pos >= 0:
        line, last = line + data.count(b"\n", last, pos), pos
        first = first or line
        if line not in lines:
            break
        pos = data.find(b"<!ENTITY", pos + 1)
    else:
        line = first
    raise InputError(f"{shown} line {line}: an <!ENTITY that declares nothing for XML (in a comment, "
                     "or after a parameter entity) is refused; another parser could read it as a declaration.")


_REFERENCE = re.compile(rb"&([^;&<>\s]+);")  # an entity reference (a name holds none of these)


def _check_expansion(data: bytes, start: int, values: dict[bytes, int], shown: str) -> None:
    """Refuse if the references after the DOCTYPE (data[start:]) would add more than allowed.

    References are counted in the raw text, comments and CDATA included: never fewer
    than the parser will expand. A quick bound first; the exact count only if needed.
    """
    if not values:
        return
    limit = max(MAX_ENTITY_EXPANSION, ENTITY_EXPANSION_PER_BYTE * len(data))
    if data.count(b"&", start) * max(values.values()) <= limit:
        return
    added = 0
    for m in _REFERENCE.finditer(data, start):
        added += values.get(m.group(1), 0)
        if added > limit:
            line = data.count(b"\n", 0, m.start()) + 1
            raise InputError(f"{shown} line {line}: XML entity references would add more than "
                             f"{limit:,} characters; refused.")


def _remote_contexts(node) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "@context":
                for c in v if isinstance(v, list) else [v]:
                    if isinstance(c, str):
                        yield c
                    elif isinstance(c, dict):
                        if isinstance(c.get("@import"), str):
                            yield c["@import"]
                        yield from _remote_contexts(c)
            else:
                yield from _remote_contexts(v)
    elif isinstance(node, list):
        for v in node:
            yield from _remote_contexts(v)


def check_jsonld(text: str, shown: str) -> None:
    try:
        doc = json.loads(text)
        remote = next(_remote_contexts(doc), None)
    except json.JSONDecodeError as e:
        raise InputError(f"{shown} line {e.lineno}: invalid JSON ({e.msg} at column {e.colno}).") from None
    except RecursionError:
        raise InputError(f"{shown}: JSON nested too deeply to read.") from None
    if remote is not None:
        raise InputError(f"{shown}: the JSON-LD @context {remote} is not fetched (ssvkg never "
                         "fetches over the network); put the context inline in the file.")


# ---------------------------------------------------------------- reading


@dataclass
class ReadFile:
    path: Path
    shown: str  # as printed in messages and reports
    format: str
    graph: Graph  # this file's triples (all graphs merged for dataset formats)
    text: str  # the file, decoded; kept to locate triples and for the second parser
    lines: dict  # triple -> line number where the parser emitted it (see locate.py)
    parser: str = "rdflib"  # or "pyoxigraph", where rdflib could not parse a valid file


def check_rdf(path: Path, shown: str, max_mb: float | None = MAX_FILE_MB,
              fmt: str | None = None) -> tuple[str, str]:
    """Every guard on one file, the parser of record (ssvkg.validation.syntax) included, but no rdflib
    parse: (its text, its format), or InputError with file/line/column on any problem."""
    from ssvkg.validation.syntax import check_syntax

    refuse_url(str(path))
    fmt = fmt or rdf_format(path, explicit=True) or "turtle"
    try:
        check_size(path, shown, max_mb)
        check_utf8(path, shown)
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{shown}: cannot read ({e.strerror or e}).") from None
    if fmt == "xml":
        check_xml_entities(text, shown)
    elif fmt == "json-ld":
        check_jsonld(text, shown)
    with no_network():
        check_syntax(text, fmt, Path(path).resolve().as_uri(), shown)
    return text, fmt


def read_rdf(path: Path, shown: str, max_mb: float | None = MAX_FILE_MB,
             fmt: str | None = None) -> ReadFile:
    """check_rdf, then rdflib's parse, recording lines.

    pyoxigraph is the parser of record: what it rejects is bad input. Where rdflib fails
    on a file pyoxigraph accepted, the graph is built from pyoxigraph's reading.
    """
    from ssvkg.validation.locate import parse_recording_lines  # locate imports rdflib parser internals
    from ssvkg.validation.syntax import oxigraph_graph

    text, fmt = check_rdf(path, shown, max_mb, fmt)
    try:
        with no_network(), quiet_library_logs():
            graph, lines = parse_recording_lines(text, fmt, path)
    except SsvkgError:
        raise
    except Exception:  # BadSyntax, SAXParseException, RecursionError, …: rdflib is wrong here
        with no_network():
            graph, lines = oxigraph_graph(text, fmt, Path(path).resolve().as_uri(), shown)
        return ReadFile(path, shown, fmt, graph, text, lines, "pyoxigraph")
    return ReadFile(path, shown, fmt, graph, text, lines)
