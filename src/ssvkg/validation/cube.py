"""The meta-check "cube": the W3C RDF Data Cube well-formedness constraints IC-1 … IC-21.

The Recommendation (https://www.w3.org/TR/vocab-data-cube/#wf-rules) defines a well-formed cube by
integrity constraints, each a SPARQL ASK query that is true when the constraint is violated, to be
asked of the *normalized* cube: its normalization algorithm (#normalize-algorithm) is two SPARQL
Update phases that add the types and qb:componentProperty links an abbreviated cube leaves out and
push components attached to data sets and slices down to the observations. The texts are the files
beside this module, in qb/: normalize-1.ru and normalize-2.ru, and ic-01.rq … ic-21.rq, as the
Recommendation gives them (IC-19 is two queries, ic-19a and ic-19b; IC-20 and IC-21 are templates,
run once for each $p their -parameters.rq finds). One correction: IC-17's HAVING names ?count, which
SPARQL 1.1 binds only after HAVING, so as published it never fires; ic-17.rq says why it reads
COUNT(?obs2) there. The check runs on Oxigraph: rdflib 7 cannot compare two different xsd:gYear
values (= is an error), so IC-12 there would take figures of different years for duplicates.

The data is copied into an in-memory Oxigraph store and normalized there, so neither the files
nor the engine's store are ever written. A constraint holds when its ASK is false. When it is
violated, the same pattern is run as a SELECT (ic-12 and ic-17 have a -violation.rq of their own:
their ASK projects only an aggregate) to name the nodes at fault; each row becomes one issue,
located where its first node is described.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

QB_DIR = Path(__file__).resolve().parent / "qb"
MAX_ROWS = 50  # issues reported per violated constraint; one more issue says how many were left out

# The variable a violation row is located by, most telling first.
_FOCUS = ("obs", "obs1", "slice", "dataset", "dsd", "componentSpec", "sliceKey", "slicekey", "dim", "list")
_IC_FILE = re.compile(r"^ic-(\d\d)([ab]?)\.rq$")


@dataclass(frozen=True)
class Constraint:
    name: str  # "IC-12", "IC-19a"
    title: str  # "IC-12. No duplicate observations"
    statement: str  # what the Recommendation says must hold
    ask: str  # the Recommendation's ASK: true when violated
    violation: str  # a SELECT naming the nodes at fault
    parameters: str | None  # for a template: the SELECT ?p of the values of $p


def _comments(text: str) -> list[str]:
    return [line[1:].strip() for line in text.splitlines() if line.startswith("#")]


def _as_select(ask: str) -> str:
    """The ASK's pattern as SELECT *: each solution names the nodes that violate it."""
    select, n = re.subn(r"^ASK\s*\{", "SELECT * WHERE {", ask, count=1, flags=re.M)
    if n != 1:
        raise ValueError("not an ASK query")
    return select


@cache
def constraints() -> tuple[Constraint, ...]:
    """The integrity constraints, in the Recommendation's order."""
    out = []
    for path in sorted(QB_DIR.glob("ic-*.rq")):
        m = _IC_FILE.match(path.name)
        if not m:
            continue  # -violation.rq, -parameters.rq
        text = path.read_text(encoding="utf-8")
        title, statement = _comments(text)[:2]
        stem = path.name[:-3]
        own = QB_DIR / f"{stem}-violation.rq"
        params = QB_DIR / f"{stem}-parameters.rq"
        out.append(Constraint(
            name=f"IC-{int(m.group(1))}{m.group(2)}", title=title, statement=statement, ask=text,
            violation=own.read_text(encoding="utf-8") if own.is_file() else _as_select(text),
            parameters=params.read_text(encoding="utf-8") if params.is_file() else None))
    return tuple(out)


@cache
def normalization() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(QB_DIR.glob("normalize-*.ru")))


@cache
def texts_digest() -> str:
    """Changes whenever a query or update text changes: part of the key of a recorded result."""
    h = hashlib.sha256()
    for p in sorted(QB_DIR.iterdir()):
        if p.suffix in (".rq", ".ru"):
            h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- the normalized copy


