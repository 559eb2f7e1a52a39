"""Which server path shows which IRI: https://w3id.org/ssvkg/X is served at /X.

Instances (…/id/x), concepts (…/concept/x) and the ontology (…/ontology) map one
to one; an ontology term …/ontology#Term gets a page of its own at
/ontology/Term, since a fragment never reaches the server. Any other IRI is
shown at /resource?iri=… (what the graph says about it, plus the outside link).
"""

from __future__ import annotations

from urllib.parse import quote, unquote_to_bytes, urlencode

from ssvkg.gate.iri import is_iri

BASE = "https://w3id.org/ssvkg/"
ONTOLOGY = BASE + "ontology"
# First path segments that are ours; everything else on the server is an app route.
LOCAL_ROOTS = ("id", "concept", "ontology")


def is_safe_iri(iri: str) -> bool:
    """True if the IRI can be written as <iri> in SPARQL or Turtle unchanged (ssvkg.gate.iri)."""
    return is_iri(iri)


def path_for(iri: str) -> str:
    """The server path (with query string if needed) that shows iri."""
    if iri.startswith(ONTOLOGY + "#"):
        return "/ontology/" + quote(iri[len(ONTOLOGY) + 1:], safe="")
    if iri.startswith(BASE):
        rest = iri[len(BASE):]
        if rest.split("/", 1)[0] in LOCAL_ROOTS and "#" not in rest and "?" not in rest:
            return "/" + quote(rest, safe="/-._~")
    return "/resource?" + urlencode({"iri": iri})


def iri_for(path: str) -> str:
    """The IRI a local path (without leading slash, unquoted) stands for."""
    if path.startswith("ontology/"):
        return ONTOLOGY + "#" + path[len("ontology/"):]
    return BASE + path


def is_local(iri: str) -> bool:
    return not path_for(iri).startswith("/resource?")


def local_name(iri: str) -> str:
    """The last segment of an IRI, for things without a label."""
    for sep in ("#", "/", ":"):
        head, found, tail = iri.rstrip("/#").rpartition(sep)
        if found and tail:
            return tail
    return iri


def decode_path(raw: bytes) -> str | None:
    """A raw request path with its %-escapes decoded once, without the leading slash;
    None if the bytes are not UTF-8. (Decoding twice would make /id/a%2520b the IRI …/id/a b.)"""
    try:
        return unquote_to_bytes(raw.decode("latin-1")).decode("utf-8").lstrip("/")
    except UnicodeDecodeError:
        return None
