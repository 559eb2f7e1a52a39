"""Loading Turtle files into an rdflib Dataset, one named graph per file."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import NamespaceManager

from ssvkg.errors import InputError
from ssvkg.project import Project

GRAPH_BASE = "https://w3id.org/ssvkg/graph/"
# Files under graph/ are named by their path inside graph/, all others by their path from the
# project root; so a folder graph/ontology/ (or graph/shapes/) would give the names of ontology/.
RESERVED_IN_GRAPH = ("ontology", "shapes")


def graph_iri(project: Project, path: Path) -> URIRef:
    """The named graph of a file: GRAPH_BASE + its path without .ttl, from graph/ for files under
    graph/ and from the project root for the others.

    graph/programs.ttl -> https://w3id.org/ssvkg/graph/programs
    graph/curated/x.ttl -> https://w3id.org/ssvkg/graph/curated/x
    ontology/core.ttl -> https://w3id.org/ssvkg/graph/ontology/core
    """
    rel = project.relative(path)
    if rel.startswith("graph/"):
        rel = rel[len("graph/"):]
        if rel.split("/", 1)[0] in RESERVED_IN_GRAPH:
            raise InputError(f"graph/{rel}: a folder graph/{rel.split('/', 1)[0]}/ would share its graph "
                             f"IRIs with {rel.split('/', 1)[0]}/; move the file to another folder.")
    return URIRef(GRAPH_BASE + (rel[:-4] if rel.endswith(".ttl") else rel))


def parse_turtle(graph: Graph, path: Path, shown_as: str) -> None:
    """Parse one Turtle file into graph, turning parser errors into InputError with the line."""
    try:
        graph.parse(path, format="turtle")
    except OSError as e:
        raise InputError(f"{shown_as}: cannot read ({e.strerror or e}).") from None
    except Exception as e:  # rdflib raises BadSyntax and assorted ValueErrors
        raise InputError(f"{shown_as}{_where(e)}: {_reason(e)}.") from None


def _where(e: Exception) -> str:
    line = getattr(e, "lines", None)  # BadSyntax counts lines from 0
    if isinstance(line, int):
        return f" line {line + 1}"
    m = re.search(r"line[: ]+(\d+)", str(e))
    return f" line {m.group(1)}" if m else ""


def _reason(e: Exception) -> str:
    why = getattr(e, "_why", None)
    if why is None:
        m = re.search(r"Bad syntax \((.*?)\) at \^", str(e), re.S)
        why = m.group(1) if m else (str(e).splitlines() or [type(e).__name__])[0]
    return str(why).strip().rstrip(".")


def new_dataset() -> Dataset:
    # "core" keeps the prefix table to what the data declares (plus rdf/rdfs/owl/xsd),
    # so result tables compact IRIs with the project's own prefixes.
    ds = Dataset(default_union=True)
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="core")
    return ds


def load_files(project: Project, files: Iterable[Path]) -> Dataset:
    ds = new_dataset()
    for path in files:
        parse_turtle(ds.graph(graph_iri(project, path)), path, project.relative(path))
    return ds


def load(root: str | os.PathLike | Project | None = None) -> Dataset:
    """All of ontology/ and graph/ as a Dataset; queries without GRAPH see the union."""
    project = Project.find(root)
    files = project.data_files()
    if not files:
        raise InputError(f"no Turtle files under ontology/ or graph/ in {project.root}.")
    return load_files(project, files)


def graphs_of(ds: Dataset):
    """The named graphs (Dataset.graphs on rdflib >= 7.1, contexts before)."""
    return ds.graphs() if hasattr(ds, "graphs") else ds.contexts()


def merged_graph(ds: Dataset) -> Graph:
    """All named graphs as one plain Graph, keeping prefix bindings."""
    g = Graph(bind_namespaces="core")
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=False)
    for ctx in graphs_of(ds):
        g += ctx
    return g
