"""Generate a project shaped like the real graph, scaled to a number of triples.

    python3 benchmarks/generate.py --triples 1000000 --seed 42 --out /tmp/ssvkg-bench/1M

The output folder is an ssvkg project: ontology/, shapes/ and queries/ copied from the
repository, and graph/ holding the repository's own graph/ files (copy 0, unchanged, so
the named queries' parameter values still match) plus copies 1..k-1 of every instance
file. Copy i is another company: every IRI under https://w3id.org/ssvkg/id/ gets the
prefix c<i>/ (its programs, observations, quotations, reports, people...), numbers are
scaled by a seeded random factor, years shift back by i % 4 and labels get " c<i>". The
ontology and concept schemes (ssvc:) are shared, as they would be across companies.
Copies are written as N-Triples lines (valid Turtle) in graph/copies/<file>-<n>.ttl,
COPIES_PER_FILE copies per file, so there are more named graphs as the graph grows.
The same --seed and --triples always give the same files.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

REPO = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/ssvkg/id/"
COPIES_PER_FILE = 25
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.nonNegativeInteger, XSD.float}


def _template(g: Graph):
    """The graph's triples as lists of parts: str (fixed N-Triples text) or a callable(i, rng)."""
    def term(t):
        if isinstance(t, URIRef) and str(t).startswith(ID):
            rest = str(t)[len(ID):]
            return lambda i, rng: f"<{ID}c{i}/{rest}>"
        if isinstance(t, BNode):
            return lambda i, rng: f"_:c{i}x{t}"
        if isinstance(t, Literal) and t.datatype in NUMERIC and t.value is not None:
            return _number(t)
        if isinstance(t, Literal) and t.datatype == XSD.gYear and str(t).isdigit():
            y = int(str(t))
            return lambda i, rng: f'"{y - i % 4}"^^<{XSD.gYear}>'
        if isinstance(t, Literal) and (t.language or t.datatype is None):
            return lambda i, rng: Literal(f"{t} c{i}", lang=t.language).n3()
        return t.n3()

    return [[term(s), term(p), term(o)] for s, p, o in sorted(g)]


def _number(t: Literal):
    dt, value = t.datatype, t.value

    def write(i, rng):
        f = rng.uniform(0.5, 1.5)
        if dt in (XSD.integer, XSD.nonNegativeInteger):
            v = str(int(int(value) * f))
        elif dt == XSD.decimal:
            v = str((Decimal(value) * Decimal(str(round(f, 3)))).quantize(Decimal("0.01")))
        else:
            v = repr(float(value) * f)
        return f'"{v}"^^<{dt}>'

    return write


def generate(target: int, seed: int, out: Path, repo: Path = REPO) -> dict:
    out = out.resolve()
    if out.exists():
        shutil.rmtree(out)
    for d in ("ontology", "shapes", "queries"):
        shutil.copytree(repo / d, out / d)
    shutil.copytree(repo / "graph", out / "graph")
    base = 0
    for f in sorted((repo / "ontology").rglob("*.ttl")):
        base += len(Graph().parse(f, format="turtle"))
    templates = []
    per_copy = 0
    for f in sorted((repo / "graph").rglob("*.ttl")):
        g = Graph().parse(f, format="turtle")
        per_copy += len(g)
        templates.append((f.relative_to(repo / "graph").as_posix()[:-4].replace("/", "-"), _template(g)))
    copies = max(1, math.ceil((target - base) / per_copy))
    rng = random.Random(seed)
    copies_dir = out / "graph" / "copies"
    copies_dir.mkdir()
    for stem, triples in templates:
        for start in range(1, copies, COPIES_PER_FILE):
            lines = []
            for i in range(start, min(start + COPIES_PER_FILE, copies)):
                for parts in triples:
                    lines.append(" ".join(p if isinstance(p, str) else p(i, rng) for p in parts) + " .\n")
            (copies_dir / f"{stem}-{start // COPIES_PER_FILE:04d}.ttl").write_text(
                "".join(lines), encoding="utf-8")
    return {"triples": base + per_copy * copies, "copies": copies, "ontology": base,
            "per_copy": per_copy, "files": sum(1 for _ in (out / "graph").rglob("*.ttl"))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, required=True, help="about how many triples")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    info = generate(a.triples, a.seed, a.out)
    print(f"{a.out}: {info['triples']:,} triples ({info['copies']} copies of {info['per_copy']:,} "
          f"instance triples + {info['ontology']:,} ontology), {info['files']} graph files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
