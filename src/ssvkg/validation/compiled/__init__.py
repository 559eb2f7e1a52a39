"""SHACL validation compiled to SPARQL and run on a pyoxigraph Store.

Each shape x constraint becomes one SELECT that returns every violating focus node (and
value) of the whole data graph at once; the results are built as pySHACL builds them
(focus node, path, value, source shape, component, severity, messages), so the issues are
the same as pySHACL's top-level results (sh:detail results are not reported).

Compiled (shapes.COMPILED): targets sh:targetClass (with rdfs:subClassOf* in the data),
sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf and SHACL-AF sh:SPARQLTarget;
property paths (predicate, sequence, alternative, inverse, zero-or-more, one-or-more,
zero-or-one); sh:class, sh:datatype (ill-formed literals as pySHACL judges them),
sh:nodeKind, sh:minCount, sh:maxCount, sh:in, sh:languageIn, sh:pattern (+ sh:flags),
sh:minLength, numeric sh:minInclusive/maxInclusive/minExclusive/maxExclusive, sh:hasValue,
sh:lessThanOrEquals, sh:node, sh:property, sh:and, sh:or, sh:qualifiedValueShape with
sh:qualifiedMinCount/MaxCount, SPARQL-based constraints (sh:sparql with sh:select,
sh:prefixes, messages with {?var}) on node shapes, sh:severity, sh:message, sh:deactivated.

Not compiled, so validated by pySHACL (on the same store) for exactly the top-level shapes
that use them: sh:not, sh:xone, sh:equals, sh:disjoint, sh:lessThan, sh:maxLength,
sh:uniqueLang, sh:closed, sh:qualifiedValueShapesDisjoint, non-numeric ranges, sh:sparql on
property shapes, SPARQL-based constraint components, sh:expression, sh:rule, JavaScript,
recursive shapes, implicit class targets, and a few large counts inside nested shapes.
"""

from __future__ import annotations

from rdflib import Graph

from ssvkg.validation.compiled.run import Outcome, Result, Runner
from ssvkg.validation.compiled.shapes import Shapes


def validate(store, shapes: Graph | Shapes, data_namespaces, fallback) -> Outcome:
    """Validate the union of store's graphs against shapes: an rdflib Graph, or a Shapes
    read from one (for a caller validating many stores). The shapes left out go to
    fallback (ssvkg.validation.store.pyshacl_fallback)."""
    return Runner(store, shapes, data_namespaces).validate(fallback)


__all__ = ["validate", "Outcome", "Result", "Runner", "Shapes"]
