"""Checking SPARQL text before it runs: syntax, read-only, no SERVICE."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from ssvkg.errors import QueryError
from ssvkg.memo import NO_MEMO, Memo
from ssvkg.gate.unicode import bad_unicode

# rdflib's SPARQL parser (pyparsing, ~0.2 s to import) is imported only when a text has
# to be parsed: a text that passed before is answered from ssvkg.memo.

KINDS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
# Variables rdflib invents for aggregates; never parameters.
_INTERNAL_VAR = re.compile(r"^__agg_\d+__$")


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    kind: str  # SELECT / ASK / CONSTRUCT / DESCRIBE
    variables: frozenset[str]
    has_dataset: bool  # FROM / FROM NAMED given

    @property
    def parsed(self):
        """rdflib's prepared Query (parsed on first use; the rdflib engine needs it)."""
        return _prepare(self.text)


# rdflib's parse trees are large: ~50 KB for a named query, ~5 MB for a 90,000-character
# text (MAX_QUERY_CHARS allows 100,000). Kept for the rdflib engine, which evaluates the tree
# check() made (`ssvkg serve --engine rdflib`: each query would be parsed twice).
PREPARED_SIZE = 32
UPDATE_REFUSED = "SPARQL Update is not allowed: this command is read-only."
_UPDATE_WORD = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


