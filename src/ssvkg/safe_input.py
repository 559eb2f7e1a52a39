"""Guards for reading untrusted RDF and SPARQL: no network, no entity bombs, size limits.

(Time and memory limits are the executor's: validation runs in a worker process.)

`ssvkg validate PATH…` reads other people's files, so every input goes through
read_rdf(): a URL is refused, a file over the size limit is refused before it is
read, bytes must be UTF-8, RDF/XML may not declare nested or external entities,
JSON-LD may not name a remote @context, and the parse runs with network access
blocked (an audit hook refuses socket and urllib events) as a last line of defence.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .errors import InputError, QueryError, SsvkgError

# Suffix -> rdflib parser name. Folders are searched for these; a file named on the
# command line may also be .xml or .json.
RDF_SUFFIXES = {
    ".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
    ".rdf": "xml", ".owl": "xml", ".jsonld": "json-ld",
}
EXPLICIT_SUFFIXES = {**RDF_SUFFIXES, ".xml": "xml", ".json": "json-ld"}
DATASET_FORMATS = {"nquads", "trig", "json-ld"}

MAX_FILE_MB = 20.0  # pySHACL needs minutes well below this; see docs/performance figures
MAX_QUERY_CHARS = 100_000
MAX_QUERY_NESTING = 20  # rdflib's recursive parser overflows Python's stack near 30
MAX_ENTITY_EXPANSION = 1_000_000  # characters that declared XML entities may add

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class NetworkRefused(InputError):
    """Raised from the audit hook when code tries to open a connection while blocked."""


# ---------------------------------------------------------------- network


_blocked = 0  # how many no_network() blocks are active (audit hooks cannot be removed)
_NET_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
               "socket.sendto", "urllib.Request"}


def _audit(event: str, args: tuple) -> None:
    if _blocked and event in _NET_EVENTS:
        target = args[0] if event == "urllib.Request" else (args[1] if len(args) > 1 else "")
        raise NetworkRefused(
            f"refused a network access ({event} {target}): ssvkg never fetches anything over the network."
        )


_hook_installed = False


@contextmanager
def no_network():
    """Refuse any socket connection or urllib request made inside the block."""
    global _blocked, _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True
    _blocked += 1
    try:
        yield
    finally:
        _blocked -= 1


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


# ---------------------------------------------------------------- queries


def check_query_limits(text: str, where: str = "") -> None:
    """Refuse queries too long or too deeply nested for rdflib's parser, before parsing."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"{where}the query is {len(text):,} characters long; "
                         f"the limit is {MAX_QUERY_CHARS:,}.")
    depth = deepest = 0
    line = 1
    deepest_line = 1
    # Strip strings, IRIs and comments so their brackets do not count.
    stripped = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                      r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*",
                      lambda m: "\n" * m.group(0).count("\n"), text)
    for ch in stripped:
        if ch in "({[":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif ch in ")}]":
            depth -= 1
        elif ch == "\n":
            line += 1
    if deepest > MAX_QUERY_NESTING:
        raise QueryError(f"{where}the query nests brackets {deepest} deep (line {deepest_line}); "
                         f"at most {MAX_QUERY_NESTING} levels are allowed.")


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


_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S)
_ENTITY = re.compile(r"<!ENTITY\s+(%\s+)?([^\s]+)\s+(?:(SYSTEM|PUBLIC)\b|\"([^\"]*)\"|'([^']*)')", re.S)


def check_xml_entities(text: str, shown: str) -> None:
    """Refuse entity declarations that expand to other entities, fetch files, or add too much.

    Flat entities such as <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#"> are common
    in RDF/XML and stay allowed; "billion laughs" needs entities that reference entities.
    """
    m = _DOCTYPE.search(text[: 1 << 20])
    if not m:
        return
    subset = m.group(1)
    line = text[: m.start()].count("\n") + 1
    values: dict[str, str] = {}
    for e in _ENTITY.finditer(subset):
        pe, name, external, v1, v2 = e.groups()
        if pe:
            raise InputError(f"{shown} line {line}: XML parameter entity %{name} is refused "
                             "(entity expansion is limited to flat text).")
        if external:
            raise InputError(f"{shown} line {line}: external XML entity &{name}; is refused "
                             "(it would read another file or URL).")
        value = v1 if v1 is not None else v2
        if "&" in value or "%" in value:
            raise InputError(f"{shown} line {line}: XML entity &{name}; refers to other entities; "
                             "nested entity expansion ('billion laughs') is refused.")
        values[name] = value
    if "<!ENTITY" in subset and len(values) != subset.count("<!ENTITY"):
        raise InputError(f"{shown} line {line}: an XML entity declaration could not be read; refused.")
    body = text[m.end():]
    added = sum(body.count(f"&{n};") * len(v) for n, v in values.items())
    if added > MAX_ENTITY_EXPANSION:
        raise InputError(f"{shown}: XML entities would expand to {added:,} characters; "
                         f"the limit is {MAX_ENTITY_EXPANSION:,}.")


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
    except json.JSONDecodeError as e:
        raise InputError(f"{shown} line {e.lineno}: invalid JSON ({e.msg} at column {e.colno}).") from None
    for ctx in _remote_contexts(doc):
        raise InputError(f"{shown}: the JSON-LD @context {ctx} is not fetched (ssvkg never "
                         "fetches over the network); put the context inline in the file.")


