"""Numbers over time in a SELECT result, drawn as small honest charts (server-side SVG).

A result gets charts when it has a time column (years, dates, or a column named like
year/period/date with values starting with a year) and a numeric column. Each chart holds
one measure: the rows that agree on what is measured (metric, subject, unit: every column
that is not the time, a number, a series column or an attribute). Within a chart, a line
joins only figures that are comparable, as the cube's key says (ontology/README.md, "The
cube's key"): same aggregation, same status and same window. The window is the time itself
for a figure of one period (since = the year: annual totals join), else its start (since =
2018: a cumulative figure since 2018 joins only others since 2018, never one since 2019).
A series of one figure is a point, never part of a line.

"More than" / "at least" values (lower bounds) and "nearly" values (upper bounds) are drawn
with an open marker; targets with a dashed line and hollow markers; the legend says so.
Axis numbers are written in 万/亿 on Chinese pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import XSD, Literal, URIRef

from ssvkg.results import QueryResult
from ssvkg.web import i18n

TIME_TYPES = {XSD.gYear, XSD.gYearMonth, XSD.date, XSD.dateTime}
NUMERIC_TYPES = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long,
                 XSD.nonNegativeInteger, XSD.positiveInteger, XSD.short}
_YEAR_START = re.compile(r"^\d{4}(-\d\d)?(-\d\d)?")
_TIME_NAME = re.compile(r"year|period|date|time", re.I)
# Columns that describe a figure without deciding what it measures (attributes, provenance).
_ATTRIBUTE = re.compile(r"^(qualifier|sources?|obs|quote|approximate|summed|figures|discrepancy|primary_report|"
                        r"publisher|published|machine_translated|until|period)(_|$)")
# Columns that split one measure into series that are never joined: aggregation and status.
_SERIES = re.compile(r"^(aggregation|status)(_|$)")
_WINDOW = re.compile(r"^(since|period_?start|start)$")
_Y_PREFERRED = ("value", "total", "annual", "cumulative")
MAX_CHARTS = 12
W, H = 360, 200  # one chart
PAD_L, PAD_R, PAD_T, PAD_B = 62, 14, 14, 30


@dataclass
class Point:
    x: float
    y: float
    label: str  # shown on hover
    xlabel: str
    bound: str = ""  # "lower" (more than, at least), "upper" (nearly), "about" or ""


@dataclass
class Series:
    name: str
    points: list[Point]
    path: str  # "" for a single point: nothing is joined
    target: bool = False


@dataclass
class Chart:
    title: str
    unit: str
    points: list[Point]  # every point of every series
    path: str  # every line of the chart (the series' paths)
    yticks: list[tuple[float, str]] = field(default_factory=list)
    xticks: list[tuple[float, str]] = field(default_factory=list)
    width: int = W
    height: int = H
    series: list[Series] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)  # what the marks mean, in the page language


def _time_key(term) -> str | None:
    if not isinstance(term, Literal):
        return None
    m = _YEAR_START.match(str(term))
    return m.group(0) if m else None


def _time_var(result: QueryResult) -> str | None:
    for var in result.vars:
        values = [r[var] for r in result.rows if var in r]
        if not values:
            continue
        typed = all(isinstance(v, Literal) and v.datatype in TIME_TYPES for v in values)
        named = _TIME_NAME.search(var) and all(_time_key(v) for v in values)
        if typed or named:
            return var
    return None


def _numeric_vars(result: QueryResult, exclude: str) -> list[str]:
    out = []
    for var in result.vars:
        if var == exclude:
            continue
        values = [r[var] for r in result.rows if var in r]
        if values and all(isinstance(v, Literal) and v.datatype in NUMERIC_TYPES for v in values):
            out.append(var)
    out.sort(key=lambda v: _Y_PREFERRED.index(v) if v in _Y_PREFERRED else len(_Y_PREFERRED))
    return out


def bound_of(qualifier) -> str:
    """A qualifier as the side it bounds: "lower" (more than, at least), "upper" (nearly), "about"."""
    if qualifier is None:
        return ""
    text = str(qualifier).lower().rstrip("/").rsplit("/", 1)[-1]
    if any(w in text for w in ("more", "least", ">", "≥", "超过", "至少", "以上")):
        return "lower"
    if any(w in text for w in ("nearly", "<~", "近")):
        return "upper"
    if any(w in text for w in ("about", "~", "约")):
        return "about"
    return ""


def _is_target(status) -> bool:
    return status is not None and "target" in str(status).lower()


def axis_number(value: float, lang: str) -> str:
    """A short axis label: 3.3B / 68.7M in English, 33亿 / 6870万 in Chinese."""
    v = abs(value)
    steps = ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    for size, suffix in steps:
        if v >= size:
            return f"{value / size:.4g}{suffix}"
    return f"{value:.4g}"


def _point_label(t: str, value: Decimal, unit: str, qualifier: str, lang: str) -> str:
    if lang == "zh":
        number = i18n.compact_number(value, "zh") or i18n.format_number(value)
        return f"{t}: {qualifier}{number}{unit}"
    return f"{t}: " + " ".join(w for w in (qualifier, i18n.format_number(value), unit) if w)


def charts_for(result: QueryResult, lang: str, show=str) -> list[Chart]:
    """Small charts for result, or [] when it holds no numbers over time.

    show(term) names a value (a label for an IRI or a notation)."""
    if result.kind != "select" or len(result.rows) < 2:
        return []
    tvar = _time_var(result)
    if tvar is None:
        return []
    nums = _numeric_vars(result, tvar)
    if not nums:
        return []
    yvar = nums[0]
    rest = [v for v in result.vars if v != tvar and v not in nums and not _ATTRIBUTE.match(v)]
    window_var = next((v for v in rest if _WINDOW.match(v)), None)
    series_vars = [v for v in rest if _SERIES.match(v)]
    measure_vars = [v for v in rest if v != window_var and v not in series_vars]
    title_var = next((v for v in measure_vars if not v.startswith("unit")
                      and not v.endswith("_zh" if lang == "en" else "_en")), None)
    unit_var = next((v for v in result.vars if v.startswith("unit")), None)
    qual_var = next((v for v in result.vars if v.startswith("qualifier")), None)
    status_var = next((v for v in series_vars if v.startswith("status")), None)

    # measure -> series -> time -> (value, qualifier term)
    charts: dict[tuple, dict[tuple, dict[str, tuple]]] = {}
    titles, units, series_names, targets = {}, {}, {}, {}
    for r in result.rows:
        t, y = _time_key(r.get(tvar)), r.get(yvar)
        if t is None or y is None:
            continue
        measure = tuple(str(r.get(v, "")) for v in measure_vars)
        since = _time_key(r.get(window_var)) if window_var else None
        window = "" if since is None or since == t else since
        key = tuple(str(r.get(v, "")) for v in series_vars) + (window,)
        charts.setdefault(measure, {}).setdefault(key, {}).setdefault(t, (Decimal(str(y)), r.get(qual_var)))
        titles.setdefault(measure, show(r[title_var]) if title_var and title_var in r
                          else i18n.column_name(yvar, lang))
        if unit_var and unit_var in r:
            u = r[unit_var]
            units.setdefault(measure, i18n.unit_word(str(u), [], lang) if isinstance(u, URIRef) else str(u))
        if key not in series_names:
            # the status is not named: a target's dashed line and the legend say it
            series_names[key] = [show(r[v]) for v in series_vars if v in r and v != status_var]
            targets[key] = _is_target(r.get(status_var)) if status_var else False
    names = {}
    for measure, by_series in charts.items():
        for key, pts in by_series.items():
            window = key[-1]
            if window:  # one figure shows its window (2019–2021); a running total its start
                last = max(pts)
                extra = [f"{window}–{last}" if len(pts) == 1 else i18n.UI[lang]["since"].format(start=window)]
            else:
                extra = []
            names[(measure, key)] = " · ".join(series_names[key] + extra)
    out = []
    for measure, by_series in charts.items():
        if sum(len(pts) for pts in by_series.values()) < 2:
            continue
        out.append(_draw(titles[measure], units.get(measure, ""), by_series,
                         {k: names[(measure, k)] for k in by_series}, targets, lang, show))
        if len(out) == MAX_CHARTS:
            break
    return out


def _draw(title: str, unit: str, by_series: dict, names: dict, targets: dict, lang: str, show) -> Chart:
    ui = i18n.UI[lang]
    times = sorted({t for pts in by_series.values() for t in pts})
    ys = [float(v) for pts in by_series.values() for v, _ in pts.values()]
    lo, hi = min(ys + [0.0]), max(ys)
    if hi == lo:
        hi = lo + 1
    inner_w, inner_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    step = inner_w / max(1, len(times) - 1)
    x_of = {t: round(PAD_L + (i * step if len(times) > 1 else inner_w / 2), 1) for i, t in enumerate(times)}

    def y_of(v: float) -> float:
        return round(PAD_T + inner_h * (1 - (v - lo) / (hi - lo)), 1)

    series, every_point, legend = [], [], []
    bounds_seen = set()
    for key, pts in sorted(by_series.items()):
        points = []
        for t, (v, qual) in sorted(pts.items()):
            bound = bound_of(qual)
            bounds_seen.add(bound)
            qual_word = show(qual) if qual is not None else ""
            points.append(Point(x_of[t], y_of(float(v)), _point_label(t, v, unit, qual_word, lang), t, bound))
        path = "M" + " L".join(f"{p.x},{p.y}" for p in points) if len(points) > 1 else ""
        series.append(Series(names.get(key, ""), points, path, targets.get(key, False)))
        every_point += points
    if "lower" in bounds_seen:
        legend.append(ui["chart_more_than"])
    if "upper" in bounds_seen:
        legend.append(ui["chart_nearly"])
    if any(s.target for s in series):
        legend.append(ui["chart_target"])
    if any(not s.path for s in series) and len(series) > 1:
        legend.append(ui["chart_separate"])
    yticks = [(y_of(v), axis_number(v, lang)) for v in (lo, (lo + hi) / 2, hi)]
    every = max(1, len(times) // 6)  # at most about six labels on the x axis
    xticks = [(x_of[t], t) for i, t in enumerate(times) if i % every == 0 or i == len(times) - 1]
    path = " ".join(s.path for s in series if s.path)
    return Chart(title, unit, every_point, path, yticks, xticks, series=series, legend=legend)
