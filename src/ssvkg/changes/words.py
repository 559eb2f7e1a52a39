"""The changes in words: a Markdown page listing figures, entities, labels and sources that were
added, removed or changed, and the other statements that changed."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from ssvkg.changes.compare import Changes
from ssvkg.results.terms import compact

SSV = Namespace("https://w3id.org/ssvkg/ontology#")
LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
SOURCE_LINKS = (PROV.wasDerivedFrom, SSV.sourceQuote, SSV.primaryReport)


class _Namer:
    def __init__(self, old: Graph, new: Graph):
        self.graphs = (new, old)
        self.ns = {p: str(n) for g in (old, new) for p, n in g.namespaces()}

    def iri(self, term) -> str:
        if isinstance(term, URIRef):
            return compact(str(term), self.ns)
        if isinstance(term, BNode):
            return f"_:{term}"
        return _literal(term)

    def label(self, term, lang: str = "en") -> str | None:
        for g in self.graphs:
            for p in (RDFS.label, SKOS.prefLabel):
                found = [o for o in g.objects(term, p) if isinstance(o, Literal) and o.language == lang]
                if found:
                    return str(sorted(found)[0])
        return None

    def name(self, term) -> str:
        """`**English label** / 中文 (`id`)`, or the id alone."""
        en, zh = self.label(term, "en"), self.label(term, "zh")
        shown = " / ".join(x for x in (en, zh) if x)
        return f"**{_md(shown)}** (`{self.iri(term)}`)" if shown else f"`{self.iri(term)}`"

    def short(self, term) -> str:
        return self.label(term, "en") or self.iri(term)


def _md(text: str) -> str:
    return text.replace("*", "\\*").replace("_", "\\_").replace("`", "'")


def _literal(lit) -> str:
    if isinstance(lit, Literal) and isinstance(lit.toPython(), (int, Decimal)) and not isinstance(lit.toPython(), bool):
        value = lit.toPython()
        return f"{value:,}" if isinstance(value, int) else f"{value:,f}".rstrip("0").rstrip(".")
    if isinstance(lit, Literal) and lit.language:
        return f"\"{lit}\"@{lit.language}"
    return f"\"{lit}\"" if isinstance(lit, Literal) and not lit.datatype else str(lit)


def _figure(g: Graph, obs, namer: _Namer) -> str:
    value = g.value(obs, SSV.value)
    parts = [namer.iri(value) if value is not None else "no value"]
    top = g.value(obs, SSV.valueMax)
    if top is not None:
        parts[0] += f"–{namer.iri(top)}"
    unit = g.value(obs, SSV.unit)
    if unit is not None:
        parts[0] += f" {namer.iri(unit)}"
    start, end = g.value(obs, SSV.periodStart), g.value(obs, SSV.refPeriod)
    period = str(end) if start is None or str(start) == str(end) else f"{start} – {end}"
    details = [namer.short(c) for c in (g.value(obs, SSV.qualifier),) if c is not None]
    details += [period] if end is not None else []
    details += [namer.short(c) for c in (g.value(obs, SSV.aggregation), g.value(obs, SSV.figureStatus)) if c is not None]
    return ", ".join(parts + details)


def _quotes(g: Graph, subject) -> list[str]:
    return sorted(f"“{q}”" for q in g.objects(subject, SSV.sourceQuote))


def _sources(g: Graph, subject, namer: _Namer) -> str:
    docs = sorted(namer.iri(s) for s in g.objects(subject, PROV.wasDerivedFrom))
    return ", ".join(docs)


def _property_changes(delta: dict, namer: _Namer) -> str:
    """`ssv:value 3,300,000,000 → 3,400,000,000; ssv:periodStart none → "2022"`"""
    parts = []
    for p in sorted({p for p, _ in delta["added"] | delta["removed"]}, key=str):
        gone = ", ".join(sorted(namer.iri(o) for q, o in delta["removed"] if q == p)) or "none"
        came = ", ".join(sorted(namer.iri(o) for q, o in delta["added"] if q == p)) or "none"
        parts.append(f"{namer.iri(p)} {gone} → {came}")
    return "; ".join(parts)


def changes_markdown(changes: Changes, old_name: str = "OLD", new_name: str = "NEW") -> str:
    old, new = changes.old, changes.new
    namer = _Namer(old, new)
    touched: dict = defaultdict(lambda: {"added": set(), "removed": set()})
    for s, p, o, _ in changes.added:
        touched[s]["added"].add((p, o))
    for s, p, o, _ in changes.removed:
        touched[s]["removed"].add((p, o))

    def typed(g, s, cls=None):
        return (s, RDF.type, cls) in g if cls is not None else (s, RDF.type, None) in g

    figures = {"changed": [], "added": [], "removed": []}
    entities = {"added": [], "removed": []}
    labels, sources, others = [], [], []
    for s in sorted(touched, key=lambda t: (isinstance(t, BNode), str(t))):
        delta = touched[s]
        in_old, in_new = typed(old, s), typed(new, s)
        is_obs = typed(old, s, SSV.Observation) or typed(new, s, SSV.Observation)
        quote_lines = lambda g: "".join(f"\n  - source {_sources(g, s, namer)}: {q}" for q in _quotes(g, s))  # noqa: E731
        if is_obs and not in_old:
            figures["added"].append(f"- {namer.name(s)}: {_figure(new, s, namer)}{quote_lines(new)}")
        elif is_obs and not in_new:
            figures["removed"].append(f"- {namer.name(s)}: {_figure(old, s, namer)}{quote_lines(old)}")
        elif is_obs:
            line = (f"- {namer.name(s)}: {_figure(old, s, namer)} → {_figure(new, s, namer)} "
                    f"(changed: {_property_changes(delta, namer)})")
            line += quote_lines(new) if _quotes(old, s) == _quotes(new, s) else (
                "".join(f"\n  - old source: {q}" for q in _quotes(old, s))
                + "".join(f"\n  - new source: {q}" for q in _quotes(new, s)))
            figures["changed"].append(line)
        elif not in_old and in_new:
            kind = ", ".join(sorted(namer.iri(c) for c in new.objects(s, RDF.type)))
            target = sources if typed(new, s, SSV.SourceDocument) else entities["added"]
            target.append(f"- added {kind}: {namer.name(s)}" if target is sources else f"- {kind}: {namer.name(s)}")
        elif in_old and not in_new:
            kind = ", ".join(sorted(namer.iri(c) for c in old.objects(s, RDF.type)))
            target = sources if typed(old, s, SSV.SourceDocument) else entities["removed"]
            target.append(f"- removed {kind}: {namer.name(s)}" if target is sources else f"- {kind}: {namer.name(s)}")
        else:
            for p in sorted({p for p, _ in delta["added"] | delta["removed"]}):
                gone = sorted(namer.iri(o) for q, o in delta["removed"] if q == p)
                came = sorted(namer.iri(o) for q, o in delta["added"] if q == p)
                text = f"- {namer.name(s)} {namer.iri(p)}: " + "; ".join(
                    ([f"removed {', '.join(gone)}"] if gone else []) + ([f"added {', '.join(came)}"] if came else []))
                (labels if p in LABELS else sources if p in SOURCE_LINKS or typed(new, s, SSV.SourceDocument)
                 else others).append(text)

    out = [f"# Changes from {old_name} to {new_name}", ""]
    if not changes:
        return "\n".join(out + ["No differences: the two versions hold the same quads.", ""])
    graphs = {g for *_, g in changes.added | changes.removed}
    out += [f"{len(changes.added)} statements added and {len(changes.removed)} removed, "
            f"in {len(graphs)} named graph{'s' if len(graphs) != 1 else ''}. "
            "The machine-readable patch (RDF Patch) lists each one.", ""]

    def section(title, rows):
        if rows:
            out.extend([f"{title}", "", *rows, ""])

    section("## Figures changed", figures["changed"])
    section("## Figures added", figures["added"])
    section("## Figures removed", figures["removed"])
    section("## Entities added", entities["added"])
    section("## Entities removed", entities["removed"])
    section("## Labels", labels)
    section("## Sources", sources)
    section("## Other statements", others)
    return "\n".join(out)