# ---------------------------------------------------------------- parse errors


def _column(text: str, index: int) -> int:
    return index - (text.rfind("\n", 0, index) + 1) + 1


def _turtle_reason(why: str, col: int) -> str:
    m = re.match(r'Prefix "(.*?)" not bound', why)
    if m:
        return f"prefix {m.group(1)} is not declared (column {col}); add @prefix {m.group(1)} <…> ."
    return f"{why.strip().rstrip('.')} (column {col})."


def parse_error(e: Exception, fmt: str, text: str, shown: str) -> InputError:
    """One sentence naming file, line and column for whatever a parser raised."""
    why = getattr(e, "_why", None)
    if why is not None and isinstance(getattr(e, "lines", None), int):  # notation3 BadSyntax
        idx = getattr(e, "_i", 0)
        raw = getattr(e, "_str", b"")
        doc = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        line = doc.count("\n", 0, idx) + 1
        return InputError(f"{shown} line {line}: {_turtle_reason(str(why), _column(doc, idx))}")
    get_line = getattr(e, "getLineNumber", None)  # xml.sax.SAXParseException
    if callable(get_line):
        return InputError(f"{shown} line {get_line()}: invalid XML ({e.getMessage()}, "
                          f"column {e.getColumnNumber() + 1}).")
    msg = (str(e).splitlines() or [type(e).__name__])[0].strip().rstrip(".")
    if fmt in ("nt", "nquads"):  # rdflib's line parser keeps no line number; pyoxigraph's does
        located = _oxigraph_error(text, fmt)
        if located:
            return InputError(f"{shown} {located}.")
    m = re.search(r"line[: ]+(\d+)", msg)
    return InputError(f"{shown}{' line ' + m.group(1) if m else ''}: {msg}.")


def oxigraph_position(msg: str) -> tuple[int | None, int | None, str]:
    """(line, column, reason) from a pyoxigraph parser message."""
    m = re.match(r"Parser error (?:at|between) line (\d+)(?: between)? columns? (\d+)[^:]*: (.*)", msg, re.S)
    if not m:
        return None, None, msg.strip().rstrip(".")
    return int(m.group(1)), int(m.group(2)), m.group(3).strip().rstrip(".")


def _oxigraph_error(text: str, fmt: str) -> str | None:
    """'line L: reason (column C)' from pyoxigraph's parser, if it is installed and fails too."""
    try:
        import pyoxigraph as ox
    except ImportError:
        return None
    try:
        fmt_ox = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.N_QUADS
        for _ in ox.parse(text.encode("utf-8"), format=fmt_ox):
            pass
    except SyntaxError as e:
        line, col, reason = oxigraph_position(str(e.msg))
        if line:
            return f"line {line}: {reason} (column {col})"
    except Exception:
        return None
    return None


# ---------------------------------------------------------------- reading


@dataclass
class ReadFile:
    path: Path
    shown: str  # as printed in messages and reports
    format: str
    graph: Graph  # this file's triples (all graphs merged for dataset formats)
    text: str  # the file, decoded; kept to locate triples and for the second parser
    lines: dict  # triple -> line number where the parser emitted it (see locate.py)


def read_rdf(path: Path, shown: str, max_mb: float | None = MAX_FILE_MB,
             fmt: str | None = None) -> ReadFile:
    """Parse one file with every guard on; InputError with file/line/column on any problem."""
    from .locate import parse_recording_lines  # locate imports rdflib parser internals

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
    try:
        with no_network(), quiet_library_logs():
            graph, lines = parse_recording_lines(text, fmt, path)
    except SsvkgError:
        raise
    except RecursionError:
        raise InputError(f"{shown}: nested too deeply to parse.") from None
    except Exception as e:  # parsers raise BadSyntax, SAXParseException, ValueError, …
        raise parse_error(e, fmt, text, shown) from None
    return ReadFile(path, shown, fmt, graph, text, lines)
