"""Loading the dataset's named graphs into a store over the Graph Store Protocol, safely.

Each graph goes to a staging graph first (PUT, which replaces any leftover from an
interrupted run), its triples are counted on the server and compared with the local
count, and only then is it moved into place with SPARQL Update (MOVE for --replace,
ADD for --append). So a failed or partial upload never empties or half-replaces a
graph that is already on the server: some stores (Virtuoso) empty the target graph
when a PUT of bad data fails. A re-run is idempotent and completes an interrupted load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..dataset import graph_iri, load_files
from ..errors import InputError
from ..project import Project
from .endpoint import Endpoint
from .errors import EndpointError, LoadError
from .http import display_url

STAGING_PREFIX = "urn:ssvkg:staging:"


def staging_iri(iri: str) -> str:
    return STAGING_PREFIX + iri


@dataclass
class GraphLoad:
    iri: str
    file: str
    local: int
    server: int | None = None  # triples on the server after the run (None: unknown)
    status: str = "pending"  # loaded | failed | not loaded | planned
    reason: str = ""


@dataclass
class LoadReport:
    endpoint: str
    profile: str
    replace: bool
    dry_run: bool
    graphs: list[GraphLoad] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(g.status == "loaded" for g in self.graphs)

    @property
    def loaded(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.status == "loaded"]

    @property
    def missing(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.status != "loaded"]


def select_graphs(project: Project, only: Iterable[str] = ()) -> list[tuple[str, Path]]:
    """(graph IRI, file) for every data file, or for those named by IRI or by path in only."""
    files = project.data_files()
    if not files:
        raise InputError(f"no Turtle files under ontology/ or graph/ in {project.root}.")
    pairs = [(str(graph_iri(project, f)), f) for f in files]
    only = list(only)
    if not only:
        return pairs
    chosen, unknown = [], []
    for item in only:
        hits = [(i, f) for i, f in pairs
                if item in (i, project.relative(f), str(f)) or Path(item).resolve() == f.resolve()]
        if not hits:
            unknown.append(item)
        chosen += [h for h in hits if h not in chosen]
    if unknown:
        raise InputError(f"no graph {', '.join(unknown)} in this project; give a graph IRI or a file "
                         "under ontology/ or graph/ (see `ssvkg stats`).")
    return chosen


def _ntriples(g: Graph) -> bytes:
    # N-Triples is a subset of Turtle: sent as text/turtle, every store reads it, and no
    # prefix or long-literal syntax of ours can trip a store's parser.
    return g.serialize(format="nt", encoding="utf-8")


def load(endpoint: Endpoint, project: Project, only: Iterable[str] = (), replace: bool = True,
         dry_run: bool = False, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Put the project's graphs into the store; raise LoadError (with the report) unless all are verified."""
    say = progress or (lambda _msg: None)
    chosen = select_graphs(project, only)
    ds = load_files(project, [f for _, f in chosen])
    report = LoadReport(display_url(endpoint.urls.store or endpoint.urls.query), endpoint.profile.name,
                        replace, dry_run)
    graphs: dict[str, Graph] = {}
    for iri, f in chosen:
        g = ds.graph(iri)
        graphs[iri] = g
        report.graphs.append(GraphLoad(iri, project.relative(f), len(g)))

    if dry_run:
        endpoint.graph_url(chosen[0][0])  # fails now if there is no Graph Store URL
        counts = endpoint.count_graphs(graphs)
        for item in report.graphs:
            item.server, item.status = counts.get(item.iri), "planned"
        return report

    failure: EndpointError | None = None
    for item in report.graphs:
        say(f"{item.file}: {item.local} triples -> <{item.iri}>")
        staging = staging_iri(item.iri)
        try:
            endpoint.put_graph(staging, _ntriples(graphs[item.iri]), replace=True)
            staged = endpoint.count_graphs([staging])[staging]
            if staged != item.local:
                raise EndpointError(f"the store holds {staged} of the {item.local} triples of {item.file} "
                                    "after the upload")
            if replace:
                endpoint.update(f"MOVE SILENT <{staging}> TO <{item.iri}>")
            else:
                endpoint.update(f"ADD SILENT <{staging}> TO <{item.iri}> ; DROP SILENT GRAPH <{staging}>")
            item.status = "loaded"
        except EndpointError as e:
            item.status, item.reason = "failed", str(e).rstrip(".")
            failure = e
            _drop_quietly(endpoint, staging)
            break  # the rest is not attempted: a re-run completes the load

    for item in report.graphs:
        if item.status == "pending":
            item.status, item.reason = "not loaded", "not attempted after the failure"
    try:
        counts = endpoint.count_graphs(graphs)
    except EndpointError as e:
        counts = {}
        failure = failure or e
    for item in report.graphs:
        item.server = counts.get(item.iri)
        if item.status == "loaded" and item.server is not None:
            ok = item.server == item.local if replace else item.server >= item.local
            if not ok:
                item.status, item.reason = "failed", f"the store counts {item.server} triples, expected {item.local}"
        elif item.status == "loaded":
            item.status, item.reason = "failed", "could not count its triples on the store"

    if not report.complete:
        bad = report.missing
        if not report.loaded and failure is not None:
            raise LoadError(str(failure).rstrip(".") + "; nothing was loaded.", report)
        raise LoadError(
            f"the load into {report.endpoint} is incomplete: {len(report.loaded)} of {len(report.graphs)} "
            f"graphs are on the store, {len(bad)} are not ({bad[0].file}: {bad[0].reason}); "
            "run the same command again to complete it.", report)
    return report


def _drop_quietly(endpoint: Endpoint, graph: str) -> None:
    try:
        endpoint.update(f"DROP SILENT GRAPH <{graph}>")
    except EndpointError:
        pass  # the next run's PUT replaces a leftover staging graph anyway
