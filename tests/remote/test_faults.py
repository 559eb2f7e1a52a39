"""Faults lose nothing and hide nothing: each one a clear error (exit 4), retries only where they help."""

from __future__ import annotations

import json
import socket
import time

import pytest

from . import faults
from ssvkg.remote import Endpoint, EndpointError, TruncatedResultError
from ssvkg.remote.auth import Credentials
from ssvkg.remote.http import RetryPolicy

ROWS = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
    {"x": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}]}}).encode()
Q = "SELECT ?x WHERE { ?s ?p ?x }"


def connect(server, retry=None, timeout=5.0, credentials=None, **kw) -> Endpoint:
    return Endpoint.connect(server.url + "/sparql", profile="generic", timeout=timeout,
                            retry=retry or RetryPolicy(retries=2, backoff=0.01), credentials=credentials or Credentials(), **kw)


def test_connection_refused():
    # A port bound but not listening refuses connections, and no parallel test worker can take it meanwhile.
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        port = bound.getsockname()[1]
        with pytest.raises(EndpointError, match="connection refused") as e:
            Endpoint.connect(f"http://127.0.0.1:{port}/sparql", profile="generic").query(Q)
    assert e.value.exit_code == 4


def test_total_deadline_beats_a_dripping_server(fault_server):
    # The drip lasts 60 s; the client gives up long before it ends (a deadline checked only
    # once the answer is complete would say the same sentence, a minute later).
    fault_server.queue(faults.drip(seconds=60, every=0.2))
    start = time.monotonic()
    with pytest.raises(EndpointError, match="did not complete within 1 s"):
        connect(fault_server, timeout=1.0).query(Q)
    assert time.monotonic() - start < 30


def test_stall_before_headers_times_out(fault_server):
    fault_server.queue(faults.stall(3))
    with pytest.raises(EndpointError, match="did not complete"):
        connect(fault_server, timeout=0.5).query(Q)


def test_429_then_success_honours_retry_after(fault_server):
    fault_server.queue(faults.status(429, b"slow down", {"Retry-After": "1"}), faults.json_results(ROWS))
    start = time.monotonic()
    result = connect(fault_server).query(Q)
    assert [str(r["x"]) for r in result.rows] == ["1"]
    assert time.monotonic() - start >= 0.9
    assert len(fault_server.requests) == 2


def test_503_retried_a_bounded_number_of_times(fault_server):
    fault_server.default = faults.status(503, b"maintenance")
    with pytest.raises(EndpointError, match=r"busy \(HTTP 503\) and still was after 2 retries"):
        connect(fault_server).query(Q)
    assert len(fault_server.requests) == 3


def test_retry_after_too_long_is_not_waited_for(fault_server):
    fault_server.queue(faults.status(503, b"", {"Retry-After": "3600"}))
    start = time.monotonic()
    with pytest.raises(EndpointError, match="HTTP 503"):
        connect(fault_server).query(Q)
    assert time.monotonic() - start < 60 and len(fault_server.requests) == 1  # not the hour it asked for


@pytest.mark.parametrize("code,kind", [(500, "server error"), (502, "server error"), (400, "client error"),
                                       (404, "client error")])
def test_other_errors_are_not_retried(fault_server, code, kind):
    fault_server.default = faults.status(code, b"Virtuoso 37000 Error SP030: syntax error")
    with pytest.raises(EndpointError, match=f"HTTP {code} \\({kind}\\): Virtuoso 37000"):
        connect(fault_server).query(Q)
    assert len(fault_server.requests) == 1


def test_html_page_instead_of_results(fault_server):
    fault_server.queue(faults.html_page())
    with pytest.raises(EndpointError, match="HTML page instead of SPARQL JSON results"):
        connect(fault_server).query(Q)


def test_cut_off_body(fault_server):
    fault_server.queue(faults.cut_off(ROWS))
    with pytest.raises(EndpointError, match="cut off"):
        connect(fault_server).query(Q)


