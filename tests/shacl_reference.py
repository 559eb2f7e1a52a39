"""pySHACL as the tests' reference validator, with rdflib's SPARQL queries prepared once.

tests/shapes/test_shape_cases.py and tests/validation/test_compiled_equivalence.py run
pySHACL on each of the 135 cases (and a few graphs more): seconds each, and pySHACL hands
rdflib the same sh:select / sh:ask texts every time, which rdflib parses and translates
anew on every call (a fifth of the time). Here rdflib's SPARQL processor keeps each
translated query while pySHACL runs: a prepared query, which rdflib is meant to evaluate
again and again (rdflib.plugins.sparql.prepareQuery), keyed by the exact text, base and
prefixes. pySHACL's options and results are otherwise untouched.
"""

from __future__ import annotations

from contextlib import contextmanager

from rdflib import Graph

OPTIONS = {"inference": "none", "advanced": True, "allow_warnings": False}  # ssvkg's own
_prepared: dict = {}  # (text, base, prefixes) -> rdflib Query, for the whole test process


@contextmanager
def prepared_sparql():
    """While inside, rdflib turns each distinct (query text, base, prefixes) into a Query once."""
    from rdflib.plugins.sparql import processor

    real = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            if key not in _prepared:
                _prepared[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = _prepared[key]
        return processor.evalQuery(self.graph, strOrQuery, initBindings, base)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = real


def validate(data: Graph, shapes: Graph):
    """pyshacl.validate(data, shapes) with inference none, advanced, no warnings allowed:
    (conforms, report graph, report text)."""
    import pyshacl

    with prepared_sparql():
        return pyshacl.validate(data, shacl_graph=shapes, **OPTIONS)
