"""IRI parameters people can type: a full IRI, a CURIE, a bare local name or a label.

The values an IRI parameter can take are read from the graph: the instances of the
ontology class the parameter is named after (program -> ssv:Program, metric ->
ssv:Metric, observation -> ssv:Observation), or, for a name that is no class (entity,
subject, speaker), every resource with a label. A label matches in English or Chinese,
ignoring case and spaces; a value that matches none or several fails with one sentence
naming the closest candidates (difflib).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ssvkg.errors import QueryError
from ssvkg.queries.params import Param

SSV = "https://w3id.org/ssvkg/ontology#"
_PREF, _LABEL, _ALT = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
                       "http://www.w3.org/2004/02/skos/core#altLabel")
_LABELS = f"VALUES ?p {{ <{_PREF}> <{_LABEL}> <{_ALT}> }} ?s ?p ?l ."
_RANK = {_PREF: 0, _LABEL: 1, _ALT: 2}  # the name shown: a preferred label before an alternative one
SHOWN = 8  # candidates named in a message


@dataclass
class Candidate:
    iri: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> the label shown
    names: set[str] = field(default_factory=set)  # every label and alternative name
    ranks: dict[str, int] = field(default_factory=dict)  # language -> _RANK of that label

    def shown(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()), "")


def candidates_query(param: Param) -> str:
    """SPARQL listing the values param can take, with their labels."""
    cls = f"?s a <{SSV}{param.name[:1].upper()}{param.name[1:]}> . "
    return (f"SELECT ?s ?p ?l WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ {cls}}} }} {_LABELS} "
            f"FILTER(isIRI(?s)) }}")


def any_labelled_query() -> str:
    return f"SELECT ?s ?p ?l WHERE {{ {_LABELS} FILTER(isIRI(?s) && isLiteral(?l)) }}"


def candidates_from_rows(rows) -> dict[str, Candidate]:
    out: dict[str, Candidate] = {}
    for row in rows:
        iri, lit = str(row["s"]), row["l"]
        c = out.setdefault(iri, Candidate(iri))
        lang = (getattr(lit, "language", None) or "").split("-")[0]
        # lowest rank, then the smallest text: the same label whatever order the store answers in
        rank = (_RANK.get(str(row.get("p")), 1), str(lit))
        if lang not in c.labels or rank < (c.ranks[lang], c.labels[lang]):
            c.labels[lang], c.ranks[lang] = str(lit), rank[0]
        c.names.add(str(lit))
    return dict(sorted(out.items()))


def candidates(param: Param, engine) -> dict[str, Candidate]:
    """IRI -> Candidate for param on the graph engine evaluates (an ssvkg Engine)."""
    found = candidates_from_rows(engine.query(candidates_query(param)).rows)
    return found or candidates_from_rows(engine.query(any_labelled_query()).rows)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_written_iri(value: str) -> bool:
    """True for anything that starts like an IRI or a CURIE (scheme: or prefix:): it is not
    looked up by name; ssvkg.queries.params checks it as an IRI (and refuses a bad one)."""
    return bool(_SCHEME.match(value))


def describe(found: list[Candidate], namespaces: Mapping[str, str], lang: str = "en") -> str:
    from ssvkg.results.terms import compact

    names = [f"{c.shown(lang)} ({compact(c.iri, dict(namespaces))})" for c in found[:SHOWN]]
    more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return "; ".join(names) + more


def resolve(param: Param, value: str, found: Mapping[str, Candidate], namespaces: Mapping[str, str],
            query_name: str) -> str:
    """The IRI that value names among the candidates (value is not a full IRI or CURIE)."""
    by_local = [c for c in found.values() if _local(c.iri) == value]
    if len(by_local) == 1:
        return by_local[0].iri
    key = _norm(value)
    by_label = [c for c in found.values() if any(_norm(n) == key for n in c.names)] or by_local
    if len(by_label) == 1:
        return by_label[0].iri
    if by_label:
        raise QueryError(f"parameter {param.name} of query {query_name}: {value!r} names "
                         f"{len(by_label)} resources: {describe(by_label, namespaces)}; give one IRI.")
    words = {}
    for c in found.values():
        for n in list(c.names) + [_local(c.iri)]:
            words.setdefault(_norm(n), c)
    close = difflib.get_close_matches(key, list(words), n=SHOWN, cutoff=0.5)
    near = list(dict.fromkeys(words[w].iri for w in close))
    hint = (f"; did you mean {describe([found[i] for i in near], namespaces)}?" if near
            else f"; see `ssvkg query show {query_name}` for the values it takes.")
    raise QueryError(f"parameter {param.name} of query {query_name}: nothing in the graph is called "
                     f"{value!r}{hint}")


def resolve_values(params: Mapping[str, Param], values: Mapping[str, str] | None, engine,
                   query_name: str) -> dict[str, str]:
    """values with each IRI parameter's bare name or label replaced by its IRI; a required
    IRI parameter without value or default fails naming the values it can take."""
    out = dict(values or {})
    namespaces = engine.namespaces()
    for name, p in params.items():
        if p.type != "iri":
            continue
        value = out.get(name)
        if value is None:
            if p.required and p.default is None:
                found = candidates(p, engine)
                raise QueryError(f"query {query_name} needs parameter {name} (an IRI, a name or a label), "
                                 f"for example: {describe(list(found.values()), namespaces)}.")
            continue
        if is_written_iri(value) or name not in params:
            continue
        out[name] = resolve(p, value, candidates(p, engine), namespaces, query_name)
    return out
