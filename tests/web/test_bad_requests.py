"""Hostile and broken requests: a 4xx with one sentence, never a 500; no URL made from the Host header.

Requests go out with http.client exactly as written, so percent-escapes, '..'
segments and a forged Host header reach the server unchanged. The rule for IRIs:
400 when the address cannot stand for an IRI at all (no graph could hold it),
404 when it is a well-formed IRI the graph has nothing about.
"""

from __future__ import annotations

import html
import http.client
import json
import re
from urllib.parse import urlsplit

import pytest

ROOTS = ["/id/", "/concept/", "/ontology/"]
# Characters no IRI may hold, percent-encoded as an attacker would send them.
BAD_CHARS = ["%20", "%3Cscript%3E", "%22", "%7B", "%5C", "%00", "%7F", "%60", "%0A", "%0D", "%09"]
HOSTILE_HOST = "hostile-host.example"


class Answer:
    def __init__(self, status: int, media: str, body: str, headers: dict):
        self.status, self.media, self.body, self.headers = status, media, body, headers

    @property
    def message(self) -> str:
        """The error sentence: the whole text body, or the page's error paragraph."""
        if self.media == "text/html":
            m = re.search(r'<p class="error" id="error">(.*?)</p>', self.body, re.S)
            assert m, f"no error paragraph in the page: {self.body[:300]!r}"
            return html.unescape(m.group(1))
        return self.body


def send(base: str, target: str, accept: str = "text/plain", host: str | None = None) -> Answer:
    """GET target (path and query, sent byte for byte) from the server at base."""
    where = urlsplit(base)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
    try:
        conn.putrequest("GET", target, skip_host=host is not None, skip_accept_encoding=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.putheader("Accept", accept)
        conn.endheaders()
        r = conn.getresponse()
        body = r.read().decode("utf-8")
        headers = {k.lower(): v for k, v in r.getheaders()}
        return Answer(r.status, headers.get("content-type", "").split(";")[0].strip(), body, headers)
    finally:
        conn.close()


def assert_one_sentence(answer: Answer, status: int) -> str:
    assert answer.status == status, (answer.status, answer.body[:300])
    text = answer.message.strip()
    assert "\n" not in text and "Traceback" not in text, text
    assert re.fullmatch(r"\S.*[.]", text), f"not one sentence: {text!r}"
    return text


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
@pytest.mark.parametrize("root", ROOTS)
@pytest.mark.parametrize("char", BAD_CHARS)
def test_paths_that_cannot_be_iris_are_400(web_url, root, char, accept):
    answer = send(web_url, f"{root}a{char}b", accept)
    text = assert_one_sentence(answer, 400)
    assert answer.media == ("text/html" if accept == "text/html" else "text/plain")
    assert text.startswith("This address cannot stand for an IRI: it contains ")
    assert "<script" not in answer.body  # nothing of the path is echoed unescaped


@pytest.mark.parametrize("target", [
    "/id/a%20b.ttl", "/id/a%7Fb.jsonld", "/ontology/a%22b.nt",  # an extension does not get past the check
    "/ontology/a%23b",  # a second '#' after the one /ontology/ stands for
    "/id/a%25zz",  # a '%' that starts no escape
    "/id/" + "a" * 4000 + "%7F",
])
def test_malformed_iris_are_400(web_url, target):
    assert_one_sentence(send(web_url, target), 400)
    assert_one_sentence(send(web_url, target, "text/html"), 400)


@pytest.mark.parametrize("target", ["/id/%ff", "/id/a%ffb", "/concept/%C3", "/ontology/a%ff.ttl"])
def test_paths_that_are_not_utf8_are_400(web_url, target):
    text = assert_one_sentence(send(web_url, target), 400)
    assert text == "The address is not UTF-8 once its %-escapes are decoded."


@pytest.mark.parametrize("target", [
    "/id/../queries", "/id/%2E%2E/queries", "/id/a/../../sparql", "/concept/./x", "/ontology/..",
    "/id/" + "a" * 8000,
    "/id/%E2%80%8B",  # a zero-width space is allowed in an IRI
])
def test_well_formed_iris_not_in_the_graph_are_404(web_url, target):
    assert_one_sentence(send(web_url, target), 404)
    assert_one_sentence(send(web_url, target, "text/html"), 404)


def test_escapes_are_decoded_once(web_url):
    # /id/a%2520b stands for …/id/a%20b (a valid IRI), not for …/id/a b
    text = assert_one_sentence(send(web_url, "/id/a%2520b"), 404)
    assert "https://w3id.org/ssvkg/id/a%20b" in text


@pytest.mark.parametrize("target", [
    "/queries/program-figures-by-year?program=http://x/a%7Fb",
    "/queries/program-figures-by-year.json?program=http://x/a%7Fb",
    "/queries/program-figures-by-year.csv?program=http://x/a%7Fb",
    "/queries/program-figures-by-year.csv?program=http://x/a%ffb",
    "/queries/program-figures-by-year.csv?program=http://x/a%25zz",
    "/queries/program-figures-by-year.csv?program=%ff",
    "/queries/program-graph.ttl?program=http://x/%3E%20%7D",
    "/resource?iri=http://x/a%7Fb",
    "/resource?iri=http://x/a%7Fb&format=turtle",
    "/resource?iri=http://x/a%ffb",
    "/resource?iri=http://x/%3Cscript%3E",
    "/resource?iri=",
    "/resource",
])
def test_parameters_that_are_not_iris_are_400(web_url, target):
    assert_one_sentence(send(web_url, target, "text/turtle"), 400)
    assert_one_sentence(send(web_url, target, "text/html"), 400)


@pytest.mark.parametrize("target", ["/no/such/page", "/ontology%22", "/queries/", "/static/../app.py",
                                    "/static/%2e%2e/app.py", "/queries/a%00b", "/queries/%ff"])
def test_other_unknown_addresses_are_404(web_url, target):
    assert_one_sentence(send(web_url, target), 404)
    assert_one_sentence(send(web_url, target, "text/html"), 404)


# -- the Host header ------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "/openapi.json", "/sparql", "/", "/figures", "/types", "/queries", "/queries/programs", "/id/program-rural-teachers",
    "/sparql?query=ASK%7B%7D&format=html", "/queries/", "/search?q=teachers", "/resource?iri=http://x/y",
])
def test_host_header_is_never_echoed(web_url, target):
    for accept in ("text/html", "application/json"):
        answer = send(web_url, target, accept, host=HOSTILE_HOST)
        assert answer.status < 500
        assert HOSTILE_HOST not in answer.body
        assert all(HOSTILE_HOST not in v for v in answer.headers.values())


def test_openapi_server_is_relative_without_base_url(web_url):
    doc = json.loads(send(web_url, "/openapi.json", "application/json", host=HOSTILE_HOST).body)
    assert doc["servers"] == [{"url": "/"}]


def test_sparql_page_shows_a_relative_endpoint(web_url):
    page = send(web_url, "/sparql", "text/html", host=HOSTILE_HOST).body
    assert "<code>/sparql</code>" in page
