"""Loading the dataset's named graphs into a store over the Graph Store Protocol, safely.

Each graph goes to a staging graph first (PUT, which replaces any leftover from an
interrupted run), its triples are counted on the server and compared with the local
count, and only then is it moved into place with SPARQL Update (MOVE for --replace,
ADD for --append). So a failed or partial upload never empties or half-replaces a
graph that is already on the server: some stores (Virtuoso) empty the target graph
when a PUT of bad data fails. A re-run is idempotent and completes an interrupted load.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ssvkg.store.dataset import graph_iri, load_files
from ssvkg.errors import InputError
from ssvkg.project import Project
from ssvkg.remote.endpoint import Endpoint
from ssvkg.remote.errors import EndpointError, LoadError, LoadInterrupted
from ssvkg.remote.http import display_url
from ssvkg.remote.profiles import UNION_GRAPH

STAGING_PREFIX = "urn:ssvkg:staging:"


def staging_iri(iri: str) -> str:
    return STAGING_PREFIX + iri


@dataclass
class GraphLoad:
    iri: str
    file: str
    local: int
    server: int | None = None  # triples on the server after the run (None: not counted)
    # loaded (moved into place and counted), replaced / added (moved, not verified), unknown
    # (stopped during its move), not touched (the graph on the store is as it was), planned
    status: str = "pending"
    reason: str = ""  # why not touched or unknown; for replaced / added, why not verified

    @property
    def moved(self) -> bool:
        """Our triples are in the graph: its MOVE (or ADD) went through."""
        return self.status in ("loaded", "replaced", "added")


@dataclass
class LoadReport:
    endpoint: str
    profile: str
    replace: bool
    dry_run: bool
    graphs: list[GraphLoad] = field(default_factory=list)
    # UNION_GRAPH, for profiles with union_graph: local = the distinct triples of the project's
    # graphs as the store counts them, server = the union graph's triples; None for other stores.
    union: GraphLoad | None = None

    @property
    def verb(self) -> str:
        return "replaced" if self.replace else "added"

    @property
    def complete(self) -> bool:
        return all(g.status == "loaded" for g in self.graphs) and (self.union is None or self.union.status == "loaded")

    @property
    def loaded(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.status == "loaded"]

    @property
    def moved(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.moved]

    @property
    def unknown(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.status == "unknown"]

    @property
    def untouched(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.status == "not touched"]

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


# An xsd:integer object at the end of an N-Triples line: `> "42"^^<…#integer> .` (a string's
# inner quotes are escaped in N-Triples, so `> "` can only open the object literal).
_TYPED_INTEGER = re.compile(rb'> "([+-]?[0-9]+)"\^\^<http://www\.w3\.org/2001/XMLSchema#integer> \.$', re.M)


def _ntriples(g: Graph) -> bytes:
    """N-Triples, with integers in Turtle's short form (42, the same RDF term as "42"^^xsd:integer).

    N-Triples is a subset of Turtle: sent as text/turtle, every store reads it, and no prefix or
    long-literal syntax of ours can trip a store's parser. The short form for integers because
    Virtuoso 7.2's Turtle loader stores a typed "3300000000"^^xsd:integer beyond 32 bits as an
    xsd:decimal, and the short form 3300000000 as the integer it is."""
    return _TYPED_INTEGER.sub(rb"> \1 .", g.serialize(format="nt", encoding="utf-8"))


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

    interrupted = False
    try:
        for item in report.graphs:
            say(f"{item.file}: {item.local} triples -> <{item.iri}>")
            if not _put_in_place(endpoint, item, graphs[item.iri], report.verb):
                break  # the rest is not attempted: a re-run completes the load
    except KeyboardInterrupt:
        # Ctrl-C: no more requests (the store may be what hangs); the next PUT replaces a staging graph.
        interrupted = True
    after = "the interruption" if interrupted else "the failure"  # what stopped the loop early
    counts: dict[str, int] = {}
    count_error = None
    if not interrupted:
        try:
            counts = endpoint.count_graphs(graphs)
        except KeyboardInterrupt:
            interrupted = True
        except EndpointError as e:
            count_error = f"could not count the triples on the store: {str(e).rstrip('.')}"

    for item in report.graphs:
        item.server = counts.get(item.iri)
        if item.status == "moving":  # Ctrl-C while the MOVE was on its way or being done
            item.status, item.reason = "unknown", "interrupted during its move"
        elif item.status == "uploading":
            item.status, item.reason = "not touched", "interrupted before its move"
        elif item.status == "pending":
            item.status, item.reason = "not touched", f"not attempted after {after}"
        elif not item.moved:
            pass
        elif item.server is None:
            item.reason = count_error or ""  # after Ctrl-C: counted in staging, not again
        elif (item.server == item.local) if replace else (item.server >= item.local):
            item.status = "loaded"
        else:
            item.reason = f"the store counts {item.server} triples, expected {item.local}"

    if endpoint.profile.union_graph:
        report.union = GraphLoad(UNION_GRAPH, "(union of the graphs)", 0)
        if interrupted:
            report.union.status, report.union.reason = "not touched", "not rebuilt after the interruption"
        else:
            try:
                _write_union(endpoint, [iri for iri, _ in select_graphs(project)], report.union)
            except KeyboardInterrupt:
                interrupted = True
                report.union.status, report.union.reason = "unknown", "interrupted while it was rebuilt"

    if interrupted:
        raise LoadInterrupted(_summary(report, interrupted=True), report)
    if not report.complete:
        raise LoadError(_summary(report), report)
    return report


def _put_in_place(endpoint: Endpoint, item: GraphLoad, graph: Graph, verb: str) -> bool:
    """Stage, count and move one graph; on a store failure set why and return False.

    item.status says how far it got (uploading, then moving) should Ctrl-C stop it."""
    staging = staging_iri(item.iri)
    item.status = "uploading"
    try:
        endpoint.put_graph(staging, _ntriples(graph), replace=True)
        staged = endpoint.count_graphs([staging])[staging]
        if staged != item.local:
            raise EndpointError(f"the store holds {staged} of the {item.local} triples of {item.file} "
                                "after the upload")
        item.status = "moving"  # from here on the graph may be replaced, whatever we hear back
        if verb == "replaced":
            endpoint.update(f"MOVE SILENT <{staging}> TO <{item.iri}>")
        else:
            endpoint.update(f"ADD SILENT <{staging}> TO <{item.iri}> ; DROP SILENT GRAPH <{staging}>")
        item.status = verb
        return True
    except EndpointError as e:
        # A 4xx is the store refusing the update; a 5xx or a broken or timed-out exchange may
        # come after the store did it, or while it still does it (so its staging graph stays).
        if item.status == "moving" and not (e.status and 400 <= e.status < 500):
            item.status, item.reason = "unknown", f"its move failed: {str(e).rstrip('.')}"
        else:
            item.status, item.reason = "not touched", str(e).rstrip(".")
            _drop_quietly(endpoint, staging)
        return False


def _write_union(endpoint: Endpoint, graphs: list[str], item: GraphLoad) -> None:
    """Rebuild UNION_GRAPH from the project's graphs as they are on the store (also after a failed
    load, so that queries see what the graphs hold), in one update: built in a staging graph and
    moved into place, so that queries never see it half-built; then count it against the
    distinct triples of the graphs. Sets item's status and reason."""
    staging = staging_iri(UNION_GRAPH)
    adds = " ; ".join(f"ADD SILENT <{g}> TO <{staging}>" for g in graphs)
    item.status = "moving"
    try:
        endpoint.update(f"DROP SILENT GRAPH <{staging}> ; {adds} ; MOVE SILENT <{staging}> TO <{UNION_GRAPH}>")
        item.status = "replaced"
        item.local = endpoint.count_distinct(graphs)
        item.server = endpoint.count_graphs([UNION_GRAPH])[UNION_GRAPH]
    except EndpointError as e:
        why = str(e).rstrip(".")
        if item.status != "moving":
            item.reason = f"could not count the union graph: {why}"
        elif e.status and 400 <= e.status < 500:  # the store refused the update: nothing changed
            item.status, item.reason = "not touched", f"the union graph was not rebuilt: {why}"
        else:  # it may have been done, or be under way
            item.status, item.reason = "unknown", f"the union graph may or may not be rebuilt: {why}"
        return
    if item.server == item.local:
        item.status = "loaded"
    else:
        item.reason = f"the union graph holds {item.server} triples, the graphs {item.local} distinct ones"