def test_cut_off_without_length_is_not_json(fault_server):
    fault_server.queue(faults.json_results(ROWS[: len(ROWS) // 2]))
    with pytest.raises(EndpointError, match="not valid SPARQL JSON results"):
        connect(fault_server).query(Q)


def test_redirect_is_reported_not_followed(fault_server):
    fault_server.queue(faults.redirect("https://elsewhere.example/sparql?x=1"))
    with pytest.raises(EndpointError, match="redirects \\(HTTP 301\\) to https://elsewhere.example/sparql"):
        connect(fault_server).query(Q)
    assert len(fault_server.requests) == 1


def test_capped_result_is_an_error(fault_server):
    fault_server.queue(faults.json_results(ROWS, {"X-SPARQL-MaxRows": "1"}))
    with pytest.raises(TruncatedResultError, match="cut the result at 1 rows"):
        connect(fault_server).query(Q)


def test_typed_literal_and_nodeid_are_normalized(fault_server):
    boolean = "http://www.w3.org/2001/XMLSchema#boolean"
    body = json.dumps({"head": {"vars": ["b", "s", "n", "t", "f", "i"]}, "results": {"bindings": [{
        "b": {"type": "uri", "value": "nodeID://b10001"},
        "s": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#string", "value": "x"},
        "n": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#decimal", "value": "3000.50"},
        # Virtuoso's stored booleans; its computed ones are integers, which stay integers
        "t": {"type": "typed-literal", "datatype": boolean, "value": "1"},
        "f": {"type": "typed-literal", "datatype": boolean, "value": "0"},
        "i": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}]}})
    fault_server.queue(faults.json_results(body.encode()))
    from rdflib import XSD, BNode, Literal

    row = connect(fault_server).query("SELECT ?b ?s ?n ?t ?f ?i WHERE { ?b ?s ?n }").rows[0]
    assert isinstance(row["b"], BNode)
    assert row["s"] == Literal("x")
    assert row["n"].datatype == XSD.decimal and row["n"].eq(Literal("3000.5", datatype=XSD.decimal))
    assert (str(row["t"]), row["t"].datatype) == ("true", XSD.boolean)
    assert (str(row["f"]), row["f"].datatype) == ("false", XSD.boolean)
    assert (str(row["i"]), row["i"].datatype) == ("1", XSD.integer)


def test_401_says_so_and_never_shows_the_secret(fault_server, monkeypatch, cli, mini_root):
    fault_server.default = faults.status(401, b"", {"WWW-Authenticate": 'Basic realm="x"'})
    monkeypatch.setenv("SSVKG_ENDPOINT_USER", "alice")
    monkeypatch.setenv("SSVKG_ENDPOINT_PASSWORD", "s3cret-Pa55")
    result = cli("--root", mini_root, "sparql", "ASK { ?s ?p ?o }", "--endpoint", fault_server.url + "/sparql",
                 "--profile", "generic")
    assert result.exit_code == 4
    assert "HTTP 401" in result.output and "credentials were not accepted" in result.output
    assert "s3cret" not in result.output
    # Basic was sent only once asked for, and then once.
    auths = [h.get("Authorization", "") for _, _, h in fault_server.requests]
    assert auths[0] == "" and auths[1].startswith("Basic ")


def test_bearer_token_from_the_environment(fault_server, monkeypatch):
    monkeypatch.setenv("SSVKG_ENDPOINT_TOKEN", "tok-123")
    fault_server.queue(faults.json_results(ROWS))
    Endpoint.connect(fault_server.url + "/sparql", profile="generic").query(Q)
    assert fault_server.requests[0][2]["Authorization"] == "Bearer tok-123"


def test_netrc_credentials(fault_server, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login bob password pw-from-netrc\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("SSVKG_NETRC", str(netrc))
    fault_server.queue(faults.status(401, b"", {"WWW-Authenticate": 'Basic realm="x"'}), faults.json_results(ROWS))
    Endpoint.connect(fault_server.url + "/sparql", profile="generic").query(Q)
    import base64

    assert fault_server.requests[1][2]["Authorization"] == "Basic " + base64.b64encode(b"bob:pw-from-netrc").decode()


def test_post_user_agent_and_long_query(fault_server):
    fault_server.queue(faults.json_results(ROWS))
    # Longer than the 8 KB a URL may have on many servers (a GET would fail there). Each FILTER
    # costs rdflib's parser in ssvkg's gate some milliseconds: 500 of them, not thousands.
    long_query = "SELECT ?x WHERE { ?s ?p ?x " + " ".join(f'FILTER(?x != "{i:05d}")' for i in range(500)) + " }"
    assert len(long_query) > 10_000
    connect(fault_server).query(long_query)
    method, _path, headers = fault_server.requests[0]
    assert method == "POST" and headers["User-Agent"].startswith("ssvkg/")


def test_credentials_in_the_url_are_refused():
    from ssvkg.errors import InputError

    with pytest.raises(InputError, match="must not contain a user name or password"):
        Endpoint.connect("http://u:p@127.0.0.1:1/sparql", profile="generic")
