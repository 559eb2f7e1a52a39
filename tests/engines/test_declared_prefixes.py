"""The prefix scan of the fast loader: the declarations at the start of a line, in order."""

from __future__ import annotations

import pytest

from ssvkg.store.oxigraph_engine import declared_prefixes


@pytest.mark.parametrize("text, expected", [
    (b"", []),
    (b"prefix", []),
    (b"PREFIX a: <http://a/>", [("a", "http://a/")]),
    # Turtle's @prefix, SPARQL-style PREFIX in any case, the empty prefix, leading blanks.
    (b"  @prefix : <http://y/> .\n\tPrefix b: <http://z/>\npReFiX c: <http://c/>\n",
     [("", "http://y/"), ("b", "http://z/"), ("c", "http://c/")]),
    # Not declarations: a comment, the word inside a triple, a second one on the same line,
    # @prefix is case-sensitive in Turtle.
    (b"# prefix c: <http://q/>\nex:a ex:prefix ex:b .\n@prefix d: <http://d/> . @prefix e: <http://e/> .\n"
     b"@PREFIX f: <http://f/> .\n",
     [("d", "http://d/")]),
    (b"ex:s ex:p ex:o .\r\nPREFIX g: <http://g/>\r\nex:s ex:p ex:o .", [("g", "http://g/")]),
    ("@prefix 中: <http://zh/> .\n@prefix h: <http://例/> .\n".encode(), [("h", "http://例/")]),
])
def test_declarations(text, expected):
    assert declared_prefixes(text) == expected