def _summary(report: LoadReport, interrupted: bool = False) -> str:
    """One sentence: which graphs were replaced, which may or may not be, which were not touched."""
    where = f"the load into {report.endpoint}"
    moved, unknown, untouched = report.moved, report.unknown, report.untouched
    # The first graph not touched is where the load stopped, unless it stopped during a move.
    stopped = untouched[0] if untouched and not untouched[0].reason.startswith("not attempted") else None
    if not moved and not unknown:
        if interrupted:
            return f"{where} was interrupted before any graph was {report.verb}; run the same command again to load them."
        return f"{stopped.reason if stopped else where + ' failed'}; nothing was loaded."
    parts = [f"{len(moved)} of {len(report.graphs)} graphs were {report.verb}"]
    unverified = [g for g in moved if g.reason]
    if unverified:
        why = {g.reason for g in unverified}
        parts[0] += (f" ({len(unverified)} not verified: {why.pop()})" if len(why) == 1 else
                     f" ({len(unverified)} not verified, {unverified[0].file}: {unverified[0].reason})")
    parts += [f"{g.file} may or may not be ({g.reason})" for g in unknown]
    if untouched:
        parts.append(f"{len(untouched)} {'was' if len(untouched) == 1 else 'were'} not touched"
                     + (f" ({stopped.file}: {stopped.reason})" if stopped else ""))
    if report.union is not None and report.union.status != "loaded":
        parts.append(f"<{report.union.iri}>: {report.union.reason}")
    head = f"{where} was interrupted" if interrupted else f"{where} is incomplete"
    return f"{head}: {', '.join(parts)}; run the same command again to complete it."


def _drop_quietly(endpoint: Endpoint, graph: str) -> None:
    try:
        endpoint.update(f"DROP SILENT GRAPH <{graph}>")
    except EndpointError:
        pass  # the next run's PUT replaces a leftover staging graph anyway
