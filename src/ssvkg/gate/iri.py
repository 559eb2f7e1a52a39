"""Which strings are IRIs: absolute IRIs as RFC 3987 defines them, checked by Oxigraph's parser.

Every engine can hold such an IRI and write it as <iri> in SPARQL or Turtle
unchanged. Anything else is bad input, refused with a reason before it reaches a
store: Oxigraph's NamedNode raises on it, rdflib's n3() raises, a remote store
fails to parse the query.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Allowed in an IRI only in certain places or as part of %XX: never blamed on their own.
_STRUCTURAL = set("%#[]")
NO_SCHEME = "it has no scheme (like https:)"


def _allowed(c: str) -> bool:
    try:
        ox.NamedNode("http://x/?" + c)  # the query part allows the most characters
        return True
    except ValueError:
        return False


def _shown(c: str) -> str:
    if c == " ":
        return "a space"
    return f"'{c}'" if c.isascii() and c.isprintable() else f"U+{ord(c):04X}"


def iri_problem(value: str) -> str | None:
    """None if value is an absolute IRI; else why not, as a phrase ("it contains a space")."""
    if _SCHEME.match(value):
        try:
            ox.NamedNode(value)
            return None
        except ValueError:
            pass
    bad = sorted(c for c in set(value) if c not in _STRUCTURAL and not _allowed(c))
    if bad:
        return "it contains " + ", ".join(_shown(c) for c in bad[:5]) + (" and more" if len(bad) > 5 else "")
    if not _SCHEME.match(value):
        return NO_SCHEME
    return "it is not well-formed (look at its %-escapes, '#' and host)"


def is_iri(value: str) -> bool:
    return iri_problem(value) is None
