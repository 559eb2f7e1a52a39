"""The home page about SSV and the figures overview, read from the store with SPARQL only.

The home page leads with the CBS framing (the pillars C users, B industries, S society, each
with its programs and a few headline figures), then the focus areas, the source documents and
reports, and the timeline. The figures page lays every figure out as metric × year, results
apart from targets. Nothing here names a fact: every word shown comes from the graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib.namespace import DCTERMS

from ssvkg.present.numbers import figure
from ssvkg.web import i18n
from ssvkg.web.browse import FIGURE_PROPS, PROVENANCE_PROPS, SSV, Browser, Figure, Link, Text, iri_list

SSVC = "https://w3id.org/ssvkg/concept/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TARGET = SSVC + "figure-target"
CUMULATIVE = SSVC + "aggregation-cumulative"
HEADLINES_PER_PILLAR = 4
PROGRAMS_PER_PILLAR = 12

# A program's pillar as a source states it (ssv:pillar), or as the editors assigned it (an
# ssv:Alignment in graph/curated/, shown as such).
SCHEME = f"""SELECT ?scheme ?definition WHERE {{
  ?pillar a <{SSV}CBSPillar> ; <{SKOS}topConceptOf> ?scheme .
  OPTIONAL {{ ?scheme <{SKOS}definition> ?definition }}
}}"""
PILLAR_DEFINITIONS = f"""SELECT ?pillar ?definition WHERE {{
  ?pillar a <{SSV}CBSPillar> ; <{SKOS}definition> ?definition .
}}"""
PILLARS = f"""SELECT ?pillar ?notation ?program ?curated WHERE {{
  ?pillar a <{SSV}CBSPillar> ; <http://www.w3.org/2004/02/skos/core#notation> ?notation .
  OPTIONAL {{
    {{ ?program <{SSV}pillar> ?pillar ; a <{SSV}Program> . BIND(false AS ?curated) }}
    UNION
    {{ ?alignment <{DCTERMS.subject}> ?pillar ; a <{SSV}Alignment> ; <{SSV}alignedEntity> ?program .
       ?program a <{SSV}Program> . BIND(true AS ?curated) }}
  }}
}}"""
FOCUS_AREAS = f"""SELECT ?focus ?program WHERE {{
  ?focus a <{SSV}FocusArea> .
  OPTIONAL {{ ?program <{SSV}focusArea> ?focus ; a <{SSV}Program> . }}
}}"""
# every figure, with the properties a Figure is made of
ALL_FIGURES = f"""SELECT ?obs ?p ?o WHERE {{
  ?obs a <{SSV}Observation> ; ?p ?o .
  FILTER(?p IN ({iri_list(FIGURE_PROPS + PROVENANCE_PROPS)}))
}}"""
COMPANIES = f"SELECT DISTINCT ?c WHERE {{ ?c a <{SSV}Company> }} LIMIT 20"
OCCURRENCES = f"SELECT ?e ?program WHERE {{ ?e <{SSV}occurrenceOf> ?program }}"
SOURCES = f"""SELECT ?doc ?date WHERE {{
  ?doc a <{SSV}SourceDocument> . OPTIONAL {{ ?doc <{DCTERMS.date}> ?date }}
}}"""
REPORTS = f"""SELECT DISTINCT ?report ?year WHERE {{
  ?report a ?kind . FILTER(?kind IN (<{SSV}SSVAnnualReport>, <{SSV}SSVQuarterlyReport>, <{SSV}CSRReport>))
  OPTIONAL {{ ?report <{SSV}reportingYear> ?year }}
}}"""
TIMELINE = f"""SELECT ?e ?date WHERE {{
  ?e <{SSV}eventDate> ?date .
  FILTER EXISTS {{ ?e a ?kind . FILTER(?kind IN (<{SSV}StrategyMilestone>, <{SSV}ReportRelease>)) }}
}}"""


@dataclass
class Pillar:
    concept: Link
    notation: str
    programs: list[Link]
    headlines: list[Figure]
    n_programs: int = 0
    definition: Text | None = None


@dataclass
class YearCell:
    year: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class MetricRow:
    metric: Link
    cells: list[YearCell]


def figure_words(f: Figure, lang: str) -> str:
    """One figure as words, as the presentation layer writes it (ssvkg.present.numbers.figure):
    "more than 3,300,000,000 yuan (3.3 billion)"; on a Chinese card only the short reading,
    "超过33亿元", where the tables also give the exact digits."""
    qual = f.qualifier.label if f.qualifier else ""
    if f.number is None:  # a range "200 – 300" or a value that is no number
        return (f"{qual}{f.value}{f.unit}" if lang == "zh"
                else " ".join(w for w in (qual, f.value, f.unit) if w))
    if lang == "zh" and f.compact:
        return f"{qual}{f.compact}{f.unit}"
    return figure(f.number, f.unit, qual, lang)


def window_words(f: Figure, lang: str) -> str:
    """The window a cumulative figure covers ("2018–2022"), '' for a figure of one period."""
    if f.aggregation is None or f.aggregation.iri != CUMULATIVE:
        return ""
    return f.period


def _text(literals: list, lang: str) -> Text | None:
    best = i18n.pick(literals, lang)
    return Text(str(best), best.language) if best is not None else None


class Overview:
    """Builds the home and figures pages' views from the pages' store."""

    def __init__(self, browser: Browser):
        self.browser = browser
        self.store = browser.store

    def _rows(self, text: str, max_rows: int = 50_000):
        return self.browser.cached("overview:" + text, lambda: self.store.query(text, max_rows=max_rows).rows)

    def figures(self, lang: str) -> list[Figure]:
        labels = self.browser.labels()
        by_obs: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for r in self._rows(ALL_FIGURES):
            by_obs[str(r["obs"])][str(r["p"])].append(r["o"])
        out = [self.browser.figure_view(o, props, labels, lang) for o, props in by_obs.items()
               if SSV + "value" in props]
        return sorted(out, key=lambda f: (f.year, f.metric.label if f.metric else "", f.obs.label))

    def _program_of(self) -> dict[str, str]:
        """An edition or occurrence (99 Giving Day 2021) -> its program."""
        return {str(r["e"]): str(r["program"]) for r in self._rows(OCCURRENCES)}

    def home(self, lang: str) -> dict:
        labels = self.browser.labels()
        link = lambda iri: self.browser.link(iri, labels, lang)  # noqa: E731
        programs_of: dict[str, set[str]] = defaultdict(set)
        reported: set[tuple[str, str]] = set()
        notation: dict[str, str] = {}
        for r in self._rows(PILLARS):
            notation[str(r["pillar"])] = str(r["notation"])
            if r.get("program") is not None:
                programs_of[str(r["pillar"])].add(str(r["program"]))
                if not r["curated"].toPython():
                    reported.add((str(r["pillar"]), str(r["program"])))
        definitions: dict[str, list] = defaultdict(list)
        for r in self._rows(PILLAR_DEFINITIONS):
            definitions[str(r["pillar"])].append(r["definition"])
        schemes: dict[str, list] = defaultdict(list)
        for r in self._rows(SCHEME):
            schemes[str(r["scheme"])]
            if r.get("definition") is not None:
                schemes[str(r["scheme"])].append(r["definition"])
        scheme = next(iter(sorted(schemes)), None)
        figures = self.figures(lang)
        occurrence = self._program_of()
        by_program: dict[str, list[Figure]] = defaultdict(list)
        for f in figures:
            if f.about is not None:
                by_program[occurrence.get(f.about.iri, f.about.iri)].append(f)
        pillars = []
        for iri in sorted(notation, key=lambda i: "CBS".index(notation[i]) if notation[i] in "CBS" else 9):
            progs = programs_of[iri]
            # programs with figures first, those with the most figures first
            ordered = sorted(progs, key=lambda p: (-len(by_program.get(p, [])), link(p).label.lower()))
            headlines = []
            for p in ordered:
                results = [f for f in by_program.get(p, []) if not (f.status and f.status.iri == TARGET)]
                if results:
                    headlines.append(max(results, key=lambda f: (f.year, f.value)))  # the latest
                if len(headlines) == HEADLINES_PER_PILLAR:
                    break
            shown = []
            for p in ordered[:PROGRAMS_PER_PILLAR]:
                shown.append(link(p))
                shown[-1].note = "" if (iri, p) in reported else i18n.UI[lang]["curated"]
            pillars.append(Pillar(link(iri), notation[iri], shown, headlines, len(progs),
                                  _text(definitions.get(iri, []), lang)))
        focus: dict[str, set[str]] = defaultdict(set)
        for r in self._rows(FOCUS_AREAS):
            focus[str(r["focus"])]
            if r.get("program") is not None:
                focus[str(r["focus"])].add(str(r["program"]))
        focus_areas = sorted(((link(f), len(ps)) for f, ps in focus.items()), key=lambda x: (-x[1], x[0].label))
        sources = sorted(((link(str(r["doc"])), str(r.get("date") or "")) for r in self._rows(SOURCES)),
                         key=lambda x: (x[1], x[0].label))
        reports = sorted(((link(str(r["report"])), str(r.get("year") or "")) for r in self._rows(REPORTS)),
                         key=lambda x: (x[1], x[0].label))
        timeline = sorted(((str(r["date"]), link(str(r["e"]))) for r in self._rows(TIMELINE)),
                          key=lambda x: (x[0], x[1].label))
        companies = sorted((link(str(r["c"])) for r in self._rows(COMPANIES)), key=lambda l: l.label)
        return {"pillars": pillars, "companies": companies,
                "scheme": link(scheme) if scheme else None,
                "scheme_definition": _text(schemes.get(scheme, []), lang), "focus_areas": focus_areas, "sources": sources, "reports": reports,
                "timeline": timeline, "n_figures": len(figures)}

    def table(self, lang: str) -> dict:
        """Every metric × year: results in one table, targets in another; years as columns."""
        figures = self.figures(lang)
        out = {}
        for kind, wanted in (("results", False), ("targets", True)):
            chosen = [f for f in figures if (f.status is not None and f.status.iri == TARGET) == wanted]
            years = sorted({f.year for f in chosen if f.year})
            rows: dict[str, dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
            metrics: dict[str, Link] = {}
            for f in chosen:
                if f.metric is None:
                    continue
                metrics[f.metric.iri] = f.metric
                rows[f.metric.iri][f.year].append(f)
            out[kind] = {
                "years": years,
                "rows": [MetricRow(metrics[m], [YearCell(y, rows[m].get(y, [])) for y in years])
                         for m in sorted(metrics, key=lambda m: metrics[m].label.lower())],
                "count": len(chosen),
            }
        return out


__all__ = ["Overview", "figure_words", "window_words"]
