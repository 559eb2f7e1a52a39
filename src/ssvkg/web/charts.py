"""Numbers over time in a SELECT result, drawn as small line charts (server-side SVG).

A result gets charts when it has a time column (years, dates, or a column named
like year/period/date with values starting with a year) and a numeric column.
A third column with a few distinct values (the metric, the program) splits the
rows into series; each series gets its own small chart and its own scale,
because series often have different units (yuan beside counts).
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
MAX_SERIES = 12
W, H = 340, 190  # one chart
PAD_L, PAD_R, PAD_T, PAD_B = 62, 14, 14, 30


@dataclass
class Point:
    x: float
    y: float
    label: str  # shown on hover
    xlabel: str


@dataclass
class Chart:
    title: str
    unit: str
    points: list[Point]
    path: str
    yticks: list[tuple[float, str]] = field(default_factory=list)
    xticks: list[tuple[float, str]] = field(default_factory=list)
    width: int = W
    height: int = H


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
    out.sort(key=lambda v: v != "value")  # "value" first when there is one
    return out


def _series_var(result: QueryResult, exclude: set[str], lang: str) -> str | None:
    candidates = []
    for var in result.vars:
        if var in exclude:
            continue
        values = {str(r[var]) for r in result.rows if var in r}
        if 2 <= len(values) <= MAX_SERIES * 4:
            other_lang = var.endswith("_zh" if lang == "en" else "_en")
            candidates.append((other_lang, var.startswith(("unit", "qualifier", "source", "obs")),
                               result.vars.index(var), var))
    return min(candidates)[3] if candidates else None


def _compact(value: float) -> str:
    v = abs(value)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if v >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def charts_for(result: QueryResult, lang: str, show=str) -> list[Chart]:
    """Small line charts for result, or [] when it holds no numbers over time.

    show(term) names a series value (a label for an IRI)."""
    if result.kind != "select" or len(result.rows) < 2:
        return []
    tvar = _time_var(result)
    if tvar is None:
        return []
    nums = _numeric_vars(result, tvar)
    if not nums:
        return []
    yvar = nums[0]
    svar = _series_var(result, {tvar, *nums}, lang)
    unit_var = next((v for v in result.vars if v.startswith("unit")), None)

    series: dict[str, dict[str, Decimal]] = {}
    units: dict[str, str] = {}
    names: dict[str, str] = {}
    for r in result.rows:
        t, y = _time_key(r.get(tvar)), r.get(yvar)
        if t is None or y is None:
            continue
        key = str(r.get(svar, "")) if svar else ""
        names.setdefault(key, show(r[svar]) if svar and svar in r else yvar)
        series.setdefault(key, {}).setdefault(t, Decimal(str(y)))  # first row per time wins
        if unit_var and unit_var in r:
            u = r[unit_var]
            units.setdefault(key, i18n.unit_word(str(u), [], lang) if isinstance(u, URIRef) else str(u))
    charts = []
    for key, pts in series.items():
        if len(pts) < 2:
            continue
        charts.append(_draw(names[key], units.get(key, ""), sorted(pts.items())))
        if len(charts) == MAX_SERIES:
            break
    return charts


def _draw(title: str, unit: str, pts: list[tuple[str, Decimal]]) -> Chart:
    ys = [float(v) for _, v in pts]
    lo, hi = min(ys + [0.0]), max(ys)
    if hi == lo:
        hi = lo + 1
    inner_w, inner_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    step = inner_w / (len(pts) - 1)

    def y_of(v: float) -> float:
        return PAD_T + inner_h * (1 - (v - lo) / (hi - lo))

    points = [Point(round(PAD_L + i * step, 1), round(y_of(float(v)), 1),
                    f"{t}: {i18n.format_number(v)}{(' ' + unit) if unit else ''}", t)
              for i, (t, v) in enumerate(pts)]
    path = "M" + " L".join(f"{p.x},{p.y}" for p in points)
    yticks = [(round(y_of(v), 1), _compact(v)) for v in (lo, (lo + hi) / 2, hi)]
    every = max(1, len(points) // 6)  # at most about six labels on the x axis
    xticks = [(p.x, p.xlabel) for i, p in enumerate(points) if i % every == 0 or i == len(points) - 1]
    return Chart(title, unit, points, path, yticks, xticks)
