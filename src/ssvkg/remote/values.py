"""Binding parameters for a remote store: a VALUES block at the start of the WHERE group.

The terms are written in their N-Triples form by rdflib (term.n3()), which escapes
quotes, backslashes and newlines: user text never becomes query syntax. A VALUES
block first in the group joins before the group's FILTERs run, so FILTERs see the
values, as they see rdflib's initBindings on the embedded store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ssvkg.errors import QueryError
from ssvkg.gate.sparql import check

# Tokens that can hold braces or keywords we must not look into.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_WORD = re.compile(r"[A-Za-z_]+")


def term_n3(term: Node) -> str:
    if isinstance(term, (URIRef, Literal)):
        return term.n3()
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be a query parameter.")
    raise QueryError(f"cannot bind {term!r} as a query parameter.")


def values_block(bindings: Mapping[str, Node]) -> str:
    names = sorted(bindings)
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(term_n3(bindings[n]) for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def _where_brace(text: str, kind: str) -> int:
    """Offset of the '{' that opens the query's WHERE group."""
    depth_paren = 0
    after_where = kind != "CONSTRUCT"  # CONSTRUCT's first brace is the template
    i = 0
    template_seen = False
    started = False  # past the prologue's PREFIX/BASE (whose IRIs _SKIP eats)
    while i < len(text):
        m = _SKIP.match(text, i)
        if m:
            i = m.end()
            continue
        c = text[i]
        w = _WORD.match(text, i)
        if w and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "?$:_")):
            word = w.group().upper()
            if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                started = True
            if word == "WHERE":
                after_where = True
            i = w.end()
            continue
        if c == "(":
            depth_paren += 1
        elif c == ")":
            depth_paren -= 1
        elif c == "{" and started and depth_paren == 0:
            if after_where and kind == "CONSTRUCT" and not template_seen:
                raise QueryError("cannot bind parameters in the CONSTRUCT WHERE short form: "
                                 "write CONSTRUCT { template } WHERE { pattern }.")
            if after_where:
                return i
            if kind == "CONSTRUCT":
                # skip the template: find its matching close brace
                depth, j = 0, i
                while j < len(text):
                    m = _SKIP.match(text, j)
                    if m:
                        j = m.end()
                        continue
                    if text[j] == "{":
                        depth += 1
                    elif text[j] == "}":
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                i = j
                template_seen = True
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE group.")


def with_values(text: str, bindings: Mapping[str, Node] | None) -> str:
    """The query text with bindings as a VALUES block opening its WHERE group."""
    if not bindings:
        return text
    checked = check(text)
    at = _where_brace(text, checked.kind) + 1
    out = text[:at] + "\n  " + values_block(bindings) + "\n" + text[at:]
    check(out)  # what is sent must still be one valid read-only query
    return out
