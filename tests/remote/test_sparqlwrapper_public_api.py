"""Why ssvkg's remote queries do not go out through SPARQLWrapper.query() (issue 14, part B).

SPARQLWrapper 2.0.0's public API sends with urllib's process-wide default opener, which follows
a 301/302/303 answer to a POST by sending a GET, with the same Authorization header, to wherever
the Location says; ssvkg reports redirects and never sends credentials elsewhere
(test_faults.py::test_redirect_is_reported_not_followed). Its Digest support (setHTTPAuth(DIGEST))
replaces that process-wide opener (urllib.request.install_opener). This test pins the first fact
on the installed version: when it fails, SPARQLWrapper no longer forwards credentials on a
redirect and its query() can be reconsidered for ssvkg.remote.endpoint.
"""

from __future__ import annotations

import json

from SPARQLWrapper import JSON, POST, SPARQLWrapper

from . import faults


def test_sparqlwrapper_query_follows_a_redirect_with_the_credentials():
    rows = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": []}}).encode()
    elsewhere, store = faults.start(), faults.start()
    try:
        elsewhere.queue(faults.json_results(rows))
        store.queue(faults.redirect(elsewhere.url + "/other", 301))
        w = SPARQLWrapper(store.url + "/sparql")
        w.setMethod(POST)
        w.setReturnFormat(JSON)
        w.addCustomHttpHeader("Authorization", "Bearer not-for-elsewhere")
        w.setQuery("SELECT ?x WHERE { ?s ?p ?x }")
        result = w.query()
        assert result.geturl() == elsewhere.url + "/other"
        assert [(m, h.get("Authorization")) for m, _, h in elsewhere.requests] == [("GET", "Bearer not-for-elsewhere")]
    finally:
        for server in (elsewhere, store):
            server.shutdown()
            server.server_close()
