"""Checking SPARQL text before it runs: syntax, read-only, no SERVICE."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pyparsing import ParseException
from rdflib import Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from .errors import QueryError
from .safe_input import check_query_limits

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
    parsed: Query
    variables: frozenset[str]


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
    try:
        parseUpdate(text)
        return True
    except Exception:
        return False


def _syntax_error(e: Exception, where: str) -> QueryError:
    if isinstance(e, RecursionError):
        return QueryError(f"{where}the query is too long or too deeply nested for the SPARQL parser.")
    if isinstance(e, ParseException):
        # pyparsing's "Expected SelectQuery" names the outermost rule, which says
        # little; the position and the text found there say more.
        found = re.search(r"found (.+?)\s+\(at char", str(e))
        near = f" near {found.group(1)}" if found else " at the end of the query"
        return QueryError(f"{where}syntax error at line {e.lineno}, column {e.col}{near}.")
    return QueryError(f"{where}invalid query: {str(e).splitlines()[0] if str(e) else type(e).__name__}.")


@lru_cache(maxsize=256)
def check(text: str, where: str = "") -> CheckedQuery:
    """Parse text as a read-only query; where prefixes messages (e.g. 'queries/x.rq: ')."""
    check_query_limits(text, where)  # rdflib's recursive parser: refuse before it overflows
    try:
        parsed = prepareQuery(text)
    except Exception as e:
        if _is_update(text):
            raise QueryError(f"{where}SPARQL Update is not allowed: this command is read-only.") from None
        raise _syntax_error(e, where) from None
    nodes = list(_walk(parsed.algebra))
    if any(isinstance(n, CompValue) and n.name == "ServiceGraphPattern" for n in nodes):
        raise QueryError(f"{where}SERVICE is not allowed: queries run on the local graph only.")
    variables = frozenset(
        str(n) for n in nodes if isinstance(n, Variable) and not _INTERNAL_VAR.match(str(n))
    )
    result = CheckedQuery(text, KINDS[parsed.algebra.name], parsed, variables)
    _PASSED[text] = result
    return result


_PASSED: dict[str, CheckedQuery] = {}  # text -> result, whatever `where` it was checked with


def checked(text: str) -> CheckedQuery:
    """check(text), without parsing again a text that already passed (e.g. in the catalogue)."""
    return _PASSED.get(text) or check(text)
