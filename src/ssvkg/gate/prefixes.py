"""The project's prefixes for ad-hoc SPARQL: `ssv:Program` works without a PREFIX line.

with_prefixes() prepends a PREFIX declaration for each prefix the text uses but does not
declare, when the project knows it; a prefix the text declares keeps the text's meaning.
The declarations go on the text's first line, so line numbers in error messages stay right.
"""

from __future__ import annotations

from collections.abc import Mapping

from ssvkg.gate.lexer import tokens


def used_and_declared(text: str) -> tuple[set[str], set[str]]:
    """The prefixes of the prefixed names in text, and those its PREFIX lines declare."""
    used, declared = set(), set()
    after_prefix = False
    for token in tokens(text):
        if token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            (declared if after_prefix else used).add(prefix)
        after_prefix = token.is_word("PREFIX")
    return used, declared


def with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """text with PREFIX declarations for the known prefixes it uses and does not declare."""
    used, declared = used_and_declared(text)
    missing = sorted(p for p in used - declared if p in prefixes)
    if not missing:
        return text
    return "".join(f"PREFIX {p}: <{prefixes[p]}> " for p in missing) + text
