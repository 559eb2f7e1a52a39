"""One remote SPARQL 1.1 store: its URLs (from a profile), credentials, and the requests we send it.

Queries and updates are SPARQL 1.1 Protocol requests: POST, form-encoded (so long queries fit),
sent through ssvkg.remote.http for its total deadline, retries, Digest/Basic credentials and
one-sentence errors. Not through SPARQLWrapper: its public query() sends with urllib's default
opener, which follows a redirect to another host with the Authorization header, and its Digest
support replaces urllib's process-wide opener (tests/remote/test_sparqlwrapper_public_api.py pins
both on the installed version); using only its request builder meant overriding private methods.
SPARQLWrapper stays what it is for: a client of `ssvkg serve`'s /sparql in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, urlencode, urlsplit

from ssvkg.results import QueryResult
from ssvkg.gate.sparql import check
from ssvkg.remote.auth import Credentials, credentials_for
from ssvkg.remote.errors import EndpointError
from ssvkg.remote.http import DEFAULT_TIMEOUT, Response, RetryPolicy, Transport, display_url, status_error
from ssvkg.remote.profiles import UNION_GRAPH, EndpointUrls, Profile, get_profile, guess_profile, resolve
from ssvkg.remote.results import parse_graph, parse_json


# What each kind of request asks for (SPARQL 1.1 Protocol, section 2.1: results and graph formats).
ACCEPT = {
    "results": "application/sparql-results+json, application/json;q=0.5",
    "graph": "text/turtle, application/n-triples;q=0.9",
    "update": "*/*",
}


def _form(field: str, text: str, graphs: Iterable[str] = ()) -> bytes:
    """The body of a form-encoded protocol request (query= or update=, default-graph-uri=…)."""
    return urlencode([(field, text)] + [("default-graph-uri", g) for g in graphs]).encode("utf-8")


class Endpoint:
    """A store reached over HTTP. Build with Endpoint.connect(url, profile=...)."""

    def __init__(self, urls: EndpointUrls, transport: Transport, default_graphs: Iterable[str] = ()):
        self.urls = urls
        self.transport = transport
        # The project's graph IRIs: the default graph of its queries (see query_graphs()).
        self.default_graphs = list(default_graphs)
        self._union_seen = False  # UNION_GRAPH found on the store (profile.union_graph)

    @property
    def profile(self) -> Profile:
        return self.urls.profile

    @classmethod
    def connect(cls, url: str, profile: str | None = None, update_url: str | None = None,
                graph_store: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                credentials: Credentials | None = None, retry: RetryPolicy | None = None,
                default_graphs: Iterable[str] = ()) -> Endpoint:
        """Resolve the URLs; with no profile, ask the server (its Server header) and the URL's shape."""
        host = urlsplit(url).hostname or ""
        transport = Transport(credentials if credentials is not None else credentials_for(host),
                              timeout=timeout, retry=retry)
        if profile and profile != "auto":
            prof = get_profile(profile)
        else:
            resolve(url, get_profile("generic"))  # validates the URL before any request
            prof = guess_profile(url, _server_header(transport, url))
        return cls(resolve(url, prof, update_url, graph_store), transport, default_graphs)

    def __repr__(self) -> str:
        return f"Endpoint({display_url(self.urls.query)}, profile={self.profile.name})"

    # -- queries ---------------------------------------------------------------
    def _query_url(self) -> str:
        if self.profile.union_param and not self.default_graphs:
            sep = "&" if "?" in self.urls.query else "?"
            return f"{self.urls.query}{sep}{self.profile.union_param}"
        return self.urls.query

    def query_graphs(self) -> list[str]:
        """The graphs named as the query's default graph (SPARQL protocol's default-graph-uri):
        the project's graphs one by one, so that other data in a shared store (and Virtuoso's
        system graphs, which its default graph includes) stays out of the named queries' answers;
        or, where the profile says the store plans that badly, the one graph holding their union."""
        if self.profile.union_graph and self.default_graphs:
            if not self._union_seen:
                self._union_seen = bool(self.select(f"SELECT ?s WHERE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} LIMIT 1"))
                if not self._union_seen:
                    raise EndpointError(
                        f"the store at {display_url(self.urls.query)} has no graph <{UNION_GRAPH}>, the union of "
                        f"the project's graphs that queries on {self.profile.title} use: run `ssvkg load` "
                        "(which writes it) with this version of ssvkg.")
            return [UNION_GRAPH]
        return self.default_graphs

    def query(self, text: str, namespaces: dict[str, str] | None = None) -> QueryResult:
        """A read-only query over the union of the graphs (parameters, if any, are already in
        the text: ssvkg.queries.binding)."""
        kind = check(text).kind
        graph = kind in ("CONSTRUCT", "DESCRIBE")
        resp = self._post(self._query_url(), _form("query", text, self.query_graphs()),
                          ACCEPT["graph" if graph else "results"], "query")
        return parse_graph(resp, namespaces or {}) if graph else parse_json(resp, namespaces or {}, ask=kind == "ASK")

    def select(self, text: str) -> list[dict]:
        """Rows of a SELECT over the store as it is (no union handling): for counts and checks."""
        return parse_json(self._post(self.urls.query, _form("query", text), ACCEPT["results"], "query"), {}).rows

    def update(self, text: str) -> None:
        if not self.urls.update:
            raise EndpointError(f"no SPARQL Update URL for {display_url(self.urls.query)}: "
                                "give --update-url or a --profile that has one.")
        self._post(self.urls.update, _form("update", text), ACCEPT["update"], "update")

    def _post(self, url: str, body: bytes, accept: str, what: str) -> Response:
        return self.transport.request("POST", url, body, {
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": accept}, what=what)

    # -- Graph Store Protocol -----------------------------------------------------
    def graph_url(self, graph: str) -> str:
        if not self.urls.store:
            raise EndpointError(f"no Graph Store URL for {display_url(self.urls.query)}: "
                                "give --graph-store URL or a --profile that has one.")
        sep = "&" if "?" in self.urls.store else "?"
        return f"{self.urls.store}{sep}{self.profile.graph_param}={quote(graph, safe='')}"

    def put_graph(self, graph: str, turtle: bytes, replace: bool = True, timeout: float | None = None) -> Response:
        """PUT replaces the graph, POST adds to it (Graph Store Protocol)."""
        return self.transport.request(
            "PUT" if replace else "POST", self.graph_url(graph), turtle,
            {"Content-Type": "text/turtle; charset=utf-8"}, timeout=timeout, what=f"upload of <{graph}>")

    def count_graphs(self, graphs: Iterable[str]) -> dict[str, int]:
        """Triples per graph on the server, for the given graph IRIs (absent graphs count 0)."""
        graphs = list(graphs)
        if not graphs:
            return {}
        values = " ".join(f"<{g}>" for g in graphs)
        rows = self.select(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g")
        counts = {g: 0 for g in graphs}
        for r in rows:
            if "g" in r and "n" in r:
                counts[str(r["g"])] = int(r["n"])
        return counts

    def count_distinct(self, graphs: Iterable[str]) -> int:
        """Distinct triples in the union of the given graphs, as the store counts them."""
        values = " ".join(f"<{g}>" for g in graphs)
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                           f"VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} }}")
        return int(rows[0]["n"]) if rows and "n" in rows[0] else 0


def _server_header(transport: Transport, url: str) -> str | None:
    """The Server header of whatever url answers to ASK {} (any status: a base URL may say 404)."""
    sep = "&" if "?" in url else "?"
    resp = transport.send_once("GET", f"{url}{sep}query=ASK%20%7B%7D",
                               {"Accept": "application/sparql-results+json"}, what="probe")
    if 300 <= resp.status < 400 or resp.status in (401, 403):
        raise status_error(resp, "probe", 0)
    return resp.header("Server")
