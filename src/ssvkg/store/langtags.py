"""Language tags as the files write them, in what Oxigraph exports.

Oxigraph lower-cases language tags when it parses (`@zh-Hant` is stored as `zh-hant`; BCP 47
tags are case-insensitive), so its serializers write them lower-cased. Exports should hold the
files' terms as written, as rdflib's parse of the files and any strict parser (rapper, serdi)
read them. written_forms finds how the files write each tag; restore puts those forms back
into Oxigraph's output: the tag right after a string, so nothing inside a string, IRI or
comment is touched (a scan of the strings, or ssvkg.gate.lexer's tokens where a string may span
lines), or through the JSON parser for JSON-LD.

Exact when each tag has one spelling in all the files. A tag written in two spellings
(`@zh-Hant` here, `@zh-hant` there) cannot be told apart after Oxigraph's parse: then
written_forms says so (None), and the caller exports through rdflib's parse of the files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

# Every language tag of a Turtle file right after its string's closing quote. A superset
# (the same characters may stand inside a string or a comment): extra spellings found there
# can only make a tag look ambiguous, never give it a wrong spelling.
_AFTER_QUOTE = re.compile(rb"""["']@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)""")


def written_forms(files: Iterable[Path]) -> dict[str, str] | None:
    """lower-cased tag -> its spelling in the files, for the tags not written in lower case;
    {} when all are; None when some tag is written in more than one spelling."""
    spellings: dict[str, set[str]] = {}
    for path in files:
        for m in _AFTER_QUOTE.finditer(path.read_bytes()):
            tag = m.group(1).decode("ascii")
            spellings.setdefault(tag.lower(), set()).add(tag)
    if any(len(s) > 1 for s in spellings.values()):
        return None
    return {low: s.pop() for low, s in spellings.items() if s != {low}}


def restore(data: bytes, rdf_format: str, forms: dict[str, str]) -> bytes:
    """Oxigraph's serialization data (nt, nq, ttl, trig or jsonld) with the tags in forms
    written as the files write them."""
    if not forms:
        return data
    if rdf_format == "jsonld":
        doc = json.loads(data)
        _restore_json(doc, forms)
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    text = data.decode("utf-8")
    if '"""' in text or "'''" in text:  # long strings: only a full tokenizer knows where they end
        return _restore_tokens(text, forms).encode("utf-8")
    # Strings are on one line: only the lines where a quote is followed by a tag to restore are
    # scanned (at 10M triples, a Python call for every string of the export would cost minutes).
    marks = tuple(f'"@{low}' for low in forms)
    if not any(m in text for m in marks):
        return data
    return "\n".join(_STRING.sub(lambda m: _restored(m, forms), line) if any(m in line for m in marks)
                     else line for line in text.split("\n")).encode("utf-8")


# A string and its language tag, in what Oxigraph's N-Triples, N-Quads, Turtle and TriG writers
# produce: strings in double quotes on one line (line breaks escaped), and no `"` anywhere else
# (IRIs cannot hold one, prefixed names do not, no comments). Every string matches, tag or not,
# so the scan goes from string to string and never starts inside one. The full tokenizer
# (ssvkg.gate.lexer) would do the same, but costs 0.17 s to import.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"(?:@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*))?', re.S)


def _restored(m: re.Match, forms: dict[str, str]) -> str:
    tag = m.group(1)
    if tag is None or tag not in forms:
        return m.group(0)
    return m.group(0)[:m.start(1) - m.start(0)] + forms[tag]


def _restore_tokens(text: str, forms: dict[str, str]) -> str:
    from ssvkg.gate.lexer import tokens

    out, at, previous = [], 0, None
    for tok in tokens(text):
        if tok.kind == "langtag" and previous == "string" and tok.text[1:] in forms:
            out.append(text[at:tok.start + 1])
            out.append(forms[tok.text[1:]])
            at = tok.end
        previous = tok.kind
    out.append(text[at:])
    return "".join(out)


def _restore_json(node, forms: dict[str, str]) -> None:
    if isinstance(node, list):
        for item in node:
            _restore_json(item, forms)
    elif isinstance(node, dict):
        lang = node.get("@language")
        if isinstance(lang, str) and lang in forms:
            node["@language"] = forms[lang]
        for value in node.values():
            _restore_json(value, forms)
