"""Pre-binding query variables for Oxigraph the way rdflib's initBindings does.

rdflib treats initBindings as values the variable has everywhere in the query
(sub-queries, FILTER NOT EXISTS, OPTIONAL included). Oxigraph's own `substitutions`
means the same but accepts only variables of the SELECT projection, while named
queries keep their parameters out of it (`FILTER(!BOUND(?_x) || ?p = ?_x)`).

So the variable's occurrences in the text are replaced by the term, written by
Oxigraph's own N-Triples serializer (quotes and newlines escaped: a value can never
become SPARQL syntax). Comments, strings and IRIs are skipped. BOUND(?x) of a bound
variable becomes `true`; a bound variable in a SELECT projection becomes (term AS ?x).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from ssvkg.errors import QueryError

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<bound>\bBOUND\s*\(\s*[?$](?P<bvar>\w+)\s*\))
    | (?P<select>\bSELECT\b(?:\s+(?:DISTINCT|REDUCED)\b)?)
    | (?P<where>\bWHERE\b|\{)
    | (?P<open>\()
    | (?P<close>\))
    | (?P<var>[?$](?P<name>\w+))
    """,
    re.X | re.I | re.S,
)


def substitute(text: str, values: Mapping[str, object]) -> str:
    """text with each variable named in values replaced by that pyoxigraph term."""
    if not values:
        return text
    written = {}
    for name, term in values.items():
        if isinstance(term, ox.BlankNode):
            raise QueryError(f"?{name} cannot be bound to a blank node.")
        written[name] = str(term)
    out, pos, in_projection, depth = [], 0, False, 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup if m.lastgroup not in ("bvar", "name") else None
        kind = kind or ("bound" if m.group("bound") else "var")
        replacement = None
        if kind == "select":
            in_projection, depth = True, 0
        elif kind == "where":
            in_projection = False
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "bound" and m.group("bvar") in written:
            replacement = "true"
        elif kind == "var" and m.group("name") in written:
            term = written[m.group("name")]
            top = in_projection and depth == 0  # a projected variable, not one inside an expression
            replacement = f"({term} AS ?{m.group('name')})" if top else term
        if replacement is not None:
            out.append(text[pos:m.start()])
            out.append(replacement)
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)
