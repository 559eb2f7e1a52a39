"""`ssvkg load --verify VOID_FILE`: does a store hold what a release's description says?

Reads each named graph's void:triples from the description (void:subset with sd:name) and
counts the triples of those graphs on the store through the public Endpoint API.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from ssvkg.errors import InputError
from ssvkg.publish.describe import DATASET, SD
from ssvkg.remote.endpoint import Endpoint


@dataclass(frozen=True)
class GraphCheck:
    graph: str
    expected: int
    found: int

    @property
    def ok(self) -> bool:
        return self.expected == self.found


def expected_counts(void_file: str | os.PathLike) -> dict[str, int]:
    """Graph IRI -> void:triples, from a release's void.ttl (or void.jsonld)."""
    path = Path(void_file)
    if not path.is_file():
        raise InputError(f"--verify {void_file}: no such file.")
    fmt = "json-ld" if path.suffix in (".jsonld", ".json") else "turtle"
    try:
        g = Graph().parse(path, format=fmt)
    except Exception:
        raise InputError(f"--verify {void_file}: not a readable {'JSON-LD' if fmt == 'json-ld' else 'Turtle'} file.") from None
    out: dict[str, int] = {}
    for sub in g.objects(DATASET, VOID.subset):
        name, triples = g.value(sub, SD.name), g.value(sub, VOID.triples)
        if isinstance(name, URIRef) and triples is not None:
            try:
                out[str(name)] = int(triples)
            except ValueError:
                raise InputError(f"--verify {void_file}: void:triples of <{name}> is not a number.") from None
    if not out:
        raise InputError(f"--verify {void_file}: describes no named graph (no void:subset with sd:name "
                         f"and void:triples of <{DATASET}>).")
    return dict(sorted(out.items()))


def verify(endpoint: Endpoint, expected: dict[str, int]) -> list[GraphCheck]:
    found = endpoint.count_graphs(expected)
    return [GraphCheck(g, n, found.get(g, 0)) for g, n in expected.items()]


def render(checks: list[GraphCheck]) -> str:
    width = max(len(c.graph) for c in checks)
    lines = [f"{'graph':<{width}}  {'expected':>8}  {'found':>8}  status"]
    for c in checks:
        lines.append(f"{c.graph:<{width}}  {c.expected:>8}  {c.found:>8}  {'ok' if c.ok else 'DIFFERENT'}")
    bad = [c for c in checks if not c.ok]
    lines.append(f"{len(checks) - len(bad)} of {len(checks)} graphs as described"
                 + (f"; {len(bad)} differ." if bad else "."))
    return "\n".join(lines) + "\n"
