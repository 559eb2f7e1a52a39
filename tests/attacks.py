"""Query texts that attack the process evaluating them, shared by the executor and web tests."""

from __future__ import annotations

import random

# A cross join of five copies of the graph: hours of work, no memory to speak of.
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
# Everything joined with everything, sorted: gigabytes before the first row (9 GB on the real graph).
MEMORY_HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"


def panic_query() -> str:
    """An upstream Oxigraph bug (still in 0.5.13): dateTimes with and without a time zone are
    only partly ordered (XSD), Rust's sort notices, and panics. On the real graph
    `SELECT ?c WHERE { ?a ?b ?c } ORDER BY ?c` does it too, depending on how the store was
    built; this text does it on any store."""
    rnd = random.Random(1)
    values = " ".join(
        f'"2020-01-{rnd.randint(1, 28):02d}T{rnd.randint(0, 23):02d}:00:00'
        f'{rnd.choice(["", "Z", "+14:00", "-14:00", "+05:00"])}"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
        for _ in range(400))
    return f"SELECT ?c WHERE {{ VALUES ?c {{ {values} }} }} ORDER BY ?c"
