"""What the pages show, read from the store with SPARQL only, so every engine works.

Everything here returns plain view objects (Link, Text, Figure, EntityView) with
labels already chosen for the page language; templates only lay them out.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDFS, SKOS, XSD

from ssvkg.queries.binding import bind_text, term_text
from ssvkg.results.terms import compact
from ssvkg.web import i18n
from ssvkg.web.iris import is_safe_iri, local_name, path_for
from ssvkg.store.base import Engine

SSV = "https://w3id.org/ssvkg/ontology#"
CONCEPT = "https://w3id.org/ssvkg/concept/"
EDITORIAL_STATEMENT = SSV + "EditorialStatement"
SCHEMA = "https://schema.org/"
QB_DATASET = "http://purl.org/linked-data/cube#dataSet"

LABEL_PROPS = [str(RDFS.label), str(SKOS.prefLabel), str(DCTERMS.title), SCHEMA + "name", str(FOAF.name)]
NAME_PROPS = set(LABEL_PROPS) | {str(SKOS.altLabel), str(SKOS.notation), SCHEMA + "alternativeHeadline"}
DESCRIPTION_PROPS = [str(RDFS.comment), str(SKOS.definition), str(DCTERMS.description),
                     SCHEMA + "description", SSV + "justification"]
PROVENANCE_PROPS = [str(PROV.wasDerivedFrom), SSV + "primaryReport", SSV + "sourceQuote", str(DCTERMS.source)]
FIGURE_PROPS = [SSV + p for p in ("metric", "about", "value", "valueMax", "unit", "qualifier", "refPeriod",
                                  "refYear", "periodStart", "aggregation", "figureStatus")] + [QB_DATASET]
# Incoming links shown elsewhere on the page (figures) or too many to be useful.
HIDDEN_INCOMING = {SSV + "about"}
# Not shown on a page: a hidden label is for search only (e.g. a known mistranslation of a name).
HIDDEN_PROPS = {str(SKOS.hiddenLabel)}
# The editors' working notes: shown only in a collapsed "Editors' notes" part, never as the description.
NOTE_PROPS = {str(SKOS.editorialNote), str(SKOS.changeNote)}
MAX_INCOMING = 2000
MAX_PER_GROUP = 200
MAX_LABELS = 500_000
LABEL_TTL = 300.0  # seconds; the files do not change under a running server, a remote store may


@dataclass
class Link:
    iri: str
    href: str
    label: str
    lang: str | None = None  # language of label, None when made from the IRI
    other: str = ""  # label in the other page language, if different
    types: list[str] = field(default_factory=list)  # type labels, for incoming lists
    note: str = ""  # the editors' justification, when the statement that shows this link is inferred


@dataclass
class Text:
    text: str
    lang: str | None = None
    datatype: str = ""  # compact datatype, shown small
    note: str = ""  # the editors' justification, when the statement that shows this value is inferred


@dataclass
class Fact:
    prop: Link
    values: list


@dataclass
class Figure:
    obs: Link
    value: str
    compact: str = ""
    unit: str = ""
    number: object = None  # the value as a Decimal (None for a range or a non-number)
    metric: Link | None = None
    about: Link | None = None
    qualifier: Link | None = None
    aggregation: Link | None = None
    status: Link | None = None  # actual result or target
    period: str = ""
    year: str = ""
    sources: list[Link] = field(default_factory=list)
    quotes: list[Text] = field(default_factory=list)


@dataclass
class EntityView:
    iri: str
    label: str
    label_lang: str | None
    labels: list[Text]
    types: list[Link]
    groups: list[tuple[str, list[Fact]]]
    figure: Figure | None
    figures: list[Figure]
    incoming: list[tuple[Link, list[Link], int]]  # property, subjects shown, total


def iri_list(iris) -> str:
    # FILTER IN rather than VALUES here: Oxigraph joins a VALUES block before the
    # entity's own patterns (every triple with those predicates), 25x slower per page.
    return ", ".join(term_text(URIRef(i)) for i in iris)


def _values_clause(var: str, iris) -> str:
    return f"VALUES ?{var} {{ " + " ".join(term_text(URIRef(i)) for i in iris) + " }"


# The pages' queries with a value from the URL: ?e an entity's IRI, ?q the search words,
# bound by ssvkg.queries.binding.
ENTITY_EXISTS = "ASK { { ?e ?p ?o } UNION { ?s ?q ?e } }"
ENTITY_RDF = "CONSTRUCT { ?e ?p ?o . ?s ?q ?e } WHERE { { ?e ?p ?o } UNION { ?s ?q ?e } }"
ENTITY_OUT = "SELECT ?p ?o WHERE { ?e ?p ?o }"
ENTITY_IN = f"SELECT ?s ?p WHERE {{ ?s ?p ?e . FILTER(isIRI(?s)) }} LIMIT {MAX_INCOMING}"
ENTITY_FIGURES = f"""SELECT ?obs ?p ?o WHERE {{
                  {{ ?obs <{SSV}about> ?e }} UNION {{ ?about <{SSV}occurrenceOf> ?e . ?obs <{SSV}about> ?about }}
                  ?obs ?p ?o .
                  FILTER(?p IN ({iri_list(FIGURE_PROPS + PROVENANCE_PROPS)}))
                }}"""
# The ssv:EditorialStatements about the entity's own statements and about the links to it.
ENTITY_EDITORIAL = f"""SELECT ?s ?p ?o ?j WHERE {{
                  {{ ?st <{RDF.subject}> ?e }} UNION {{ ?st <{RDF.object}> ?e }}
                  ?st a <{EDITORIAL_STATEMENT}> ; <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o .
                  OPTIONAL {{ ?st <{SSV}justification> ?j }}
                }}"""
SEARCH = f"""SELECT ?s ?p ?l WHERE {{
                  {_values_clause('p', LABEL_PROPS + [str(SKOS.altLabel), str(SKOS.hiddenLabel)])}
                  ?s ?p ?l . FILTER(isIRI(?s) && isLiteral(?l) && CONTAINS(LCASE(STR(?l)), ?q))
                }} LIMIT 2000"""


def prepare_queries() -> None:
    """Bind each of the pages' queries once, to a stand-in value: the binding of each text is
    checked in full once (rdflib parses it: 0.1 s or so), at start rather than on a visit."""
    for text in (ENTITY_EXISTS, ENTITY_RDF, ENTITY_OUT, ENTITY_IN, ENTITY_FIGURES, ENTITY_EDITORIAL):
        bind_text(text, {"e": URIRef("urn:ssvkg:stand-in")})
    bind_text(SEARCH, {"q": Literal("stand-in")})


class Browser:
    """Builds page views from the pages' store (see limits.open_stores), one language at a time."""

    def __init__(self, store: Engine):
        self.store = store
        self._cache: dict[str, tuple[float, object]] = {}

    # -- labels -----------------------------------------------------------

    def labels(self) -> dict[str, list[Literal]]:
        """IRI -> its label literals, best property first.

        All labels are read once (and again after LABEL_TTL): a VALUES list of
        subjects crossed with the label properties is very slow on rdflib."""
        def make():
            rank = {p: n for n, p in enumerate(LABEL_PROPS)}
            rows = self.store.query(
                f"SELECT ?s ?p ?l WHERE {{ {_values_clause('p', LABEL_PROPS)} ?s ?p ?l . "
                f"FILTER(isIRI(?s) && isLiteral(?l)) }}", max_rows=MAX_LABELS).rows
            rows.sort(key=lambda r: rank.get(str(r["p"]), 99))
            out: dict[str, list[Literal]] = defaultdict(list)
            for r in rows:
                out[str(r["s"])].append(r["l"])
            return dict(out)

        return self.cached("labels", make, LABEL_TTL)

    def link(self, iri: str, labels: dict, lang: str, types: list[str] | None = None,
             prop: bool = False) -> Link:
        """A link to iri labelled in lang; a property without a label gets its name in words."""
        lits = labels.get(iri, [])
        best = i18n.pick(lits, lang)
        other_lang = "zh" if lang == "en" else "en"
        other = next((l for l in lits if i18n.lang_matches(l.language, other_lang)), None)
        if best is not None:
            label = str(best)
        elif prop:
            label = _words(local_name(iri))
        else:
            label = _nice_name(iri, self.store.namespaces())
        return Link(iri, path_for(iri), label, best.language if best is not None else None,
                    str(other) if other is not None and str(other) != label else "", types or [])

    def concept_words(self) -> dict[str, str]:
        """A concept's notation or any of its labels ("period-total", "more than") -> the concept's
        IRI, for the concepts of ontology/concepts.ttl: so that a query's column of notations or
        English labels can be shown in the page language."""
        def make():
            rows = self.store.query(
                f"SELECT ?c ?w WHERE {{ ?c <{SKOS.inScheme}> ?s . "
                f"{{ ?c <{SKOS.notation}> ?w }} UNION {{ ?c <{SKOS.prefLabel}> ?w }} }}", max_rows=20_000).rows
            return {str(r["w"]): str(r["c"]) for r in rows if str(r["c"]).startswith(CONCEPT)}

        return self.cached("concept_words", make, LABEL_TTL)

    def words(self, term, lang: str) -> str:
        """A value in words, in lang: an IRI's label; a concept's notation or label as its label."""
        if isinstance(term, URIRef):
            return self.link(str(term), self.labels(), lang).label
        concept = self.concept_words().get(str(term)) if isinstance(term, Literal) else None
        if concept:
            return self.link(concept, self.labels(), lang).label
        return str(term)

    # -- one entity ------------------------------------------------------

    def describe(self, iri: str, lang: str) -> EntityView | None:
        e = {"e": URIRef(iri)}
        out = self.store.query(bind_text(ENTITY_OUT, e), max_rows=20_000).rows
        inc = self.store.query(bind_text(ENTITY_IN, e)).rows
        if not out and not inc:
            return None
        figure_rows = self.store.query(bind_text(ENTITY_FIGURES, e), max_rows=50_000).rows
        by_obs: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for r in figure_rows:
            by_obs[str(r["obs"])][str(r["p"])].append(r["o"])
        own: dict[str, list] = defaultdict(list)
        for r in out:
            own[str(r["p"])].append(r["o"])
        is_figure = SSV + "value" in own and SSV + "metric" in own

        subject_types = self._types({str(r["s"]) for r in inc})
        labels = self.labels()
        notes = self._editorial_notes(iri, lang)

        me = self.link(iri, labels, lang)
        label_lits = labels.get(iri, [])
        types = []
        for t in own.get(str(RDF.type), []):
            if isinstance(t, URIRef):
                types.append(self.link(str(t), labels, lang))
                types[-1].note = notes.get((iri, str(RDF.type), t), "")
        view = EntityView(
            iri=iri, label=me.label, label_lang=me.lang,
            labels=[Text(str(l), l.language) for l in label_lits],
            types=sorted(types, key=lambda l: l.label.lower()),
            groups=self._groups(own, labels, lang, skip_figure=is_figure, subject=iri, notes=notes),
            figure=self.figure_view(iri, own, labels, lang) if is_figure else None,
            figures=sorted((self.figure_view(o, props, labels, lang) for o, props in by_obs.items()
                            if SSV + "value" in props),
                           key=lambda f: (f.year or f.period, f.metric.label if f.metric else "")),
            incoming=self._incoming(inc, labels, subject_types, lang, target=iri, notes=notes),
        )
        return view

    def _editorial_notes(self, iri: str, lang: str) -> dict[tuple, str]:
        """(subject IRI, predicate IRI, object term) -> the editors' justification in lang, for the
        statements about or pointing to iri that an ssv:EditorialStatement marks as inferred."""
        rows = self.store.query(bind_text(ENTITY_EDITORIAL, {"e": URIRef(iri)}), max_rows=5000).rows
        found: dict[tuple, list] = defaultdict(list)
        for r in rows:
            key = (str(r["s"]), str(r["p"]), r["o"])
            j = r.get("j")
            if isinstance(j, Literal):
                found[key].append(j)
            else:
                found.setdefault(key, [])
        return {k: (str(i18n.pick(js, lang)) if js else i18n.UI[lang]["no_justification"]) for k, js in found.items()}

    def _types(self, iris) -> dict[str, list[str]]:
        iris = sorted(i for i in iris if is_safe_iri(i))
        out: dict[str, list[str]] = defaultdict(list)
        for start in range(0, len(iris), 400):
            chunk = iris[start:start + 400]
            rows = self.store.query(f"SELECT ?s ?t WHERE {{ {_values_clause('s', chunk)} ?s a ?t }}",
                                    max_rows=50_000).rows
            for r in rows:
                if isinstance(r["t"], URIRef):
                    out[str(r["s"])].append(str(r["t"]))
        return out

    def _value(self, term, labels, lang):
        if isinstance(term, URIRef):
            return self.link(str(term), labels, lang)
        if isinstance(term, BNode):
            return Text(f"_:{term}")
        dt = compact(str(term.datatype), self.store.namespaces()) if term.datatype else ""
        if term.datatype and i18n.number(term) is not None and term.datatype != XSD.gYear:
            return Text(i18n.format_number(i18n.number(term)), None, dt)
        return Text(str(term), term.language, dt)

    def _groups(self, own, labels, lang, skip_figure: bool, subject: str = "", notes: dict | None = None):
        ui = i18n.UI[lang]
        buckets: dict[str, list[Fact]] = {"description": [], "figure": [], "links": [], "details": [],
                                          "names": [], "provenance": [], "notes": []}
        order = {p: n for n, p in enumerate(DESCRIPTION_PROPS + FIGURE_PROPS + PROVENANCE_PROPS)}
        for p in sorted(own, key=lambda p: (order.get(p, 999), self.link(p, labels, lang, prop=True).label.lower())):
            if p == str(RDF.type) or p in HIDDEN_PROPS:
                continue
            values = own[p]
            if p in NOTE_PROPS:
                key = "notes"
            elif p in NAME_PROPS:
                key = "names"
            elif p in DESCRIPTION_PROPS:
                key = "description"
            elif p in PROVENANCE_PROPS:
                key = "provenance"
            elif p in FIGURE_PROPS:
                if skip_figure:
                    continue
                key = "figure"
            elif any(isinstance(v, URIRef) for v in values):
                key = "links"
            else:
                key = "details"
            vals = []
            for v in values:
                vals.append(self._value(v, labels, lang))
                vals[-1].note = (notes or {}).get((subject, p, v), "")
            vals.sort(key=lambda v: (not isinstance(v, Text) or not i18n.lang_matches(v.lang, lang),
                                     getattr(v, "label", getattr(v, "text", ""))))
            buckets[key].append(Fact(self.link(p, labels, lang, prop=True), vals))
        titles = {"description": ui["description"], "figure": ui["figures"], "links": ui["facts"],
                  "details": "", "names": ui["labels"], "provenance": ui["sources"], "notes": ui["editors_notes"]}
        return [(titles[k], facts, k) for k, facts in buckets.items() if facts]

    def figure_view(self, obs: str, props, labels, lang) -> Figure:
        def first(p):
            vs = props.get(SSV + p) or []
            return vs[0] if vs else None

        def link(p):
            v = first(p)
            return self.link(str(v), labels, lang) if isinstance(v, URIRef) else None

        value, vmax = first("value"), first("valueMax")
        num = i18n.number(value) if value is not None else None
        shown = i18n.format_number(num) if num is not None else (str(value) if value is not None else "")
        if vmax is not None and i18n.number(vmax) is not None:
            shown += " – " + i18n.format_number(i18n.number(vmax))
        unit = first("unit")
        unit_text = ""
        if isinstance(unit, URIRef):
            unit_text = i18n.unit_word(str(unit), labels.get(str(unit), []), lang)
        period = first("refPeriod")
        start = first("periodStart")
        period_text = str(period) if period is not None else ""
        if start is not None and str(start) != period_text:  # a window of one period shows as that period
            period_text = (f"{start} – {period_text}" if period_text
                           else i18n.UI[lang]["since"].format(start=start))
        sources = [self.link(str(s), labels, lang) for s in props.get(str(PROV.wasDerivedFrom), [])
                   if isinstance(s, URIRef)]
        quotes = [Text(str(q), q.language) for q in props.get(SSV + "sourceQuote", []) if isinstance(q, Literal)]
        quotes.sort(key=lambda q: not i18n.lang_matches(q.lang, lang))
        year = first("refYear")
        return Figure(
            obs=self.link(obs, labels, lang), value=shown,
            compact=i18n.compact_number(num, lang) if num is not None else "",
            number=num if vmax is None else None, unit=unit_text, metric=link("metric"), about=link("about"), qualifier=link("qualifier"),
            aggregation=link("aggregation"), status=link("figureStatus"), period=period_text,
            year=str(year) if year is not None else (period_text[:4] if period_text else ""),
            sources=sorted(sources, key=lambda l: l.label), quotes=quotes,
        )

    def _incoming(self, inc, labels, subject_types, lang, target: str = "", notes: dict | None = None):
        groups: dict[str, list[str]] = defaultdict(list)
        for r in inc:
            p = str(r["p"])
            if p in HIDDEN_INCOMING:
                continue
            groups[p].append(str(r["s"]))
        out = []
        for p, subjects in groups.items():
            links = []
            for s in sorted(set(subjects)):
                types = [self.link(t, labels, lang).label for t in subject_types.get(s, [])]
                links.append(self.link(s, labels, lang, types=sorted(set(types))))
                links[-1].note = (notes or {}).get((s, p, URIRef(target)), "")
            links.sort(key=lambda l: (l.types[:1], l.label.lower()))
            out.append((self.link(p, labels, lang, prop=True), links[:MAX_PER_GROUP], len(links)))
        # rdf:type first (on a class page these are its instances), then the biggest groups
        out.sort(key=lambda g: (g[0].iri != str(RDF.type), -g[2], g[0].label.lower()))
        return out

    # -- lists ------------------------------------------------------------

    def cached(self, key: str, make, ttl: float = 60.0):
        hit = self._cache.get(key)
        if hit and time.monotonic() - hit[0] < ttl:
            return hit[1]
        value = make()
        self._cache[key] = (time.monotonic(), value)
        return value

    def home(self, lang: str) -> dict:
        def make():
            classes = self.store.query(
                "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . FILTER(isIRI(?c)) } "
                "GROUP BY ?c ORDER BY DESC(?n)", max_rows=5000).rows
            companies = self.store.query(
                f"SELECT DISTINCT ?s WHERE {{ ?s a <{SSV}Company> }} LIMIT 20").rows
            per_graph = self.store.triples_per_graph()
            return classes, companies, per_graph

        classes, companies, per_graph = self.cached("home", make)
        labels = self.labels()
        own = [(self.link(str(r["c"]), labels, lang), int(r["n"])) for r in classes]
        ours = [c for c in own if c[0].iri.startswith(SSV)]
        other = [c for c in own if not c[0].iri.startswith(SSV) and not c[0].iri.startswith(str(OWL))]
        return {
            "companies": [self.link(str(r["s"]), labels, lang) for r in companies],
            "classes": ours, "other_classes": other,
            "triples": sum(per_graph.values()), "graphs": len(per_graph),
        }

    def search(self, q: str, lang: str, limit: int = 100) -> list[Link]:
        q = " ".join(q.split()).lower()
        if not q:
            return []
        rows = self.store.query(bind_text(SEARCH, {"q": Literal(q)}), max_rows=2000).rows
        matched: dict[str, str] = {}
        hidden: set[str] = set()  # matched by a hidden label only: found, but the label is not shown
        for r in rows:
            s, l = str(r["s"]), str(r["l"])
            best = matched.get(s)
            is_hidden = str(r["p"]) in HIDDEN_PROPS
            if best is None or (_rank(l, q), is_hidden) < (_rank(best, q), s in hidden):
                matched[s] = l
                if is_hidden:
                    hidden.add(s)
                else:
                    hidden.discard(s)
        ordered = sorted(matched, key=lambda s: (_rank(matched[s], q), matched[s].lower()))[:limit]
        types = self._types(ordered)
        labels = self.labels()
        out = []
        for s in ordered:
            link = self.link(s, labels, lang, types=sorted({self.link(t, labels, lang).label
                                                            for t in types.get(s, [])}))
            if s not in hidden and matched[s] not in (link.label, link.other):
                link.other = (link.other + " · " if link.other else "") + matched[s]
            out.append(link)
        return out


def _rank(label: str, q: str) -> int:
    low = label.lower()
    return 0 if low == q else 1 if low.startswith(q) else 2


def _words(name: str) -> str:
    """wasDerivedFrom -> was derived from; has-unit -> has unit."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").replace("-", " ").lower()


def _nice_name(iri: str, namespaces: dict[str, str]) -> str:
    short = compact(iri, namespaces)
    if not short.startswith("<"):
        return short
    return local_name(iri)
