"""ssvkg.gate.iri: what counts as an IRI, and the reason given for what does not."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ssvkg.gate.iri import NO_SCHEME, iri_problem, is_iri


@pytest.mark.parametrize("value", [
    "https://w3id.org/ssvkg/id/x", "urn:isbn:123", "https://w3id.org/ssvkg/ontology#Program",
    "https://w3id.org/ssvkg/id/中文", "http://x/a%20b", "http://[::1]:80/p?q=1", "https://x/id/../y",
])
def test_iris(value):
    assert iri_problem(value) is None and is_iri(value)
    ox.NamedNode(value)  # what the default engine holds


@pytest.mark.parametrize("value,problem", [
    ("http://x/a b", "it contains a space"),
    ("http://x/<script>", "it contains '<', '>'"),
    ("http://x/a\x7fb", "it contains U+007F"),
    ("http://x/a\x00b\nc", "it contains U+0000, U+000A"),
    ("http://x/\ufffd", "it contains U+FFFD"),  # what undecodable bytes become
    ("/relative", NO_SCHEME),
    ("", NO_SCHEME),
    ("http://x/a%zz", "it is not well-formed (look at its %-escapes, '#' and host)"),
    ("https://w3id.org/ssvkg/ontology#a#b", "it is not well-formed (look at its %-escapes, '#' and host)"),
])
def test_not_iris(value, problem):
    assert iri_problem(value) == problem and not is_iri(value)
    with pytest.raises(ValueError):
        ox.NamedNode(value)  # each would have crashed the Oxigraph engine
