"""The web package's small parts: IRI mapping, content negotiation, charts, result formats.

The limits on queries are tested with the executor (tests/executor)."""

from __future__ import annotations

import pytest
from rdflib import XSD, Literal, URIRef

from ssvkg.results import QueryResult
from ssvkg.web import charts, i18n, iris, negotiation
from ssvkg.web.formats import result_bytes


@pytest.mark.parametrize("iri,path", [
    ("https://w3id.org/ssvkg/id/program-x", "/id/program-x"),
    ("https://w3id.org/ssvkg/concept/cbs-S", "/concept/cbs-S"),
    ("https://w3id.org/ssvkg/ontology#Program", "/ontology/Program"),
    ("https://w3id.org/ssvkg/ontology", "/ontology"),
    ("http://qudt.org/vocab/unit/NUM", "/resource?iri=http%3A%2F%2Fqudt.org%2Fvocab%2Funit%2FNUM"),
    ("https://w3id.org/ssvkg/graph/curated/x", "/resource?iri=https%3A%2F%2Fw3id.org%2Fssvkg%2Fgraph%2Fcurated%2Fx"),
])
def test_iri_paths(iri, path):
    assert iris.path_for(iri) == path
    if not path.startswith("/resource"):
        assert iris.iri_for(path.lstrip("/")) == iri


def test_safe_iris():
    assert iris.is_safe_iri("https://w3id.org/ssvkg/id/x")
    assert not iris.is_safe_iri("https://x/a> <b")
    assert not iris.is_safe_iri("no-scheme")


def test_accept():
    table = {"html": negotiation.HTML, **negotiation.RDF_FORMATS}
    assert negotiation.choose("text/turtle", table, "html") == "turtle"
    assert negotiation.choose("application/ld+json;q=0.5, text/turtle;q=0.8", table, "html") == "turtle"
    assert negotiation.choose("*/*", table, "html") == "html"
    assert negotiation.choose(None, table, "html") == "html"
    assert negotiation.choose("image/png", table, "html") is None
    assert negotiation.choose("text/*", table, "html") == "html"
    assert negotiation.choose("text/turtle;q=0", table, "html") is None


def test_numbers():
    assert i18n.format_number(i18n.number(Literal(3300000000))) == "3,300,000,000"
    assert i18n.format_number(i18n.number(Literal("24.40", datatype=XSD.decimal))) == "24.4"
    assert i18n.compact_number(i18n.number(Literal(3300000000)), "en") == "3.3 billion"
    assert i18n.compact_number(i18n.number(Literal(3300000000)), "zh") == "33亿"
    assert i18n.compact_number(i18n.number(Literal(58160000)), "zh") == "5816万"
    assert i18n.compact_number(i18n.number(Literal(999)), "en") == ""


def test_pick_label():
    labels = [Literal("Tencent", lang="en"), Literal("腾讯", lang="zh-Hans")]
    assert i18n.pick(labels, "zh") == labels[1]
    assert i18n.pick(labels, "en") == labels[0]
    assert i18n.pick([Literal("plain")], "zh") == Literal("plain")
    assert i18n.pick([], "en") is None


def _series(rows):
    return QueryResult("select", vars=["year", "metric", "value"], rows=[
        {"year": Literal(y, datatype=XSD.gYear), "metric": Literal(m), "value": Literal(v)}
        for y, m, v in rows])


def test_chart_detection():
    result = _series([("2020", "a", 1), ("2021", "a", 3), ("2022", "a", 2), ("2021", "b", 5), ("2022", "b", 9),
                      ("2022", "c", 1)])
    drawn = charts.charts_for(result, "en")
    assert [c.title for c in drawn] == ["a", "b"]  # c has one point: no line
    a = drawn[0]
    assert [p.xlabel for p in a.points] == ["2020", "2021", "2022"]
    assert a.points[1].y < a.points[2].y < a.points[0].y  # 3 highest, then 2, then 1 (SVG y grows down)
    assert a.path.startswith("M")


def test_no_chart_without_time_or_numbers():
    assert charts.charts_for(QueryResult("select", vars=["s"], rows=[{"s": URIRef("urn:a")}] * 3), "en") == []
    words = QueryResult("select", vars=["year", "name"], rows=[
        {"year": Literal("2020", datatype=XSD.gYear), "name": Literal("x")},
        {"year": Literal("2021", datatype=XSD.gYear), "name": Literal("y")}])
    assert charts.charts_for(words, "en") == []
    assert charts.charts_for(QueryResult("ask", boolean=True), "en") == []


def test_result_xml_and_turtle():
    result = _series([("2020", "a", 1)])
    xml, media = result_bytes(result, "xml")
    assert media.startswith("application/sparql-results+xml") and b"<variable name=\"year\"" in xml
    ttl, media = result_bytes(result, "turtle")
    assert media.startswith("text/turtle") and b"rs:ResultSet" in ttl
    xml, _ = result_bytes(QueryResult("ask", boolean=False), "xml")
    assert b"<boolean>false</boolean>" in xml




