"""SPARQL 1.1 tokens, from the terminals of the W3C grammar (§19.8).

One tokenizer for everything in ssvkg that must know where a string, an IRI, a
comment or a group of a query is without running a parser: it is what
ssvkg.queries.binding uses to find the braces of the query's groups. Strings
(all four forms, with their escapes), IRIs, comments and prefixed names (whose
local part may escape `#`, `'` or `"` with a backslash) are single tokens, so a
brace, quote or `#` inside them is never read as structure.

The text is read as written: `\\uXXXX` escapes are not expanded. ssvkg.gate.sparql
refuses any escape that stands for ASCII punctuation or white space, so in a
text that passed the gate they cannot hide a brace, quote or `#` from this
tokenizer or from either engine's parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterator

# §19.8 productions 164-173
_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
                  "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF"
                  "\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = (f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})"
             f"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?")
# In a string, a backslash and the character after it stay together (ECHAR, and whatever
# else a reader would refuse there): the token ends where a reader would end it.
_ESC = r"\\."

TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>#[^\r\n]*)"
    rf"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ESC}))*'''"
    rf'|"""(?:(?:"|"")?(?:[^"\\]|{_ESC}))*"""'
    rf"|'(?:[^'\\\n\r]|{_ESC})*'"
    rf'|"(?:[^"\\\n\r]|{_ESC})*")'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    rf"|(?P<var>[?$]{_VARNAME})"
    rf"|(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
    rf"|(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)"
    r"|(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
    r"|(?P<number>[0-9]+\.[0-9]*[eE][+-]?[0-9]+|[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+(?:[eE][+-]?[0-9]+)?)"
    rf"|(?P<word>[{_PN_CHARS_BASE}_][{_PN_CHARS}]*)"  # keywords, function names, a, true
    r"|(?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*+\-/!=<>^|])"
    r"|(?P<other>.)",
    re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, bnode, pname, langtag, number, word, punct, other
    text: str
    start: int
    end: int

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words

    @property
    def var_name(self) -> str | None:
        """The variable's name without ? or $ (?x and $x are one variable)."""
        return self.text[1:] if self.kind == "var" else None


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of text (white space and comments left out)."""
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield Token(kind, m.group(), m.start(), m.end())