@lru_cache(maxsize=PREPARED_SIZE)
def _prepare(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _walk(node):
    """Every CompValue, list item and dict value under node."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, dict):  # CompValue is an OrderedDict
            stack.extend(n.values())
        elif isinstance(n, (list, tuple, set, frozenset)):
            stack.extend(n)


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
        return True
    except Exception:
        return False


def _syntax_error(e: Exception, where: str) -> QueryError:
    if isinstance(e, RecursionError):
        return QueryError(f"{where}the query is too long or too deeply nested for the SPARQL parser.")
    from pyparsing import ParseException

    if isinstance(e, ParseException):
        # pyparsing's "Expected SelectQuery" names the outermost rule, which says
        # little; the position and the text found there say more.
        found = re.search(r"found (.+?)\s+\(at char", str(e))
        near = f" near {found.group(1)}" if found else " at the end of the query"
        return QueryError(f"{where}syntax error at line {e.lineno}, column {e.col}{near}.")
    return QueryError(f"{where}invalid query: {str(e).splitlines()[0] if str(e) else type(e).__name__}.")


# -- no network, decided on the text as the engine reads it ----------------------------
#
# SPARQL 1.1 §19.2 has \uXXXX escapes expanded before parsing, anywhere; rdflib does
# that, while Oxigraph expands them only inside strings and IRIs. So `"\u0022"` is one
# string to Oxigraph and a quote that opens a long string to rdflib, which then reads a
# different query: an rdflib-only check misses a SERVICE that Oxigraph runs. Rather
# than keep two readings in step, the escapes that can change how a text splits into
# tokens are refused: an escape may stand for a letter, a digit or any non-ASCII
# character (what they are for), never ASCII punctuation, space or control characters.
# With those gone both readings have the same strings, IRIs and comments, and SERVICE
# is looked for twice: lexically, on the raw text as Oxigraph reads it (below), and in
# rdflib's algebra (_parse_and_check). A text that only looks like SERVICE (in a
# strange local name, say) is refused too: a false refusal costs a rewrite, a miss
# costs a request from the server.
MAX_QUERY_CHARS = 100_000
MAX_QUERY_NESTING = 20  # rdflib's recursive parser overflows Python's stack near 30


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


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_TOKENS = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*"
    r"|(?P<service>(?<![\w?$:])SERVICE(?![\w:]))",
    re.I | re.S)


def refuse_remote(text: str, where: str = "") -> None:
    """QueryError if text could reach the network on any engine: SERVICE on either reading."""
    for m in _ESCAPE.finditer(text):
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"{where}the escape {m.group(0)} is not a Unicode character.")
        if code < 0x80 and not chr(code).isalnum():
            raise QueryError(f"{where}the escape {m.group(0)} stands for ASCII punctuation, a space or a "
                             "control character, which SPARQL readers disagree about; write the "
                             'character itself (in a string, escape it as \\" or \\n).')
    for m in _TOKENS.finditer(text):
        if m.group("service"):
            raise QueryError(f"{where}SERVICE is not allowed: queries run on the local graph only.")


def _refuse_unsafe_text(text: str, where: str) -> None:
    problem = bad_unicode(text)
    if problem:  # neither the memo's hash nor the parsers can take it
        raise QueryError(f"{where}the query is not valid text: {problem}.")
    check_query_limits(text, where)  # rdflib's recursive parser: refuse before it overflows
    refuse_remote(text, where)


def refuse_on_sight(text: str, where: str = "") -> None:
    """QueryError for what check() refuses whatever the project's prefixes: text that is not
    valid Unicode, too long or too deep, SERVICE on either reading, SPARQL Update. Runs
    before a worker starts, so a text refused on its face costs no worker process."""
    _refuse_unsafe_text(text, where)
    # Every update operation starts with one of these words; without one, no parse is needed
    # (a failed update parse of a query costs ~15 ms). check() still refuses what this lets by.
    if _UPDATE_WORD.search(text) and _is_update(text):
        raise QueryError(f"{where}{UPDATE_REFUSED}")


def check(text: str, where: str = "", memo: Memo = NO_MEMO) -> CheckedQuery:
    """Parse text as a read-only query; where prefixes messages (e.g. 'queries/x.rq: ').

    A text that passed lately in this process passes again at once (_PASSED); memo may hold
    the verdict from an earlier process (the catalogue passes its own). Refusals are never kept."""
    known = _PASSED.get(text)
    if known is not None:
        return known
    _refuse_unsafe_text(text, where)  # before the memo: a verdict kept on disk never skips it
    salt = _parser_version()
    known = memo.get("check", text, salt)
    if (isinstance(known, dict) and known.get("kind") in KINDS.values()
            and isinstance(known.get("variables"), list)):
        # A verdict this same parser gave before on this exact text.
        result = CheckedQuery(text, known["kind"], frozenset(map(str, known["variables"])),
                              bool(known.get("has_dataset")))
    else:
        result = _parse_and_check(text, where)
        memo.put("check", text, {"kind": result.kind, "variables": sorted(result.variables),
                                 "has_dataset": result.has_dataset}, salt)
    _passed(text, result)
    return result


def _parser_version() -> str:
    import rdflib  # already imported by whoever runs queries (results are rdflib terms)

    return f"rdflib {rdflib.__version__}"


def _parse_and_check(text: str, where: str) -> CheckedQuery:
    from rdflib import Variable
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        parsed = _prepare(text)
    except Exception as e:
        if _is_update(text):
            raise QueryError(f"{where}{UPDATE_REFUSED}") from None
        raise _syntax_error(e, where) from None
    nodes = list(_walk(parsed.algebra))
    if any(isinstance(n, CompValue) and n.name == "ServiceGraphPattern" for n in nodes):
        raise QueryError(f"{where}SERVICE is not allowed: queries run on the local graph only.")
    variables = frozenset(
        str(n) for n in nodes if isinstance(n, Variable) and not _INTERNAL_VAR.match(str(n))
    )
    return CheckedQuery(text, KINDS[parsed.algebra.name], variables,
                        bool(parsed.algebra.get("datasetClause")))


class _Recent:
    """The results of the texts checked last, at most size of them (least recently used go).

    A plain dict here kept every distinct text ever checked: under `ssvkg serve`, every
    distinct /sparql query for the life of the server."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, CheckedQuery] = OrderedDict()
        self._lock = threading.Lock()  # the server checks texts on several threads

    def get(self, text: str) -> CheckedQuery | None:
        with self._lock:
            result = self._items.get(text)
            if result is not None:
                self._items.move_to_end(text)
            return result

    def __setitem__(self, text: str, result: CheckedQuery) -> None:
        with self._lock:
            self._items[text] = result
            self._items.move_to_end(text)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


PASSED_SIZE = 256
# text -> result, whatever `where` it was checked with: the texts that passed last (a server
# sees a new text for each search and each bound parameter value).
_PASSED = _Recent(PASSED_SIZE)


def _passed(text: str, result: CheckedQuery) -> None:
    _PASSED[text] = result


def checked(text: str) -> CheckedQuery:
    """check(text): the engines' name for it (a text that passed lately is not parsed again)."""
    return check(text)


def check_bound(text: str, template: CheckedQuery, variables=(), where: str = "") -> CheckedQuery:
    """The verdict on text, a query that ssvkg.queries.binding wrote from `template` (a text
    that passed check) by adding VALUES blocks of RDF terms at places it has verified for
    that text and those variables (by parsing one such text with check, and reading its
    algebra). The checks that depend on the characters (valid text, length and nesting, no
    SERVICE on either reading) run on text itself; the parse is the one made for the first
    text of that shape: another value changes a term token, not the query's structure, and
    binding checks that each term is one token that Oxigraph and rdflib read alike."""
    problem = bad_unicode(text)
    if problem:
        raise QueryError(f"{where}the query is not valid text: {problem}.")
    check_query_limits(text, where)
    refuse_remote(text, where)
    result = CheckedQuery(text, template.kind, template.variables | frozenset(variables),
                          template.has_dataset)
    _passed(text, result)
    return result
