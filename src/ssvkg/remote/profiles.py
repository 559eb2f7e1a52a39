"""Endpoint profiles: where a store keeps its query, update and Graph Store URLs.

A profile turns the URL the user gives (the server's base or its query URL) into
the three URLs, and says whether the store's default graph is the union of the
named graphs (the named queries are written against that union, without GRAPH).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from ssvkg.errors import InputError

# One graph holding the union of the project's graphs, for stores that plan a query over many
# default graphs badly (profile.union_graph): `ssvkg load` rebuilds it, queries name it alone.
UNION_GRAPH = "urn:ssvkg:union"


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    query: str  # path appended to the base
    update: str | None
    store: str | None  # Graph Store Protocol path
    graph_param: str = "graph"  # ?graph=IRI (Virtuoso's crud endpoint also takes graph-uri)
    union_default: bool = True  # is the default graph the union of all graphs?
    # Query-string parameter that asks for the union (Oxigraph), used when union_default is False.
    union_param: str | None = None
    # The store's cost estimate grows with each default-graph-uri (Virtuoso 7.2: 23 of them push
    # figure-provenance past MaxQueryCostEstimationTime): load also writes UNION_GRAPH, and
    # queries name that one graph as their default graph (BENCHMARKS.md, "Virtuoso").
    union_graph: bool = False
    tested: bool = False  # tested against a real server by this project's test suite
    hint: str = ""  # what the user must know, shown in the README

    def strip(self, path: str) -> str:
        """The base path from a query URL's path: /ds/sparql -> /ds, /query -> ''."""
        path = path.rstrip("/")
        for suffix in {self.query.rstrip("/"), "/sparql", "/query"}:
            if suffix and path.endswith(suffix):
                return path[: -len(suffix)]
        return path


PROFILES: dict[str, Profile] = {p.name: p for p in (
    Profile("oxigraph", "Oxigraph server", "/query", "/update", "/store",
            union_default=False, union_param="union-default-graph", tested=True,
            hint="ssvkg adds Oxigraph's union-default-graph parameter to every query; start the server "
                 "with --union-default-graph so that other clients see the union too."),
    Profile("virtuoso", "OpenLink Virtuoso", "/sparql", "/sparql-auth", "/sparql-graph-crud-auth",
            union_graph=True, tested=True,
            hint="writes need a user with SPARQL_UPDATE (Digest auth); ssvkg load also writes the union "
                 f"of the graphs into <{UNION_GRAPH}>, which queries use as their default graph; results "
                 "are capped by [SPARQL] ResultSetMaxRows, which ssvkg detects and reports."),
    Profile("fuseki", "Apache Jena Fuseki", "/sparql", "/update", "/data", union_default=False,
            hint="give the dataset URL (http://host:3030/DATASET); the dataset needs "
                 "tdb2:unionDefaultGraph true (else ssvkg names every graph with default-graph-uri)."),
    Profile("graphdb", "Ontotext GraphDB", "", "/statements", "/rdf-graphs/service",
            hint="give the repository URL (http://host:7200/repositories/ID)."),
    Profile("stardog", "Stardog", "/query", "/update", "", union_default=False,
            hint="give the database URL (http://host:5820/DB); set query.all.graphs=true on the "
                 "database (else ssvkg names every graph with default-graph-uri)."),
    Profile("neptune", "Amazon Neptune", "/sparql", "/sparql", "/sparql/gsp/",
            hint="give the cluster URL (https://CLUSTER:8182); IAM-authenticated clusters need a "
                 "signing proxy in front."),
    Profile("qlever", "QLever", "", "", "", hint="updates need QLever's access token: set SSVKG_ENDPOINT_TOKEN."),
    Profile("generic", "Any SPARQL 1.1 store", "", None, None, union_default=False,
            hint="the URL is the query endpoint; give --update-url and --graph-store for loads."),
)}


@dataclass(frozen=True)
class EndpointUrls:
    profile: Profile
    query: str
    update: str | None
    store: str | None


def _join(base, path: str) -> str:
    scheme, netloc, base_path, _, _ = base
    return urlunsplit((scheme, netloc, base_path.rstrip("/") + path, "", ""))


def guess_profile(url: str, server_header: str | None = None) -> Profile:
    """A profile from the Server header, then from the URL's shape; generic when unsure."""
    server = (server_header or "").lower()
    for key, name in (("oxigraph", "oxigraph"), ("virtuoso", "virtuoso"), ("fuseki", "fuseki"),
                      ("graphdb", "graphdb"), ("stardog", "stardog"), ("qlever", "qlever")):
        if key in server:
            return PROFILES[name]
    p = urlsplit(url)
    path = p.path.rstrip("/")
    if "/repositories/" in path:
        return PROFILES["graphdb"]
    if (p.hostname or "").endswith(".neptune.amazonaws.com") or p.port == 8182:
        return PROFILES["neptune"]
    if p.port == 8890:
        return PROFILES["virtuoso"]
    if p.port == 7878:
        return PROFILES["oxigraph"]
    if p.port == 3030:
        return PROFILES["fuseki"]
    if p.port == 5820:
        return PROFILES["stardog"]
    return PROFILES["generic"]


def resolve(url: str, profile: Profile, update: str | None = None, store: str | None = None) -> EndpointUrls:
    """The query, update and Graph Store URLs for url under profile; explicit ones win."""
    p = urlsplit(url)
    if p.scheme not in ("http", "https") or not p.hostname:
        raise InputError(f"--endpoint must be an http:// or https:// URL, got {url!r}.")
    if p.username or p.password:
        raise InputError("--endpoint must not contain a user name or password: put them in "
                         "SSVKG_ENDPOINT_USER/SSVKG_ENDPOINT_PASSWORD or ~/.netrc.")
    if profile.name == "generic":
        return EndpointUrls(profile, urlunsplit((p.scheme, p.netloc, p.path, p.query, "")), update, store)
    base = (p.scheme, p.netloc, profile.strip(p.path), "", "")
    return EndpointUrls(
        profile,
        _join(base, profile.query),
        update or (_join(base, profile.update) if profile.update is not None else None),
        store or (_join(base, profile.store) if profile.store is not None else None),
    )


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise InputError(f"unknown endpoint profile {name!r}; use one of: {', '.join(PROFILES)}.") from None
