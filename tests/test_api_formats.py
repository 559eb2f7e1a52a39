"""Every output format, read back with rdflib's own result parsers where they exist."""

import csv
import io
import json

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

import ssvkg
from ssvkg.results import FORMATS, QueryResult, render
from ssvkg.errors import QueryError

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture
def mixed():
    """A result with every kind of term, an unbound cell and awkward characters."""
    rows = [
        {"s": URIRef("https://w3id.org/ssvkg/id/p1"), "label": Literal("乡村教师", lang="zh"),
         "n": Literal("1200", datatype=URIRef(XSD + "integer"))},
        {"s": BNode("b0"), "label": Literal('a "quoted",\ttabbed\nline'),
         "n": Literal("0.5", datatype=URIRef(XSD + "decimal"))},
        {"s": URIRef("https://w3id.org/ssvkg/id/p2")},  # label and n unbound
    ]
    return QueryResult("select", vars=["s", "label", "n"], rows=rows,
                       namespaces={"id": "https://w3id.org/ssvkg/id/"})


def _parsed(text, fmt):
    return Result.parse(io.StringIO(text), format=fmt)


def test_json_is_sparql_results_json(mixed):
    doc = json.loads(render(mixed, "json"))
    assert doc["head"] == {"vars": ["s", "label", "n"]}
    b = doc["results"]["bindings"]
    assert b[0]["s"] == {"type": "uri", "value": "https://w3id.org/ssvkg/id/p1"}
    assert b[0]["label"] == {"type": "literal", "value": "乡村教师", "xml:lang": "zh"}
    assert b[0]["n"] == {"type": "literal", "value": "1200", "datatype": XSD + "integer"}
    assert b[1]["s"] == {"type": "bnode", "value": "b0"}
    assert b[1]["label"] == {"type": "literal", "value": 'a "quoted",\ttabbed\nline'}
    assert b[2] == {"s": {"type": "uri", "value": "https://w3id.org/ssvkg/id/p2"}}


def test_json_round_trips_through_rdflib(mixed):
    back = _parsed(render(mixed, "json"), "json")
    assert [str(v) for v in back.vars] == mixed.vars
    rows = [{str(k): v for k, v in r.asdict().items()} for r in back]
    for got, want in zip(rows, mixed.rows):
        assert {k: v for k, v in got.items() if not isinstance(v, BNode)} == \
               {k: v for k, v in want.items() if not isinstance(v, BNode)}
        assert rows[1]["label"].datatype is None and rows[0]["label"].language == "zh"


def test_csv_parses_back(mixed):
    text = render(mixed, "csv")
    assert text.startswith("s,label,n\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["https://w3id.org/ssvkg/id/p1", "乡村教师", "1200"]
    assert rows[2] == ["_:b0", 'a "quoted",\ttabbed\nline', "0.5"]
    assert rows[3] == ["https://w3id.org/ssvkg/id/p2", "", ""]
    back = _parsed(text, "csv")
    assert [str(v) for v in back.vars] == ["s", "label", "n"]
    assert len(list(back)) == 3


def test_tsv_parses_back_with_types(mixed):
    text = render(mixed, "tsv")
    lines = text.splitlines()
    assert lines[0] == "?s\t?label\t?n"
    assert all(line.count("\t") == 2 for line in lines)
    back = list(_parsed(text, "tsv"))
    assert back[0][0] == URIRef("https://w3id.org/ssvkg/id/p1")
    assert back[0][1] == Literal("乡村教师", lang="zh")
    assert back[0][2] == Literal("1200", datatype=URIRef(XSD + "integer"))
    assert back[1][1] == Literal('a "quoted",\ttabbed\nline')
    assert back[2][1] is None


def test_table_fits_width_and_compacts(mixed):
    text = render(mixed, "table", terminal_width=30)
    lines = text.splitlines()
    assert lines[0].split() == ["s", "label", "n"]
    assert "id:p1" in lines[2]
    assert "…" in text
    from ssvkg.results.terms import width
    assert max(width(l) for l in lines[:-1]) <= 30
    assert lines[-1] == "(3 rows)"


def test_table_keeps_wide_columns_when_room(mixed):
    text = render(mixed, "table", terminal_width=200)
    assert "…" not in text and "乡村教师@zh" in text


def test_markdown_table(mixed):
    lines = render(mixed, "md").splitlines()
    assert lines[0] == "| s | label | n |"
    assert lines[1] == "| --- | --- | --- |"
    assert lines[2] == "| id:p1 | 乡村教师@zh | 1200 |"
    assert lines[4] == "| id:p2 |  |  |"
    assert len(lines) == 5


def test_ask_in_every_tabular_format():
    r = QueryResult("ask", boolean=True)
    assert render(r, "table") == "true\n"
    assert json.loads(render(r, "json")) == {"head": {}, "boolean": True}
    assert _parsed(render(r, "json"), "json").askAnswer is True
    assert "true" in render(r, "csv") and "true" in render(r, "tsv") and "true" in render(r, "md")


def test_graph_formats(mini_root):
    r = ssvkg.run_query("program-names", root=mini_root)
    ttl = render(r)
    assert "@prefix ssv:" in ttl
    assert len(Graph().parse(data=ttl, format="turtle")) == 3
    jl = render(r, "json-ld")
    assert len(Graph().parse(data=jl, format="json-ld")) == 3


def test_graph_result_refuses_tabular_format(mini_root):
    r = ssvkg.run_query("program-names", root=mini_root)
    with pytest.raises(QueryError, match="does not fit a CONSTRUCT/DESCRIBE result"):
        render(r, "csv")
    with pytest.raises(QueryError, match="does not fit a SELECT/ASK result"):
        render(QueryResult("ask", boolean=True), "turtle")


def test_real_query_in_every_format(mini_root):
    r = ssvkg.run_query("programs-by-pillar", root=mini_root)
    for fmt in ("table", "csv", "tsv", "json", "md"):
        assert "Rural Teachers" in render(r, fmt)
    back = _parsed(render(r, "json"), "json")
    assert [tuple(x) for x in back] == [tuple(row[v] for v in r.vars) for row in r.rows]
    assert set(FORMATS) == {"table", "csv", "tsv", "json", "md", "turtle", "json-ld"}
