"""The changes as an RDF Patch (https://afs.github.io/rdf-patch/), written and read by rdflib.

One transaction: `D` rows (quads of OLD only), then `A` rows (quads of NEW only), each sorted;
a quad of the default graph (a Turtle dump) is written as a triple. Blank nodes carry their
canonical labels. The header id is a hash of the rows, so the same changes give the same bytes.
"""

from __future__ import annotations

import hashlib

from rdflib import Dataset

from ssvkg.changes.compare import Changes


def _rows(quads, operation: str) -> list[str]:
    ds = Dataset()
    for s, p, o, g in quads:
        (ds.graph(g) if g is not None else ds.default_context).add((s, p, o))
    text = ds.serialize(format="patch", operation=operation, header_id="urn:x:none")
    return [line for line in text.splitlines() if line[:2] in ("A ", "D ")]


def rdf_patch(changes: Changes) -> str:
    rows = sorted(_rows(changes.removed, "remove")) + sorted(_rows(changes.added, "add"))
    digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return "\n".join([f"H id <urn:sha256:{digest}> .", "TX .", *rows, "TC ."]) + "\n"


def apply_patch(ds: Dataset, patch: str) -> Dataset:
    """Apply an RDF Patch to the dataset in place (rdflib's patch parser); returns it."""
    ds.parse(data=patch, format="patch")
    return ds
