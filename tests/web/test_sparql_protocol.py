"""The SPARQL 1.1 Protocol at /sparql: plain HTTP and a real client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.error import HTTPError
from urllib.parse import urlencode

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from webhelpers import fetch

PROGRAM = "https://w3id.org/ssvkg/id/program-rural-teachers"
SELECT = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?s ?label WHERE { ?s a <https://w3id.org/ssvkg/ontology#Program> ; rdfs:label ?label "
          "FILTER(lang(?label) = 'en') } ORDER BY ?label")
CONSTRUCT = f"CONSTRUCT {{ <{PROGRAM}> ?p ?o }} WHERE {{ <{PROGRAM}> ?p ?o }}"
# Every triple against every triple, four times over: far too slow for half a second.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def client(url: str, query: str, fmt=JSON, method=None) -> SPARQLWrapper:
    w = SPARQLWrapper(url + "/sparql")
    w.setQuery(query)
    w.setReturnFormat(fmt)
    if method:
        w.setMethod(method)
    w.setTimeout(30)
    return w


# -- SPARQLWrapper ------------------------------------------------------------------

@pytest.mark.parametrize("method", [None, POST])
def test_client_select_json(web_url, method):
    res = client(web_url, SELECT, JSON, method).queryAndConvert()
    assert [b["label"]["value"] for b in res["results"]["bindings"]] == ["Rural Teachers", "Village Clinics"]
    assert res["results"]["bindings"][0]["label"]["xml:lang"] == "en"


def test_client_select_xml(web_url):
    doc = client(web_url, SELECT, XML).queryAndConvert()  # an xml.dom.minidom Document
    literals = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert literals == ["Rural Teachers", "Village Clinics"]


def test_client_select_csv_tsv(web_url):
    rows = list(csv.reader(io.StringIO(client(web_url, SELECT, CSV).queryAndConvert().decode())))
    assert rows == [["s", "label"], [PROGRAM, "Rural Teachers"],
                    ["https://w3id.org/ssvkg/id/program-clinics", "Village Clinics"]]
    tsv = client(web_url, SELECT, TSV).queryAndConvert().decode().splitlines()
    assert tsv[0] == "?s\t?label" and tsv[1] == f'<{PROGRAM}>\t"Rural Teachers"@en'


def test_client_ask(web_url):
    assert client(web_url, f"ASK {{ <{PROGRAM}> ?p ?o }}").queryAndConvert()["boolean"] is True
    assert client(web_url, "ASK { <urn:x:nothing> ?p ?o }").queryAndConvert()["boolean"] is False


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD, XML])
def test_client_construct(web_url, fmt):
    g = client(web_url, CONSTRUCT, fmt).queryAndConvert()
    if not isinstance(g, Graph):
        g = Graph().parse(data=g, format={TURTLE: "turtle", JSONLD: "json-ld"}[fmt])
    assert (URIRef(PROGRAM), None, None) in g and len(g) >= 8


def test_client_update_refused(web_url):
    # SPARQLWrapper sends an update as update=…, which the endpoint forbids
    w = client(web_url, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", JSON, POST)
    with pytest.raises(HTTPError) as e:
        w.query()
    assert e.value.code == 403 and b"read-only" in e.value.read()
    assert client(web_url, "ASK { <urn:a> ?p ?o }").queryAndConvert()["boolean"] is False


def test_client_syntax_error(web_url):
    with pytest.raises(QueryBadFormed, match="syntax error"):
        client(web_url, "SELECT ?s WHERE { ?s ?p }").query()


# -- the protocol over plain HTTP ---------------------------------------------------

def test_get(web_url):
    r = fetch(web_url + "/sparql?" + urlencode({"query": SELECT}), "application/sparql-results+json")
    assert r.status == 200 and r.type == "application/sparql-results+json"
    assert len(json.loads(r.body)["results"]["bindings"]) == 2


def test_default_format_is_json(web_url):
    r = fetch(web_url + "/sparql?" + urlencode({"query": SELECT}))  # no Accept
    assert r.type == "application/sparql-results+json"
    r = fetch(web_url + "/sparql?" + urlencode({"query": SELECT}), "*/*")
    assert r.type == "application/sparql-results+json"


def test_post_form_and_direct(web_url):
    form = fetch(web_url + "/sparql", "text/csv", data=urlencode({"query": SELECT}).encode(),
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status == 200 and form.type == "text/csv" and "Village Clinics" in form.text
    direct = fetch(web_url + "/sparql", "application/sparql-results+xml", data=SELECT.encode(),
                   headers={"Content-Type": "application/sparql-query"})
    assert direct.status == 200 and direct.type == "application/sparql-results+xml"
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert len(ET.fromstring(direct.body).findall(".//r:result", ns)) == 2
    wrong = fetch(web_url + "/sparql", data=SELECT.encode(), headers={"Content-Type": "text/plain"})
    assert wrong.status == 415


@pytest.mark.parametrize("accept,media", [
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
])
def test_select_accept(web_url, accept, media):
    assert fetch(web_url + "/sparql?" + urlencode({"query": SELECT}), accept).type == media


@pytest.mark.parametrize("accept,media,fmt", [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_accept(web_url, accept, media, fmt):
    r = fetch(web_url + "/sparql?" + urlencode({"query": CONSTRUCT}), accept)
    assert r.type == media and (URIRef(PROGRAM), None, None) in Graph().parse(data=r.body, format=fmt)


def test_refusals(web_url):
    def get(**params):
        return fetch(web_url + "/sparql?" + urlencode(params), "application/sparql-results+json")

    r = get(update="INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert r.status == 403 and "read-only" in r.text
    r = fetch(web_url + "/sparql", data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status == 403
    r = get(query="DELETE WHERE { ?s ?p ?o }")
    assert r.status == 400 and "SPARQL Update is not allowed" in r.text
    r = get(query="SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert r.status == 400 and "SERVICE is not allowed" in r.text
    r = get(query=SELECT, **{"default-graph-uri": "urn:g"})
    assert r.status == 400 and "must list all the graphs" in r.text
    r = fetch(web_url + "/sparql?" + urlencode([("query", SELECT), ("query", SELECT)]))
    assert r.status == 400
    assert get(query="  ").status == 400


def test_dataset_of_all_graphs(web_url):
    """Naming every graph as the default graph is the union the endpoint serves anyway."""
    graphs = [f"https://w3id.org/ssvkg/graph/{p}" for p in (
        "ontology/core", "figures", "organization", "programs")]
    r = fetch(web_url + "/sparql?" + urlencode([("query", SELECT)] + [("default-graph-uri", g) for g in graphs]),
              "application/sparql-results+json")
    assert r.status == 200 and len(json.loads(r.body)["results"]["bindings"]) == 2


def test_query_page(web_url):
    r = fetch(web_url + "/sparql", "text/html")
    assert r.status == 200 and '<textarea name="query"' in r.text and "SELECT ?class" in r.text
    r = fetch(web_url + "/sparql?" + urlencode({"query": SELECT, "format": "html"}))
    assert r.type == "text/html" and 'id="results"' in r.text and 'href="/id/program-clinics"' in r.text
    r = fetch(web_url + "/sparql?" + urlencode({"query": "SELECT WHERE"}), "text/html")
    assert r.status == 400 and 'id="error"' in r.text and "SELECT WHERE" in r.text


# -- limits ---------------------------------------------------------------------

def test_time_limit(strict_url):
    r = fetch(strict_url + "/sparql?" + urlencode({"query": SLOW}))
    assert r.status == 503 and "0.5 seconds" in r.text
    # the runaway query was stopped: the next one answers at once
    r = fetch(strict_url + "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert r.status == 200 and json.loads(r.body)["boolean"] is True


def test_result_limit(strict_url):
    r = fetch(strict_url + "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert r.status == 400 and "more than the server's limit of 3" in r.text
    r = fetch(strict_url + "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}))
    assert r.status == 200
    r = fetch(strict_url + "/queries/programs.json?contains=zzz")
    assert r.status == 200
    html = fetch(strict_url + "/queries/metric-in-year", "text/html")
    assert html.status == 200  # 2 rows


def test_request_size_limits(strict_url):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 4000
    r = fetch(strict_url + "/sparql", data=urlencode({"query": big}).encode(),
              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 413 and "2048 bytes" in r.text
    r = fetch(strict_url + "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o } #" + "x" * 1100}))
    assert r.status == 413 and "1024 characters" in r.text


def test_client_sees_errors(strict_url):
    with pytest.raises(HTTPError) as e:
        client(strict_url, SLOW).query()
    assert e.value.code == 503


def test_the_endpoint_knows_the_projects_prefixes(web_url):
    res = client(web_url, "SELECT ?s WHERE { ?s a ssv:Program } ORDER BY ?s").queryAndConvert()
    assert PROGRAM in [b["s"]["value"] for b in res["results"]["bindings"]]
    # a query that declares the prefix keeps its own meaning of it
    own = client(web_url, "PREFIX ssv: <http://example.org/> SELECT ?s WHERE { ?s a ssv:Program }").queryAndConvert()
    assert own["results"]["bindings"] == []