def _rd(rows):
    """Rows shaped like rd-spending-by-year: year, aggregation, since, value, qualifier, status."""
    return QueryResult("select", vars=["year", "aggregation", "since", "value", "qualifier", "status"], rows=[
        {k: v for k, v in {
            "year": Literal(y, datatype=XSD.gYear), "aggregation": Literal(a),
            "since": Literal(s, datatype=XSD.gYear), "value": Literal(v),
            "qualifier": Literal(q, lang="en") if q else None, "status": Literal(st)}.items() if v is not None}
        for y, a, s, v, q, st in rows])


# R&D spending as the sources state it: 518.8亿 (2021), more than 614亿 (2022), more than 1200亿 over
# 2019–2021 and more than 2200亿 over 2018–2022 (002, 000/004).
RD = [("2021", "period-total", "2021", 51880000000, None, "actual"),
      ("2022", "period-total", "2022", 61400000000, "more than", "actual"),
      ("2021", "cumulative", "2019", 120000000000, "more than", "actual"),
      ("2022", "cumulative", "2018", 220000000000, "more than", "actual")]


def test_chart_joins_only_comparable_figures():
    (chart,) = charts.charts_for(_rd(RD), "en")
    joined = [s for s in chart.series if s.path]
    assert [s.name for s in joined] == ["period-total"]
    assert [p.xlabel for p in joined[0].points] == ["2021", "2022"]
    alone = sorted(s.name for s in chart.series if not s.path)
    assert alone == ["cumulative · 2018–2022", "cumulative · 2019–2021"]  # two windows: two points, no line
    assert all(len(s.points) == 1 for s in chart.series if not s.path)
    assert chart.path.count("M") == 1


def test_chart_joins_a_running_total_with_one_start():
    rows = [("2021", "cumulative", "2018", 100, None, "actual"), ("2022", "cumulative", "2018", 150, None, "actual")]
    (chart,) = charts.charts_for(_rd(rows), "en")
    assert [s.name for s in chart.series] == ["cumulative · since 2018"] and chart.series[0].path


def test_chart_marks_bounds_and_targets():
    rows = RD[:2] + [("2023", "period-total", "2023", 70000000000, "nearly", "target"),
                     ("2024", "period-total", "2024", 80000000000, None, "target")]
    (chart,) = charts.charts_for(_rd(rows), "en")
    result, target = sorted(chart.series, key=lambda s: s.target)
    assert not result.target and target.target and target.path  # targets: their own (dashed) line
    assert [p.bound for p in result.points] == ["", "lower"]
    assert [p.bound for p in target.points] == ["upper", ""]
    assert i18n.UI["en"]["chart_more_than"] in chart.legend and i18n.UI["en"]["chart_nearly"] in chart.legend
    assert i18n.UI["en"]["chart_target"] in chart.legend


def test_chart_axis_in_wan_and_yi():
    (chart,) = charts.charts_for(_rd(RD), "zh")
    assert [label for _, label in chart.yticks] == ["0", "1100亿", "2200亿"]
    assert charts.axis_number(68700000, "zh") == "6870万" and charts.axis_number(68700000, "en") == "68.7M"
    point = next(p for s in chart.series for p in s.points if p.xlabel == "2021" and not s.path)
    assert point.label.endswith("1200亿")


def test_bound_of_qualifier_forms():
    assert [charts.bound_of(q) for q in ("more than", ">", "超过", "at-least", "nearly", "<~", "近", "about", None)] \
        == ["lower"] * 4 + ["upper"] * 3 + ["about", ""]


def test_every_result_column_has_a_chinese_header(repo_root):
    """The 中文 pages' table headers: every column of every named query of the repository."""
    import ssvkg

    with ssvkg.open(repo_root, cache_dir="off") as kg:
        columns = {v for q in kg.queries() if q.kind == "SELECT" for v in kg.run(q.name).vars}
    assert len(columns) > 50
    untranslated = sorted(v for v in columns if i18n.column_name(v, "zh") == v)
    assert untranslated == []
    assert i18n.column_name("label_en", "zh") == "名称（英文）" and i18n.column_name("label_en", "en") == "label_en"
    assert i18n.column_name("no_such_column", "zh") == "no_such_column"


def test_ui_catalogue_has_both_languages():
    assert set(i18n.UI["en"]) == set(i18n.UI["zh"])
    for key, text in i18n.UI["zh"].items():
        assert text == i18n.UI["en"][key] or any("\u4e00" <= ch <= "\u9fff" for ch in text), key


def test_every_query_tag_has_a_chinese_name(repo_root):
    import ssvkg

    tags = {t for q in ssvkg.list_queries(repo_root) for t in q.tags}
    assert tags and sorted(t for t in tags if i18n.tag_name(t, "zh") == t and t not in ("cbs", "rdf")) == []
    assert i18n.tag_name("figures", "en") == "figures"