def normalized_store(sources: Iterable[tuple[bytes, str, str | None]]):
    """An in-memory Oxigraph store holding the sources (data, format name, base IRI), normalized."""
    import pyoxigraph as ox

    from ssvkg.validation.syntax import DATASET_FORMATS, ox_format

    store = ox.Store()
    for data, fmt, base in sources:
        if fmt in DATASET_FORMATS:  # named graphs merged into one graph, as the SHACL validation merges them
            store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                         for q in ox.parse(data, format=ox_format(fmt), base_iri=base))
        else:  # parsed and loaded in Rust: three times faster than through Python
            store.load(data, format=ox_format(fmt), base_iri=base, to_graph=ox.DefaultGraph())
    for update in normalization():
        store.update(update)
    return store


def _instances(store, c: Constraint) -> list[tuple[str, str]]:
    """(ASK, violation SELECT) to run: one pair, or one per value of a template's $p."""
    if c.parameters is None:
        return [(c.ask, c.violation)]
    import pyoxigraph as ox

    out = []
    for row in store.query(c.parameters):
        p = row["p"]
        if isinstance(p, ox.NamedNode):  # an IRI never holds > or whitespace: safe inside <…>
            out.append((c.ask.replace("$p", p.value), c.violation.replace("$p", p.value)))
    return out


def violations(store) -> list[tuple[Constraint, list[dict]]]:
    """Each violated constraint with its rows (variable -> pyoxigraph term), on a normalized store."""
    found = []
    for c in constraints():
        for ask, select in _instances(store, c):
            if store.query(ask):
                rows = store.query(select)
                found.append((c, [{v.value: row[v] for v in rows.variables if row[v] is not None}
                                  for row in rows]))
    return found


# ---------------------------------------------------------------- issues


def _shown(term, namespaces: dict[str, str]) -> str:
    from ssvkg.results.terms import compact
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return compact(str(term), namespaces)
    if isinstance(term, Literal):
        return term.n3()
    return f"_:{term}"


def issues_of(found, locate=None, namespaces: dict[str, str] | None = None) -> list:
    """ValidationIssues for violations(): one per row (at most MAX_ROWS per constraint).

    locate: None, or a callable returning a Locator (called only if something is to be located)."""
    from ssvkg.store.terms import from_ox
    from ssvkg.validation.metachecks import issue

    namespaces = namespaces or {}
    where = locate() if locate is not None and any(rows for _, rows in found) else None
    out = []
    for c, rows in found:
        head = f"{c.title} violated: {c.statement}"
        if not rows:
            out.append(issue("cube", head + " (the query names no node)"))
            continue
        for row in rows[:MAX_ROWS]:
            terms = {k: from_ox(v) for k, v in row.items()}
            var = next((k for k in _FOCUS if terms.get(k) is not None), None) or sorted(terms)[0]
            focus = terms[var]
            others = ", ".join(f"?{k} = {_shown(t, namespaces)}" for k, t in sorted(terms.items())
                               if k != var and t is not None)
            msg = f"{head} (?{var} = {_shown(focus, namespaces)}{'; ' + others if others else ''})"
            value = terms.get("obs2") if var == "obs1" else terms.get("dim") if var != "dim" else None
            out.append(issue("cube", msg, where.node(focus) if where is not None else None,
                             focus=focus, value=value))
        if len(rows) > MAX_ROWS:
            out.append(issue("cube", f"{c.title}: {len(rows) - MAX_ROWS} more violations not listed"))
    return out


def check(sources: Sequence[tuple[bytes, str, str | None]], locate=None,
          namespaces: dict[str, str] | None = None) -> list:
    """The issues of the data (data, format name, base IRI per file) against IC-1 … IC-21."""
    return issues_of(violations(normalized_store(sources)), locate, namespaces)


def sources_of_files(files) -> list[tuple[bytes, str, str | None]]:
    """(text, format, base IRI) of input files, as the isomorphism check reads them."""
    return [(f.text.encode("utf-8"), f.format, f.path.resolve().as_uri()) for f in files]


def sources_of_graph(graph) -> list[tuple[bytes, str, str | None]]:
    """A data graph given as an rdflib Graph, as N-Triples."""
    return [(graph.serialize(format="nt", encoding="utf-8"), "nt", None)]
