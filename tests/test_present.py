"""The presentation layer (ssvkg.present): tables and Markdown speak SSV, never RDF.

Checked on every named query with every golden parameter set, in English and Chinese:
no language tag, no CURIE or IRI where the graph has a label, every number whole
(also in a table squeezed to 80 columns), qualifiers written one way.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef, XSD

import ssvkg
from ssvkg.errors import QueryError
from ssvkg.present import Labels, labels_from_rows, present, read_labels, render_human, render_table
from ssvkg.present.numbers import format_number, number
from ssvkg.present.table import wrap
from ssvkg.results import QueryResult, render
from ssvkg.results.terms import compact

from golden.params import ID, RUNS

SSVC = "https://w3id.org/ssvkg/concept/"
MORE = URIRef(SSVC + "qualifier-more-than")
CNY = URIRef("http://qudt.org/vocab/currency/CNY")
RUN_IDS = [(q.name, p) for q in ssvkg.list_queries() for p in RUNS.get(q.name, [{}])]
SELECT_RUNS = [(q.name, p) for q in ssvkg.list_queries() if q.kind == "SELECT" for p in RUNS.get(q.name, [{}])]
NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.nonNegativeInteger}


@pytest.fixture(scope="module")
def kg():
    with ssvkg.open() as graph:
        yield graph


@pytest.fixture(scope="module")
def labels(kg):
    return read_labels(kg)


@pytest.fixture(scope="module")
def results(kg):
    return {(n, str(p)): kg.run(n, p) for n, p in RUN_IDS}


def _qualifier_labels():
    rows = [{"s": MORE, "p": URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), "l": Literal("more than", lang="en")},
            {"s": MORE, "p": URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), "l": Literal("超过", lang="zh")},
            {"s": MORE, "p": URIRef("http://www.w3.org/2004/02/skos/core#notation"), "l": Literal(">")}]
    return labels_from_rows(rows)


# --- the rules, on made-up results ------------------------------------------------------

@pytest.mark.parametrize("qualifier", [MORE, Literal(">"), Literal("more than")])
def test_a_qualifier_is_written_one_way_whatever_the_column_holds(qualifier):
    result = QueryResult("select", ["value", "unit", "qualifier"],
                         [{"value": Literal(3300000000, datatype=XSD.integer), "unit": CNY, "qualifier": qualifier}])
    en = present(result, _qualifier_labels(), "en")
    zh = present(result, _qualifier_labels(), "zh")
    assert en.headers == ["value"] and en.rows == [["more than 3,300,000,000 yuan (3.3 billion)"]]
    assert zh.rows == [["超过3,300,000,000元（33亿元）"]]


def test_label_pairs_become_one_column_in_the_chosen_language_without_tags():
    result = QueryResult("select", ["label_en", "label_zh"],
                         [{"label_en": Literal("Tianlai Action", lang="en"), "label_zh": Literal("天籁行动", lang="zh")}])
    assert present(result, Labels(), "en").rows == [["Tianlai Action"]]
    assert present(result, Labels(), "zh").rows == [["天籁行动"]]
    assert present(result, Labels(), "zh").headers == ["名称"]


@pytest.mark.parametrize("width", [10, 20, 30])
def test_a_narrow_table_wraps_text_and_never_cuts_a_number(width):
    result = QueryResult("select", ["value", "quote"], [{
        "value": Literal(3300000000, datatype=XSD.integer),
        "quote": Literal("In 2022, 99 Public Welfare Day participated in more than 100 million users"),
    }])
    text = render_table(present(result, Labels(), "en"), width)
    assert "3,300,000,000" in text and "…" not in text
    if width >= 30:  # wide enough for every word: text wraps at spaces, nothing is cut
        assert "Welfare" in text and "participated" in text


def test_wrap_breaks_between_chinese_characters_but_not_inside_numbers():
    assert wrap("公众筹集善款人民币总额超过33亿元", 8) == ["公众筹集", "善款人民", "币总额超", "过33亿元"]
    assert wrap("1,234,567,890", 4) == ["1,234,567,890"]


# --- every named query, every golden parameter set ---------------------------------------

@pytest.mark.parametrize("fmt", ["table", "md"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name,params", RUN_IDS, ids=lambda x: str(x))
def test_human_formats_show_labels_and_whole_numbers(results, labels, name, params, lang, fmt):
    result = results[(name, str(params))]
    squeezed = render_human(result, fmt, labels, lang, terminal_width=80)
    text = render_human(result, fmt, labels, lang)
    assert not re.search(r"@(en|zh)\b", text), text[:500]
    shown = text  # the IRIs of labelled resources, outside the free text of literals
    for literal in sorted({str(t) for r in result.rows for t in r.values() if isinstance(t, Literal)}, key=len,
                          reverse=True):
        shown = shown.replace(literal, "")
    for row in result.rows:
        for term in row.values():
            if isinstance(term, URIRef) and labels.name(str(term), lang):
                assert str(term) not in shown, f"{name}: IRI {term} shown although it has a label"
                curie = compact(str(term), labels.namespaces)
                assert not re.search(re.escape(curie) + r"(?![\w-])", shown), f"{name}: {curie} shown"
            if isinstance(term, Literal) and term.datatype in NUMERIC:
                digits = format_number(number(term)).replace(",", "")
                for out in (text, squeezed):
                    assert digits in out.replace(",", ""), f"{name}: number {term} cut or missing"


def test_csv_keeps_iris_and_typed_values(results):
    text = render(results[("giving-day-by-year", "{}")], "csv")
    assert str(MORE) in text and "http://qudt.org/vocab/currency/CNY" in text and "3300000000" in text


def test_qualifiers_are_rendered_identically_across_all_queries(results, labels):
    seen = {"en": set(), "zh": set()}
    for result in results.values():
        for lang in ("en", "zh"):
            display = present(result, labels, lang)
            for row, shown in zip(result.rows, display.rows):
                for var, term in row.items():
                    if var.startswith("qualifier"):
                        assert isinstance(term, URIRef) and str(term).startswith(SSVC + "qualifier-"), \
                            f"{var} holds {term!r}, not a qualifier concept"
                        word = labels.name(str(term), lang)
                        cell = next(c for c in shown if c.startswith(word))
                        sep = " " if lang == "en" else ""
                        assert re.match(re.escape(word + sep) + r"\d", cell), cell
                        seen[lang].add(word)
    assert "more than" in seen["en"] and "超过" in seen["zh"]


def test_chinese_output_has_chinese_labels(results, labels):
    text = render_human(results[("programs-by-pillar", "{}")], "table", labels, "zh")
    assert "天籁行动" in text and "B · 产业" in text and "Tianlai Action" not in text
    text = render_human(results[("programs-by-pillar", "{}")], "table", labels, "en")
    assert "Tianlai Action" in text and "B · industries" in text and "天籁行动" not in text


def test_english_only_label_columns_and_notations_are_shown_in_chinese(results, labels):
    # figures-by-year returns metric_en and about_en only, aggregation and status as notations
    text = render_human(results[("figures-by-year", "{}")], "table", labels, "zh")
    assert "公众捐款总额" in text and "2022年99公益日" in text and "期内合计" in text and "实际完成" in text
    assert "public donation" not in text and "period-total" not in text
    header = text.splitlines()[0]
    assert "统计口径" in header and "指标" in header and "aggregation" not in header  # ssv:aggregation@zh


def test_sdg_goals_are_shown_by_name(results, labels):
    text = render_human(results[("sdg-alignment", "{}")], "table", labels, "en")
    assert "SDG 17: Partnerships for the goals" in text and "metadata.un.org" not in text
    text = render_human(results[("sdg-alignment", "{}")], "table", labels, "zh")
    assert "可持续发展目标17:促进目标实现的伙伴关系" in text


def test_source_documents_are_shown_by_title(results, labels):
    text = render_human(results[("figure-provenance", "{}")], "table", labels, "en")
    assert "Kuai Keji" in text and "004_588806172c67b95f" not in text


# --- parameters people can type ------------------------------------------------------------

@pytest.mark.parametrize("value", ["program-99-giving-day", "ssvd:program-99-giving-day",
                                   ID + "program-99-giving-day", "99 Giving Day", "99 giving  DAY", "99公益日"])
def test_an_iri_parameter_accepts_name_curie_iri_and_labels(kg, value):
    rows = kg.run("program-figures", {"program": value}).rows
    assert rows and {str(r["obs"]) for r in rows} == {str(r["obs"]) for r in kg.run("program-figures").rows}


def test_an_unknown_value_names_the_closest_matches(kg):
    with pytest.raises(QueryError, match=r"nothing in the graph is called '99 giving dya'; did you mean 99 Giving Day"):
        kg.run("program-figures", {"program": "99 giving dya"})


def test_an_ambiguous_label_lists_the_matches():
    from ssvkg.queries.params import Param
    from ssvkg.queries.resolve import Candidate, resolve

    found = {i: Candidate(i, {"en": "Shared name"}, {"Shared name"}) for i in (ID + "a", ID + "b")}
    with pytest.raises(QueryError, match=r"names 2 resources: Shared name \(ssvd:a\); Shared name \(ssvd:b\)"):
        resolve(Param("program", "_program_iri", True, "iri"), "shared name", found, {"ssvd": ID}, "q")


def test_an_unknown_query_name_suggests_the_nearest(kg):
    with pytest.raises(QueryError, match=r"did you mean programs-by-pillar"):
        kg.query("programs-by-pilar")


def test_query_show_lists_the_values_of_an_iri_parameter(cli):
    out = cli("query", "show", "program-figures").output
    assert "program-99-giving-day  99 Giving Day  99公益日" in out


def test_a_default_used_is_said_on_stderr(cli):
    from click.testing import CliRunner

    from ssvkg.cli import main

    result = CliRunner().invoke(main, ["query", "run", "figures-by-year", "-F", "csv"])
    assert "used the default year=2022" in result.stderr and "used the default" not in result.stdout


# --- ad-hoc SPARQL knows the project's prefixes ------------------------------------------

def test_sparql_without_prefix_lines_uses_the_projects_prefixes(kg):
    rows = kg.sparql("SELECT ?p WHERE { ?p a ssv:Program }").rows
    assert ID + "program-99-giving-day" in {str(r["p"]) for r in rows}


def test_a_query_that_declares_a_prefix_keeps_its_own(kg):
    text = "PREFIX ssv: <http://example.org/>\nSELECT ?p WHERE { ?p a ssv:Program }"
    assert kg.sparql(text).rows == []


def test_the_cli_runs_sparql_without_prefix_lines(cli):
    out = cli("sparql", "SELECT ?p WHERE { ?p a ssv:Program } ORDER BY ?p LIMIT 1", "-F", "csv").output
    assert out.startswith("p\r\nhttps://w3id.org/ssvkg/id/program-") or out.startswith("p\nhttps://w3id.org/ssvkg/id/program-")


def test_the_plain_table_of_the_python_api_does_not_cut_numbers_either():
    result = QueryResult("select", ["value", "quote"], [{
        "value": Literal(3300000000, datatype=XSD.integer), "quote": Literal("x" * 200)}])
    text = render(result, "table", terminal_width=30)
    assert "3300000000" in text and "x…" in text


def test_a_required_iri_parameter_left_out_fails_listing_the_values():
    from ssvkg.queries.params import Param
    from ssvkg.queries.resolve import resolve_values

    class Store:  # answers the candidates query with two programs
        def namespaces(self):
            return {"ssvd": ID}

        def query(self, text):
            assert "ontology#Program>" in text
            return QueryResult("select", ["s", "l"], [
                {"s": URIRef(ID + "program-a"), "l": Literal("Program A", lang="en")},
                {"s": URIRef(ID + "program-b"), "l": Literal("Program B", lang="en")}])

    params = {"program": Param("program", "_program_iri", True, "iri")}
    with pytest.raises(QueryError, match=r"needs parameter program .*Program A \(ssvd:program-a\); Program B"):
        resolve_values(params, {}, Store(), "q")
    assert resolve_values(params, {"program": "program b"}, Store(), "q") == {"program": ID + "program-b"}


@pytest.mark.parametrize("name,params", SELECT_RUNS, ids=str)
def test_the_labels_a_result_needs_render_it_as_all_labels_do(kg, results, labels, name, params):
    # read_labels(kg, result) has the worker send back only the rows the table needs (keep=):
    # the tables must be the same as with every label of the graph, in both languages
    result = results[(name, str(params))]
    needed = read_labels(kg, result)
    assert len(needed.names) < len(labels.names)  # it did filter
    for lang in ("en", "zh"):
        for fmt in ("table", "md"):
            assert render_human(result, fmt, needed, lang) == render_human(result, fmt, labels, lang), (lang, fmt)
